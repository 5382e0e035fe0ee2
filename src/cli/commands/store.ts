import { loadCoreConfig } from '../../shared/config';
import { localStoreStatus, stopLocalStore } from '../../store/embedded';
import type { RegisterCommand } from '../main';

/** Said in the help of the commands that use the store, and when the CLI starts the local one. */
export const LOCAL_STORE_NOTE =
  'Without DYNAMODB_TABLE, ecr-check keeps its records in a local store (DynamoDB Local, a Java\n' +
  'process) in .ecr-check/dynamodb of its own folder, or ECR_CHECK_DATA_DIR. The store keeps\n' +
  'running after the command so serve, digest, history and revert share it; stop it with\n' +
  '`ecr-check store stop` (the data stays on disk).';

/**
 * `ecr-check store status|stop`: shows or stops the shared local store (DynamoDB Local) that
 * `serve`, `digest`, `history` and `revert` start when `DYNAMODB_TABLE` is unset. It keeps running
 * between commands by design; `stop` ends it and keeps the data. With `DYNAMODB_TABLE` set there is
 * no local store and both say so.
 */
export const registerStore: RegisterCommand = (program, setExitCode) => {
  const store = program
    .command('store')
    .description('Show or stop the local store (DynamoDB Local) used without DYNAMODB_TABLE.')
    .addHelpText('after', `\n${LOCAL_STORE_NOTE}`);

  store
    .command('status')
    .description('Say where the local store keeps its data and whether it is running.')
    .addHelpText('after', '\nExit status: 0 running, 1 not running.')
    .action(async () => {
      const table = tableInUse();
      const { dataDir, running, startedAt } = await localStoreStatus();
      if (running) {
        process.stdout.write(
          `Local store: running (pid ${running.pid}, ${running.endpoint}` +
            `${startedAt ? `, started ${startedAt}` : ''}).\nData folder: ${dataDir}\n`,
        );
      } else {
        process.stdout.write(`Local store: not running.\nData folder: ${dataDir}\n`);
      }
      if (table) {
        process.stdout.write(
          `DYNAMODB_TABLE is set (${table}): commands use that table instead.\n`,
        );
      }
      setExitCode(running ? 0 : 1);
    });

  store
    .command('stop')
    .description('Stop the local store; its data stays on disk and it starts again when needed.')
    .action(async () => {
      const { dataDir } = await localStoreStatus();
      const stopped = await stopLocalStore({ dataDir });
      process.stdout.write(
        stopped
          ? `Stopped the local store (data kept in ${dataDir}).\n`
          : `The local store was not running (data folder ${dataDir}).\n`,
      );
    });
};

function tableInUse(): string | undefined {
  try {
    return loadCoreConfig().table;
  } catch {
    return process.env.DYNAMODB_TABLE;
  }
}
