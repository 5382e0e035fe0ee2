import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { isEcrCheckError } from '../shared/errors';
import { parseLogLevel, setLogLevel } from '../shared/log';
import { onLocalStoreStart } from '../store/embedded';
import { registerAnalyze } from './commands/analyze';
import { registerDigest } from './commands/digest';
import { registerHistory } from './commands/history';
import { registerRevert } from './commands/revert';
import { registerScan } from './commands/scan';
import { registerServe } from './commands/serve';
import { registerStore } from './commands/store';

/**
 * The `ecr-check` command line. Each command lives in `commands/` and registers itself here; this
 * file only wires them together and turns errors into an exit status (2: could not run).
 */
export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command()
    .name('ecr-check')
    .description('Finds ECR repositories and registries open to everyone, and helps fix them.')
    .version(packageVersion(), '-V, --version', 'print the version of ecr-check')
    .showHelpAfterError()
    .exitOverride();
  const setExitCode = (code: number) => {
    exitCode = code;
  };
  for (const register of COMMANDS) register(program, setExitCode);

  const stopListening = onLocalStoreStart(({ dataDir, pid }) => {
    process.stderr.write(
      `ecr-check: started the local store (DynamoDB Local, pid ${pid}), data in ${dataDir}. ` +
        'It keeps running for later commands (serve, digest, history, revert); stop it with ' +
        '`ecr-check store stop`.\n',
    );
  });
  try {
    setLogLevel(parseLogLevel(process.env.ECR_CHECK_LOG_LEVEL || 'WARN'));
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    const message = isEcrCheckError(error)
      ? `${error.message} (${error.code})`
      : `unexpected error: ${String(error)}`;
    process.stderr.write(`ecr-check: ${message}\n`);
    return 2;
  } finally {
    stopListening();
  }
}

/** The version in ecr-check's package.json (the CLI runs from source, next to it). */
function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

/** Registers one command on the program; `setExitCode` sets the process exit status. */
export type RegisterCommand = (program: Command, setExitCode: (code: number) => void) => void;

const COMMANDS: RegisterCommand[] = [
  registerAnalyze,
  registerScan,
  registerServe,
  registerDigest,
  registerHistory,
  registerRevert,
  registerStore,
];
