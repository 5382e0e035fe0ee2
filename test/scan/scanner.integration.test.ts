import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EcrEmulator, startEcrEmulator } from '../../src/local/ecr-emulator';
import { scanAccount } from '../../src/scan/scanner';
import { useEmulatorEnv } from '../local/ecr-emulator/sdk-env';
import {
  manyRepositories,
  OWNER,
  OWNER_ONLY,
  PARTNER,
  PARTNER_PULL,
  PUBLIC_PULL,
  PUBLIC_PUSH,
  PUBLIC_REPO_PUSH,
  REGISTRY_PUBLIC_PULL,
  REGISTRY_PUBLIC_REPLICATION,
} from './estates';

let emulator: EcrEmulator;
let restore: () => void;

beforeAll(async () => {
  emulator = await startEcrEmulator({
    estate: {
      accountId: OWNER,
      regions: {
        'eu-west-1': {
          repositories: [
            { name: 'api', policy: PUBLIC_PULL },
            { name: 'builder', policy: PUBLIC_PUSH },
            { name: 'internal', policy: OWNER_ONLY },
            { name: 'partner', policy: PARTNER_PULL },
            { name: 'bare' },
          ],
          registryPolicy: REGISTRY_PUBLIC_PULL,
          registryPolicyScope: 'V2',
        },
        'us-west-2': {
          repositories: [{ name: 'web' }],
          registryPolicy: REGISTRY_PUBLIC_PULL,
          registryPolicyScope: 'V1',
        },
        'eu-central-1': {
          repositories: [],
          registryPolicy: REGISTRY_PUBLIC_REPLICATION,
          registryPolicyScope: 'V1',
        },
        'ap-east-1': { repositories: [{ name: 'hk', policy: PUBLIC_PULL }] },
      },
      publicRepositories: [
        { name: 'tools', createdAt: '2022-02-02T00:00:00Z' },
        { name: 'open-push', policy: PUBLIC_REPO_PUSH },
      ],
    },
  });
  restore = useEmulatorEnv(emulator);
});

afterAll(async () => {
  restore();
  await emulator.close();
});

const findingsOf = (result: Awaited<ReturnType<typeof scanAccount>>, region: string) =>
  result.findings.filter((f) => f.region === region);

