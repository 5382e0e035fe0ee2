import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** What to tell a user whose machine has no Java, which DynamoDB Local needs. */
export const JAVA_MISSING = [
  'The demo keeps its state in DynamoDB Local, which runs on Java, and no `java` was found.',
  'Install a Java runtime (11 or newer), then run `npm run demo` again:',
  '  Debian/Ubuntu:  sudo apt-get install -y default-jre-headless',
  '  Fedora/RHEL:    sudo dnf install -y java-17-openjdk-headless',
  '  macOS:          brew install openjdk   (and follow its note to put it on your PATH)',
  '  Windows:        winget install Microsoft.OpenJDK.17',
].join('\n');

/** The Java version line when a runtime is on the PATH, or null when there is none. */
export function javaVersion(env: NodeJS.ProcessEnv = process.env): string | null {
  // The same java the store will start: JAVA_HOME's when set, else the one on the PATH.
  const java = env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', 'java') : 'java';
  const result = spawnSync(java, ['-version'], { env, encoding: 'utf8', timeout: 15_000 });
  if (result.error || result.status !== 0) return null;
  const firstLine = `${result.stderr ?? ''}${result.stdout ?? ''}`.split('\n')[0]?.trim();
  return firstLine || 'java';
}
