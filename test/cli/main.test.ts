import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCli } from '../support/cli';

const POLICY = join(PROJECT_ROOT, 'test/cli/fixtures/public-pull.json');

describe('ecr-check', () => {
  it('prints its version from package.json', async () => {
    const { version } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8'));

    const out = await runCli(['--version']);

    expect(out.code).toBe(0);
    expect(out.stdout.trim()).toBe(version);
  });

  it('takes ECR_CHECK_LOG_LEVEL in lower case', async () => {
    const out = await runCli(['analyze', POLICY, '--account', '111122223333'], {
      env: { ECR_CHECK_LOG_LEVEL: 'debug' },
    });

    expect(out.stderr).not.toMatch(/Invalid log level|\n\s+at /);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('public-pull');
  });

  it('refuses an unknown log level with a clear message and exit status 2', async () => {
    const out = await runCli(['analyze', POLICY, '--account', '111122223333'], {
      env: { ECR_CHECK_LOG_LEVEL: 'loud' },
    });

    expect(out.code).toBe(2);
    expect(out.stderr).toContain('ECR_CHECK_LOG_LEVEL must be one of DEBUG, INFO, WARN, ERROR');
    expect(out.stderr).not.toMatch(/\n\s+at /);
  });

  it('documents exit statuses and the local store in the help of history and revert', async () => {
    const history = await runCli(['history', '--help']);
    const revert = await runCli(['revert', '--help']);

    expect(history.stdout).toMatch(/1 nothing is recorded/);
    expect(revert.stdout).toMatch(/1 nothing changed/);
    for (const help of [history.stdout, revert.stdout]) {
      expect(help).toContain('ecr-check store stop');
    }
  });
});
