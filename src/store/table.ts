import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { mapDynamoError } from './dynamo-errors';

/**
 * The one table of ecr-check (on-demand, single-table design). Every item has `pk`, `sk` and a
 * `type`; two sparse global secondary indexes serve the lists; `expiresAt` (epoch seconds) is the
 * TTL attribute, set only on Slack message references.
 *
 * | item              | pk                | sk        | gsi1pk / gsi1sk (history)                   | gsi2pk / gsi2sk (lists)                  |
 * |-------------------|-------------------|-----------|---------------------------------------------|------------------------------------------|
 * | finding           | `FINDING#<id>`    | `FINDING` | `REPO#<name>` / `<region>#<firstSeen>#…`    | `STATUS#<status>` / `<registry>#<region>#<repo>#<id>` |
 * | Slack message ref | `FINDING#<id>`    | `SLACK`   | –                                           | –                                        |
 * | remediation req.  | `REQUEST#<id>`    | `REQUEST` | `REPO#<name>` / `<region>#<requestedAt>#…`  | while applying or reverting: `REQUESTS#IN-FLIGHT` / `<id>` |
 * | backup            | `REQUEST#<id>`    | `BACKUP`  | `REPO#<name>` / `<region>#<createdAt>#…`    | –                                        |
 * | audit event       | `AUDIT#<id>`      | `AUDIT`   | `REPO#<name>` / `<region>#<at>#…`           | –                                        |
 * | marker            | `MARKER#<name>`   | `MARKER`  | –                                           | –                                        |
 *
 * Access patterns: a finding, request or backup by id (GetItem); open findings and accepted risks
 * (gsi2 by status); requests a crash may have stopped (gsi2, in flight); everything about a repository, optionally in one region (gsi1, `begins_with`
 * region); the message ref of a finding (GetItem). Registry-policy items use `REGISTRY#<registryId>`
 * as their gsi1pk. Audit events are never updated or deleted.
 */
export const TABLE_INDEXES = { history: 'gsi1', lists: 'gsi2' } as const;

/** Creates the table (and turns on TTL) unless it exists; waits until it is active. */
export async function ensureTable(client: DynamoDBClient, table: string): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: table }));
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw mapDynamoError(error, table);
  }

  try {
    await client.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'].map((name) => ({
          AttributeName: name,
          AttributeType: 'S',
        })),
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [1, 2].map((n) => ({
          IndexName: `gsi${n}`,
          KeySchema: [
            { AttributeName: `gsi${n}pk`, KeyType: 'HASH' as const },
            { AttributeName: `gsi${n}sk`, KeyType: 'RANGE' as const },
          ],
          Projection: { ProjectionType: 'ALL' as const },
        })),
      }),
    );
  } catch (error) {
    // Another process created it first: fine.
    if (!(error instanceof ResourceInUseException)) throw mapDynamoError(error, table);
  }
  await waitUntilTableExists({ client, maxWaitTime: 60 }, { TableName: table });

  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: table,
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      }),
    );
  } catch {
    // TTL already on, or a concurrent creator turned it on; it only cleans up message refs.
  }
}
