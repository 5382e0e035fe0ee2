import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EcrEmulator, startEcrEmulator } from '../../src/local/ecr-emulator';
import { emulatorEnv } from '../local/ecr-emulator/sdk-env';
import { runCli } from '../support/cli';
import { OWNER, OWNER_ONLY, PUBLIC_PULL } from './estates';

let emulator: EcrEmulator;

beforeAll(async () => {
  emulator = await startEcrEmulator({
    estate: {
      accountId: OWNER,
      regions: {
        'eu-west-1': { repositories: [{ name: 'api', policy: PUBLIC_PULL }, { name: 'bare' }] },
        'eu-west-2': { repositories: [{ name: 'internal', policy: OWNER_ONLY }] },
      },
      publicRepositories: [],
    },
  });
});

afterAll(async () => {
  await emulator.close();
});

/** Runs `node src/cli/bin.js scan ...` against the emulator. */
function scan(args: string[], extraEnv: Record<string, string | undefined> = {}) {
  return runCli(['scan', ...args], { env: { ...emulatorEnv(emulator), ...extraEnv } });
}

describe('ecr-check scan', () => {
  it('prints JSON findings and exits 1 when something is exposed', async () => {
    const out = await scan(['--regions', 'eu-west-1,eu-west-2', '--format', 'json']);
    expect(out.code).toBe(1);
    const result = JSON.parse(out.stdout);
    expect(result.errors).toEqual([]);
    expect(result.incomplete).toEqual([]);
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({
      kind: 'repository-policy',
      region: 'eu-west-1',
      registryId: OWNER,
      repository: 'api',
      verdict: 'public-pull',
    });
    expect(out.stderr).not.toContain('scanning:');
  });

  it('prints a table with a summary and exits 0 when nothing is exposed', async () => {
    const out = await scan(['--regions', 'eu-west-2']);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/no findings/);
    expect(out.stdout).toContain(OWNER);
  });

  it('shows the worst finding first in the table', async () => {
    const out = await scan(['--regions', 'eu-west-1']);
    expect(out.code).toBe(1);
    const lines = out.stdout.split('\n');
    expect(lines[0]).toMatch(/^VERDICT\s+KIND\s+REGION\s+REPOSITORY/);
    expect(lines[1]).toMatch(/^public-pull\s+repository\s+eu-west-1\s+api/);
  });

  it('exits 2 with a clear message for a bad --regions value', async () => {
    const out = await scan(['--regions', 'eu-west-1,mars-1']);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('mars-1');
    expect(out.stdout).toBe('');
  });

  it('exits 2 when there are no credentials', async () => {
    const out = await scan(['--regions', 'eu-west-1'], {
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
    });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/credentials|ECR_CHECK_ACCOUNT_ID/);
  });
});
