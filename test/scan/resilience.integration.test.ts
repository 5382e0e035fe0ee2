import { afterEach, describe, expect, it } from 'vitest';
import { type EcrEmulator, startEcrEmulator } from '../../src/local/ecr-emulator';
import { scanAccount } from '../../src/scan/scanner';
import { useEmulatorEnv } from '../local/ecr-emulator/sdk-env';
import { manyRepositories, OWNER, PUBLIC_PULL } from './estates';

let emulator: EcrEmulator | undefined;
let restore: (() => void) | undefined;

async function start(options: Parameters<typeof startEcrEmulator>[0]) {
  emulator = await startEcrEmulator(options);
  restore = useEmulatorEnv(emulator);
  return emulator;
}

afterEach(async () => {
  restore?.();
  await emulator?.close();
  emulator = undefined;
});

describe('scanAccount under throttling and failures', () => {
  it('absorbs throttling with retries and misses no repository', { timeout: 120_000 }, async () => {
    const repositories = manyRepositories('svc', 300, PUBLIC_PULL, 2);
    const emu = await start({
      estate: {
        accountId: OWNER,
        regions: { 'eu-west-1': { repositories }, 'eu-west-2': { repositories } },
      },
      // Below the pacer's starting rate, so throttling happens however slow the machine is.
      ratePerSecond: 60,
      burst: 2,
    });

    const result = await scanAccount({ regions: ['eu-west-1', 'eu-west-2'], includePublic: false });

    expect(emu.throttled()).toBeGreaterThan(0);
    expect(result.stats.throttledRetries).toBe(emu.throttled());
    expect(result.errors).toEqual([]);
    expect(result.stats.unreadPolicies).toBe(0);
    for (const region of ['eu-west-1', 'eu-west-2']) {
      const found = result.findings.filter((f) => f.region === region).map((f) => f.repository);
      expect(found).toHaveLength(150);
      expect(new Set(found).size).toBe(150);
    }
  });

  it('lists a throttled region cut short by the time budget as incomplete', async () => {
    await start({
      estate: {
        accountId: OWNER,
        regions: { 'eu-west-1': { repositories: manyRepositories('svc', 300, PUBLIC_PULL, 2) } },
      },
      ratePerSecond: 20,
      burst: 5,
    });

    const result = await scanAccount({
      regions: ['eu-west-1'],
      includePublic: false,
      budgetMs: 1_000,
    });

    expect(result.errors).toEqual([]);
    expect(result.incomplete).toEqual([
      expect.objectContaining({ region: 'eu-west-1', service: 'ecr', code: 'deadline' }),
    ]);
    expect(result.findings.length).toBeLessThan(150);
  });

  it('reports failing regions with a clear reason and still scans the others', async () => {
    const estate = {
      accountId: OWNER,
      regions: Object.fromEntries(
        ['eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-north-1'].map((region) => [
          region,
          { repositories: [{ name: 'api', policy: PUBLIC_PULL }] },
        ]),
      ),
    };
    await start({
      estate,
      failRegions: {
        'eu-west-2': 'access-denied',
        'eu-west-3': 'unrecognized-client',
        'eu-north-1': 'timeout',
      },
    });

    const result = await scanAccount({
      regions: ['eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-north-1'],
      includePublic: false,
      callTimeoutMs: 1_000,
    });

    expect(result.findings.map((f) => `${f.region}/${f.repository}`)).toEqual(['eu-west-1/api']);
    const codes = new Map(
      result.errors
        .filter((e) => e.message.includes('listing repositories'))
        .map((e) => [e.region, e.code]),
    );
    expect(codes.get('eu-west-2')).toBe('access-denied');
    expect(codes.get('eu-west-3')).toBe('unrecognized-client');
    expect(codes.get('eu-north-1')).toBe('timeout');
    expect(codes.has('eu-west-1')).toBe(false);
    const denied = result.errors.find((e) => e.region === 'eu-west-2');
    expect(denied?.message).toContain('ecr:DescribeRepositories');
    expect(result.incomplete).toEqual([]);
  });

  it('reports ECR Public failures under ecr-public without losing private findings', async () => {
    await start({
      estate: {
        accountId: OWNER,
        regions: { 'eu-west-1': { repositories: [{ name: 'api', policy: PUBLIC_PULL }] } },
        publicRepositories: [{ name: 'tools' }],
      },
      failRegions: { 'us-east-1': 'access-denied' },
    });
    const result = await scanAccount({ regions: ['eu-west-1'] });
    expect(result.findings.map((f) => f.repository)).toEqual(['api']);
    expect(result.errors).toEqual([
      expect.objectContaining({
        service: 'ecr-public',
        region: 'us-east-1',
        code: 'access-denied',
      }),
    ]);
  });
});
