import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

/** What a finished command printed and its exit status. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * Runs `node src/cli/bin.js ...args` (or another script) as a user would, with `env` laid over
 * this process's environment (`undefined` removes a variable) and `cwd` (default: the project).
 */
export function runCli(
  args: string[],
  options: { env?: Record<string, string | undefined>; cwd?: string; script?: string[] } = {},
): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_NO_WARNINGS: '1' };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const script = options.script ?? [resolve(ROOT, 'src/cli/bin.js')];
  return new Promise((done) => {
    const child = spawn(process.execPath, [...script, ...args], { env, cwd: options.cwd ?? ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** The project folder (the one holding ecr-check's package.json). */
export const PROJECT_ROOT = ROOT;
