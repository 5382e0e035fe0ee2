import { type ChildProcess, spawn } from 'node:child_process';

type Stopper = () => Promise<void> | void;

const stoppers: { name: string; stop: Stopper }[] = [];
let stopping: Promise<void> | null = null;

/** Registers something to stop when the demo ends (normally, on an error or on Ctrl-C). */
export function onCleanup(name: string, stop: Stopper): void {
  stoppers.push({ name, stop });
}

/** Stops everything registered, newest first; safe to call more than once. */
export function cleanup(): Promise<void> {
  stopping ??= (async () => {
    for (const { name, stop } of stoppers.splice(0).reverse()) {
      try {
        await stop();
      } catch (error) {
        process.stderr.write(`demo: could not stop ${name}: ${String(error)}\n`);
      }
    }
  })();
  return stopping;
}

/** Makes Ctrl-C, SIGTERM and crashes stop every child before the process exits. */
export function installExitHandlers(): void {
  const exitAfterCleanup = (code: number) => {
    cleanup().finally(() => process.exit(code));
  };
  process.once('SIGINT', () => {
    process.stderr.write('\ndemo: interrupted, stopping everything it started…\n');
    exitAfterCleanup(130);
  });
  process.once('SIGTERM', () => exitAfterCleanup(143));
  process.once('uncaughtException', (error) => {
    process.stderr.write(`demo: ${error.stack ?? String(error)}\n`);
    exitAfterCleanup(1);
  });
}

/** A child started by the demo, with what it printed so far. */
export interface DemoChild {
  name: string;
  process: ChildProcess;
  output(): string;
  /** Resolves with the exit code when the child ends. */
  exited: Promise<number | null>;
}

/**
 * Starts a child in its own process group, so that stopping it also stops anything it started
 * (a `tsx` wrapper and the Node process under it). Registered for cleanup at once.
 */
export function startChild(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): DemoChild {
  const child = spawn(command, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
  onCleanup(name, () => stopGroup(child, exited));
  return { name, process: child, output: () => output, exited };
}

/** Runs a child to completion and returns its exit code and output. */
export async function runChild(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; output: string }> {
  const child = startChild(name, command, args, env);
  const code = await child.exited;
  return { code, output: child.output() };
}

async function stopGroup(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.pid === undefined) return;
  signalGroup(child.pid, 'SIGTERM');
  const ended = await Promise.race([exited.then(() => true), sleep(3_000).then(() => false)]);
  // The group may still hold grandchildren even when the direct child ended.
  signalGroup(child.pid, ended ? 'SIGTERM' : 'SIGKILL');
  if (!ended) await Promise.race([exited, sleep(2_000)]);
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/** Waits the given number of milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
