import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

/** What a finished command printed and its exit status. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** How to run a command: settings laid over this process's environment, folder, script, input. */
export interface CliRunOptions {
  /** Laid over this process's environment; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  /** The working folder (default: the project). */
  cwd?: string;
  /** What node runs instead of `src/cli/bin.js` (the script and any arguments before `args`). */
  script?: string[];
  /** Standard input; without it the command reads end of input at once. */
  input?: string;
}

/** The project folder (the one holding ecr-check's package.json). */
export const PROJECT_ROOT = resolve(import.meta.dirname, '../..');

/**
 * Runs `node src/cli/bin.js ...args` (or another script) as a user would, in a child process, and
 * resolves once it has exited and its output is read. Node's own warnings are off unless `env`
 * sets `NODE_NO_WARNINGS` otherwise.
 */
export function runCli(args: string[], options: CliRunOptions = {}): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_NO_WARNINGS: '1' };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const script = options.script ?? [resolve(PROJECT_ROOT, 'src/cli/bin.js')];

  return new Promise((done) => {
    const child = spawn(process.execPath, [...script, ...args], {
      env,
      cwd: options.cwd ?? PROJECT_ROOT,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('close', (code) => done({ code, stdout, stderr }));
    // A command that exits without reading its input closes the pipe: not the test's concern.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}

/** Removes every `ECR_CHECK_*` setting of this process, for a run with no ambient configuration. */
export function withoutEcrCheckSettings(): Record<string, undefined> {
  const unset: Record<string, undefined> = {};
  for (const key of Object.keys(process.env))
    if (key.startsWith('ECR_CHECK_')) unset[key] = undefined;
  return unset;
}
