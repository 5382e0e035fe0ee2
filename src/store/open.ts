import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { CoreConfig } from '../shared/config';
import { log } from '../shared/log';
import { ensureLocalStore, LOCAL_DYNAMODB_SETTINGS, localStoreDataDir } from './embedded';
import { Store } from './store';
import { ensureTable } from './table';

/** The table the embedded local store uses. */
export const LOCAL_TABLE = 'ecr-check';

/**
 * Opens the store. With `DYNAMODB_TABLE` (config `table`) it uses that table as it is, through the
 * default credential chain (and `AWS_ENDPOINT_URL_DYNAMODB` when set). Without it, it starts or
 * joins the embedded DynamoDB Local of `dataDir` (default `localStoreDataDir()`: `ECR_CHECK_DATA_DIR`,
 * else `.ecr-check/dynamodb` in ecr-check's folder, whatever the current directory) and creates
 * the table if it is missing.
 */
export async function openStore(
  config: Pick<CoreConfig, 'table'>,
  options: { dataDir?: string; clock?: () => Date } = {},
): Promise<Store> {
  if (config.table) {
    return new Store({
      client: new DynamoDBClient({ maxAttempts: 5 }),
      table: config.table,
      clock: options.clock,
    });
  }

  const dataDir = options.dataDir ?? localStoreDataDir();
  const local = await ensureLocalStore({ dataDir });
  log.debug('using the local store', { endpoint: local.endpoint, dataDir });
  return openStoreAt(local.endpoint, LOCAL_TABLE, options);
}

/** Opens (creating if missing) a table on a DynamoDB Local endpoint; used by tests and the demo. */
export async function openStoreAt(
  endpoint: string,
  table: string,
  options: { clock?: () => Date } = {},
): Promise<Store> {
  const client = new DynamoDBClient({ ...LOCAL_DYNAMODB_SETTINGS, endpoint, maxAttempts: 3 });
  await ensureTable(client, table);
  return new Store({ client, table, clock: options.clock });
}
