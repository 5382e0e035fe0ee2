import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { localStoreDataDir, stopLocalStore } from '../../src/store/embedded';
import { PROJECT_ROOT, runCli } from '../support/cli';

const dataDir = mkdtempSync(join(tmpdir(), 'ecr-check-cli-store-'));
const elsewhere = mkdtempSync(join(tmpdir(), 'ecr-check-cwd-'));

afterAll(async () => {
  await stopLocalStore({ dataDir });
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(elsewhere, { recursive: true, force: true });
});

/** No table configured, so commands use the local store of ECR_CHECK_DATA_DIR. */
const LOCAL = { DYNAMODB_TABLE: undefined, ECR_CHECK_DATA_DIR: dataDir };

describe('where the local store keeps its data', () => {
  it("is ecr-check's own folder, whatever the current directory", () => {
    const before = process.cwd();
    process.chdir(elsewhere);
    try {
      expect(localStoreDataDir({})).toBe(join(PROJECT_ROOT, '.ecr-check', 'dynamodb'));
    } finally {
      process.chdir(before);
    }
  });

  it('is ECR_CHECK_DATA_DIR when set', () => {
    expect(localStoreDataDir({ ECR_CHECK_DATA_DIR: dataDir })).toBe(dataDir);
  });
});

describe('ecr-check store status and stop', () => {
  it('say where the store is, that it keeps running, and stop it', async () => {
    const before = await runCli(['store', 'status'], { env: LOCAL, cwd: elsewhere });
    expect(before.code).toBe(1);
    expect(before.stdout).toContain('Local store: not running');
    expect(before.stdout).toContain(dataDir);

    const history = await runCli(['history', 'web'], { env: LOCAL, cwd: elsewhere });
    expect(history.code).toBe(1);
    expect(history.stdout).toContain('nothing recorded');
    expect(history.stderr).toContain(`started the local store`);
    expect(history.stderr).toContain(dataDir);
    expect(history.stderr).toContain('ecr-check store stop');

    const running = await runCli(['store', 'status'], { env: LOCAL, cwd: elsewhere });
    expect(running.code).toBe(0);
    expect(running.stdout).toMatch(/Local store: running \(pid \d+, http:\/\/127\.0\.0\.1:\d+/);

    const again = await runCli(['history', 'web'], { env: LOCAL, cwd: elsewhere });
    expect(again.stderr).not.toContain('started the local store');

    const stop = await runCli(['store', 'stop'], { env: LOCAL, cwd: elsewhere });
    expect(stop.code).toBe(0);
    expect(stop.stdout).toContain('Stopped the local store');

    const after = await runCli(['store', 'status'], { env: LOCAL, cwd: elsewhere });
    expect(after.code).toBe(1);
    expect(after.stdout).toContain('not running');

    const nothing = await runCli(['store', 'stop'], { env: LOCAL, cwd: elsewhere });
    expect(nothing.code).toBe(0);
    expect(nothing.stdout).toContain('was not running');
  }, 120_000);
});
