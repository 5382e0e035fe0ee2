import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256 } from '../shared/hash';
import { log } from '../shared/log';

const SOURCE = join(dirname(fileURLToPath(import.meta.url)), 'java', 'LoopbackDynamoDBLocal.java');
const MAIN_CLASS = 'LoopbackDynamoDBLocal';

/**
 * The java arguments that start DynamoDB Local on 127.0.0.1 only: a tiny launcher class
 * (`java/LoopbackDynamoDBLocal.java`) compiled once with `javac` and cached in the system's temp
 * folder, keyed by the launcher's source and the jar it runs.
 *
 * Known shortcoming: compiling needs a JDK (`javac`). With only a Java runtime it falls back to
 * DynamoDB Local's own main class, which listens on every interface, and logs a warning; install a
 * JDK (for example `apt-get install default-jdk-headless`) to keep it on loopback.
 */
export function dynamoDbLocalMainArgs(jar: string, libraryPath: string, java: string): string[] {
  const classDir = compiledLauncher(jar, libraryPath, java);
  if (!classDir) return ['-jar', jar];
  const classPath = [classDir, jar, join(libraryPath, '*')].join(delimiter);
  return ['-cp', classPath, MAIN_CLASS];
}

let cached: string | null | undefined;

function compiledLauncher(jar: string, libraryPath: string, java: string): string | null {
  if (cached !== undefined) return cached;

  const source = readFileSync(SOURCE, 'utf8');
  const key = sha256(`${source}\n${jar}`).slice(0, 16);
  const classDir = join(tmpdir(), 'ecr-check-java', key);
  if (existsSync(join(classDir, `${MAIN_CLASS}.class`))) {
    cached = classDir;
    return cached;
  }

  const javac = java === 'java' ? 'javac' : join(dirname(java), 'javac');
  const staging = `${classDir}.${process.pid}.tmp`;
  mkdirSync(staging, { recursive: true });
  const compile = spawnSync(
    javac,
    ['-cp', [jar, join(libraryPath, '*')].join(delimiter), '-d', staging, SOURCE],
    { encoding: 'utf8' },
  );
  if (compile.error || compile.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    log.warn(
      'no JDK to build the loopback launcher; DynamoDB Local will listen on every interface',
      {
        reason: compile.error?.message ?? compile.stderr?.slice(0, 300),
      },
    );
    cached = null;
    return cached;
  }
  try {
    renameSync(staging, classDir);
  } catch {
    // Another process won the race; its copy is identical.
    rmSync(staging, { recursive: true, force: true });
  }
  cached = classDir;
  return cached;
}