describe('scanAccount against the ECR emulator', () => {
  it('reports exposed repository policies and skips private ones and repositories without policy', async () => {
    const result = await scanAccount({ regions: ['eu-west-1'], includePublic: false });

    const repos = findingsOf(result, 'eu-west-1').filter((f) => f.kind === 'repository-policy');
    const verdicts = Object.fromEntries(repos.map((f) => [f.repository, f.verdict]));
    expect(verdicts).toEqual({
      api: 'public-pull',
      builder: 'public-push',
      partner: 'cross-account',
    });
    const api = repos.find((f) => f.repository === 'api');
    expect(api).toMatchObject({ registryId: OWNER, region: 'eu-west-1' });
    expect(api?.policyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(api?.statements.map((s) => s.sid)).toEqual(['AnyonePulls']);
    expect(result.errors).toEqual([]);
    expect(result.stats.repositories).toBe(5);
    // Worst first.
    expect(result.findings[0]?.verdict).toBe('public-push');
  });

  it('trusts the accounts it is told to trust', async () => {
    const result = await scanAccount({
      regions: ['eu-west-1'],
      includePublic: false,
      trustedAccounts: [PARTNER],
    });
    expect(result.findings.map((f) => f.repository)).not.toContain('partner');
  });

  it('reads every page of a region with more than 1000 repositories', {
    timeout: 120_000,
  }, async () => {
    // 2,345 repositories: three DescribeRepositories pages of at most 1000.
    const seeded = [
      ...manyRepositories('svc', 2_340, null),
      ...manyRepositories('open', 5, PUBLIC_PULL),
    ];
    for (const repo of seeded) emulator.addRepository('ca-central-1', repo);
    emulator.resetCounters();
    const result = await scanAccount({ regions: ['ca-central-1'], includePublic: false });
    for (const repo of seeded) emulator.deleteRepository('ca-central-1', repo.name);

    expect(result.stats.repositories).toBe(2_345);
    expect(emulator.calls({ region: 'ca-central-1', op: 'DescribeRepositories' })).toBe(3);
    expect(emulator.calls({ region: 'ca-central-1', op: 'GetRepositoryPolicy' })).toBe(2_345);
    const open = findingsOf(result, 'ca-central-1').filter((f) => f.kind === 'repository-policy');
    expect(open.map((f) => f.repository).sort()).toEqual([
      'open-00001',
      'open-00002',
      'open-00003',
      'open-00004',
      'open-00005',
    ]);
  });

  it('judges registry policies under the scope in force (V2 everywhere, V1 only replication and create)', async () => {
    const result = await scanAccount({
      regions: ['eu-west-1', 'us-west-2', 'eu-central-1'],
      includePublic: false,
    });
    const registry = (region: string) =>
      result.findings.find((f) => f.kind === 'registry-policy' && f.region === region);

    // The same pull-everything policy: public under V2, harmless under V1.
    expect(registry('eu-west-1')).toMatchObject({
      verdict: 'public-pull',
      repository: null,
      registryPolicyScope: 'V2',
    });
    expect(registry('eu-west-1')?.reasons.join(' ')).toContain('every repository in eu-west-1');
    expect(registry('us-west-2')).toBeUndefined();
    // Replication and create still apply under V1.
    expect(registry('eu-central-1')).toMatchObject({
      verdict: 'public-push',
      registryPolicyScope: 'V1',
    });

    emulator.setRegistryPolicyScope('us-west-2', 'V2');
    const after = await scanAccount({ regions: ['us-west-2'], includePublic: false });
    emulator.setRegistryPolicyScope('us-west-2', 'V1');
    expect(after.findings.find((f) => f.kind === 'registry-policy')?.verdict).toBe('public-pull');
  });

  it('scans ECR Public once through us-east-1 whatever regions are listed', async () => {
    emulator.resetCounters();
    const result = await scanAccount({ regions: ['eu-west-1', 'ap-east-1'] });

    const publicCalls = emulator
      .counters()
      .filter((c) => c.service === 'ecr-public')
      .map((c) => [c.region, c.op, c.calls]);
    expect(publicCalls).toEqual(
      expect.arrayContaining([
        ['us-east-1', 'DescribeRepositories', 1],
        ['us-east-1', 'GetRepositoryPolicy', 2],
      ]),
    );
    expect(emulator.calls({ service: 'ecr-public' })).toBe(3);
    expect(emulator.calls({ service: 'ecr', region: 'us-east-1' })).toBe(0);

    const pub = result.findings.filter((f) => f.kind === 'public-repository');
    const tools = pub.find((f) => f.repository === 'tools');
    expect(tools).toMatchObject({ verdict: 'public-pull', region: 'us-east-1', policyHash: null });
    expect(tools?.publicRepository).toMatchObject({
      hasPolicy: false,
      createdAt: '2022-02-02T00:00:00.000Z',
    });
    expect(tools?.publicRepository?.uri).toMatch(/^public\.ecr\.aws\/.+\/tools$/);
    expect(pub.find((f) => f.repository === 'open-push')?.verdict).toBe('public-push');
    expect(findingsOf(result, 'ap-east-1').map((f) => f.repository)).toEqual(['hk']);
  });

  it('keeps finding ids from scan to scan and gives a changed policy a new id', async () => {
    const first = await scanAccount({ regions: ['eu-west-1'], includePublic: false });
    const second = await scanAccount({ regions: ['eu-west-1'], includePublic: false });
    const ids = (r: typeof first) =>
      Object.fromEntries(r.findings.map((f) => [f.repository ?? '', f.id]));
    expect(ids(second)).toEqual(ids(first));

    const before = emulator.getRepositoryPolicy('eu-west-1', 'api');
    emulator.setRepositoryPolicy('eu-west-1', 'api', `${before}\n`);
    const third = await scanAccount({ regions: ['eu-west-1'], includePublic: false });
    emulator.setRepositoryPolicy('eu-west-1', 'api', before);
    expect(ids(third).api).not.toBe(ids(first).api);
    expect(ids(third).builder).toBe(ids(first).builder);
  });

  it('discovers enabled regions, including enabled opt-in ones, when none are given', async () => {
    emulator.resetCounters();
    const result = await scanAccount({ includePublic: false });
    expect(result.regions).toContain('ap-east-1');
    expect(result.regions).toContain('eu-west-1');
    expect(result.regions).not.toContain('af-south-1');
    expect(emulator.calls({ service: 'ecr', region: 'af-south-1' })).toBe(0);
    expect(result.errors).toEqual([]);
  });

  it('explains when region discovery is denied and suggests --regions', async () => {
    emulator.settings.denyListRegions = true;
    try {
      await expect(scanAccount({ includePublic: false })).rejects.toMatchObject({
        code: 'aws-access-denied',
        message: expect.stringContaining('--regions'),
      });
    } finally {
      emulator.settings.denyListRegions = false;
    }
  });

  it('lists what the time budget stopped as incomplete, not as errors', async () => {
    for (const repo of manyRepositories('slow', 200, null))
      emulator.addRepository('us-west-2', repo);
    emulator.settings.latencyMs = 30;
    try {
      const result = await scanAccount({
        regions: ['us-west-2', 'eu-west-1'],
        includePublic: false,
        budgetMs: 400,
      });
      expect(result.incomplete.map((p) => p.region)).toContain('us-west-2');
      expect(result.incomplete.every((p) => p.code === 'deadline')).toBe(true);
      expect(result.errors).toEqual([]);
    } finally {
      emulator.settings.latencyMs = 0;
      for (const repo of manyRepositories('slow', 200, null)) {
        emulator.deleteRepository('us-west-2', repo.name);
      }
    }
  });
});
