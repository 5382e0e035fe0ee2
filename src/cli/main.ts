import { Command, CommanderError } from 'commander';
import { isEcrCheckError } from '../shared/errors';
import { setLogLevel } from '../shared/log';
import { registerAnalyze } from './commands/analyze';
import { registerDigest } from './commands/digest';
import { registerHistory } from './commands/history';
import { registerRevert } from './commands/revert';
import { registerScan } from './commands/scan';
import { registerServe } from './commands/serve';

/**
 * The `ecr-check` command line. Each command lives in `commands/` and registers itself here; this
 * file only wires them together and turns errors into an exit status (2: could not run).
 */
export async function main(argv: string[]): Promise<number> {
  setLogLevel((process.env.ECR_CHECK_LOG_LEVEL as 'WARN' | undefined) ?? 'WARN');

  let exitCode = 0;
  const program = new Command()
    .name('ecr-check')
    .description('Finds ECR repositories and registries open to everyone, and helps fix them.')
    .showHelpAfterError()
    .exitOverride();
  const setExitCode = (code: number) => {
    exitCode = code;
  };
  for (const register of COMMANDS) register(program, setExitCode);

  try {
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
  }
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
];
