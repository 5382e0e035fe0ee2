import { AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import {
  DeleteRegistryPolicyCommand,
  DeleteRepositoryPolicyCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAccountSettingCommand,
  GetRegistryPolicyCommand,
  GetRepositoryPolicyCommand,
  PutRegistryPolicyCommand,
  RepositoryNotFoundException,
  RepositoryPolicyNotFoundException,
  SetRepositoryPolicyCommand,
} from '@aws-sdk/client-ecr';
import {
  DescribeRepositoriesCommand as DescribePublicRepositoriesCommand,
  ECRPUBLICClient,
  GetRepositoryPolicyCommand as GetPublicRepositoryPolicyCommand,
  SetRepositoryPolicyCommand as SetPublicRepositoryPolicyCommand,
} from '@aws-sdk/client-ecr-public';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EcrEmulator, startEcrEmulator } from '../../../src/local/ecr-emulator';
import { useEmulatorEnv } from './sdk-env';

// Odd spacing on purpose: the emulator must hand back exactly these bytes.
const EXACT =
  '{ "Version":"2012-10-17",\n  "Statement": [ {"Effect":"Allow","Principal":"*","Action":"ecr:BatchGetImage"} ] }\n';

let emulator: EcrEmulator;
let restore: () => void;

beforeAll(async () => {
  emulator = await startEcrEmulator({
    estate: {
      accountId: '111122223333',
      regions: {
        'eu-west-1': {
          repositories: [
            { name: 'api', policy: EXACT, createdAt: '2023-05-06T07:08:09Z' },
            { name: 'team/worker', policy: { Version: '2012-10-17', Statement: [] } },
            { name: 'no-policy' },
          ],
          registryPolicy: null,
          registryPolicyScope: 'V1',
        },
        'ap-east-1': { repositories: [{ name: 'hk' }] },
      },
      disabledRegions: ['me-south-1'],
      publicRepositories: [{ name: 'tools', policy: null, createdAt: '2022-01-01T00:00:00Z' }],
    },
  });
  restore = useEmulatorEnv(emulator);
});

afterAll(async () => {
  restore();
  await emulator.close();
});

const ecr = (region: string) => new ECRClient({ region, maxAttempts: 1 });

describe('ECR emulator with the real SDK', () => {
  it('describes repositories with ECR shapes and dates', async () => {
    const out = await ecr('eu-west-1').send(new DescribeRepositoriesCommand({ maxResults: 1000 }));
    expect(out.repositories?.map((r) => r.repositoryName)).toEqual([
      'api',
      'no-policy',
      'team/worker',
    ]);
    const api = out.repositories?.[0];
    expect(api?.createdAt?.toISOString()).toBe('2023-05-06T07:08:09.000Z');
    expect(api?.repositoryUri).toBe('111122223333.dkr.ecr.eu-west-1.amazonaws.com/api');
    expect(api?.registryId).toBe('111122223333');
  });

  it('pages with nextToken and maxResults', async () => {
    const client = ecr('eu-west-1');
    const first = await client.send(new DescribeRepositoriesCommand({ maxResults: 2 }));
    expect(first.repositories).toHaveLength(2);
    expect(first.nextToken).toBeTruthy();
    const second = await client.send(
      new DescribeRepositoriesCommand({ maxResults: 2, nextToken: first.nextToken }),
    );
    expect(second.repositories?.map((r) => r.repositoryName)).toEqual(['team/worker']);
    expect(second.nextToken).toBeUndefined();
    await expect(
      client.send(new DescribeRepositoriesCommand({ maxResults: 1001 })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });

  it('filters by repositoryNames and names a missing repository', async () => {
    const client = ecr('eu-west-1');
    const out = await client.send(new DescribeRepositoriesCommand({ repositoryNames: ['api'] }));
    expect(out.repositories).toHaveLength(1);
    await expect(
      client.send(new DescribeRepositoriesCommand({ repositoryNames: ['nope'] })),
    ).rejects.toBeInstanceOf(RepositoryNotFoundException);
  });

  it('returns policy text byte for byte and maps a missing policy to its exception', async () => {
    const client = ecr('eu-west-1');
    const out = await client.send(new GetRepositoryPolicyCommand({ repositoryName: 'api' }));
    expect(out.policyText).toBe(EXACT);
    const pretty = await client.send(
      new GetRepositoryPolicyCommand({ repositoryName: 'team/worker' }),
    );
    expect(pretty.policyText).toBe(
      JSON.stringify({ Version: '2012-10-17', Statement: [] }, null, 2),
    );
    await expect(
      client.send(new GetRepositoryPolicyCommand({ repositoryName: 'no-policy' })),
    ).rejects.toBeInstanceOf(RepositoryPolicyNotFoundException);
  });

  it('sets and deletes repository policies like ECR', async () => {
    const client = ecr('eu-west-1');
    const text = '{"Version":"2012-10-17","Statement":[]}';
    await client.send(
      new SetRepositoryPolicyCommand({ repositoryName: 'no-policy', policyText: text }),
    );
    expect(emulator.getRepositoryPolicy('eu-west-1', 'no-policy')).toBe(text);

    await expect(
      client.send(
        new SetRepositoryPolicyCommand({ repositoryName: 'no-policy', policyText: 'nope' }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    const huge = JSON.stringify({ Statement: [], Pad: 'x'.repeat(10_300) });
    await expect(
      client.send(
        new SetRepositoryPolicyCommand({ repositoryName: 'no-policy', policyText: huge }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });

    const lockout = JSON.stringify({
      Statement: [{ Effect: 'Deny', Principal: '*', Action: 'ecr:*' }],
    });
    await expect(
      client.send(
        new SetRepositoryPolicyCommand({ repositoryName: 'no-policy', policyText: lockout }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await client.send(
      new SetRepositoryPolicyCommand({
        repositoryName: 'no-policy',
        policyText: lockout,
        force: true,
      }),
    );

    const deleted = await client.send(
      new DeleteRepositoryPolicyCommand({ repositoryName: 'no-policy' }),
    );
    expect(deleted.policyText).toBe(lockout);
    expect(emulator.getRepositoryPolicy('eu-west-1', 'no-policy')).toBeNull();
  });

  it('keeps registry policies and the scope per region', async () => {
    const client = ecr('eu-west-1');
    await expect(client.send(new GetRegistryPolicyCommand({}))).rejects.toMatchObject({
      name: 'RegistryPolicyNotFoundException',
    });
    const text = '{"Version":"2012-10-17","Statement":[]}';
    await client.send(new PutRegistryPolicyCommand({ policyText: text }));
    expect((await client.send(new GetRegistryPolicyCommand({}))).policyText).toBe(text);
    expect(emulator.getRegistryPolicy('us-west-2')).toBeNull();
    await client.send(new DeleteRegistryPolicyCommand({}));
    expect(emulator.getRegistryPolicy('eu-west-1')).toBeNull();

    const v1 = await client.send(new GetAccountSettingCommand({ name: 'REGISTRY_POLICY_SCOPE' }));
    expect(v1.value).toBe('V1');
    const v2 = await ecr('us-west-2').send(
      new GetAccountSettingCommand({ name: 'REGISTRY_POLICY_SCOPE' }),
    );
    expect(v2.value).toBe('V2');
  });

  it('reads the region from the signature and refuses disabled regions', async () => {
    const empty = await ecr('us-west-2').send(new DescribeRepositoriesCommand({}));
    expect(empty.repositories).toEqual([]);
    const hk = await ecr('ap-east-1').send(new DescribeRepositoriesCommand({}));
    expect(hk.repositories?.map((r) => r.repositoryName)).toEqual(['hk']);
    await expect(ecr('me-south-1').send(new DescribeRepositoriesCommand({}))).rejects.toMatchObject(
      {
        name: 'UnrecognizedClientException',
      },
    );
  });

  it('serves ECR Public in us-east-1 only', async () => {
    const client = new ECRPUBLICClient({ region: 'us-east-1', maxAttempts: 1 });
    const out = await client.send(new DescribePublicRepositoriesCommand({}));
    expect(out.repositories?.[0]?.repositoryName).toBe('tools');
    expect(out.repositories?.[0]?.repositoryUri).toMatch(/^public\.ecr\.aws\/.+\/tools$/);
    expect(out.repositories?.[0]?.createdAt?.toISOString()).toBe('2022-01-01T00:00:00.000Z');
    await expect(
      client.send(new GetPublicRepositoryPolicyCommand({ repositoryName: 'tools' })),
    ).rejects.toMatchObject({ name: 'RepositoryPolicyNotFoundException' });
    const text = '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr-public:*"}]}';
    await client.send(
      new SetPublicRepositoryPolicyCommand({ repositoryName: 'tools', policyText: text }),
    );
    expect(emulator.getPublicRepositoryPolicy('tools')).toBe(text);

    const elsewhere = new ECRPUBLICClient({ region: 'eu-west-1', maxAttempts: 1 });
    await expect(elsewhere.send(new DescribePublicRepositoriesCommand({}))).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
    });
  });

  it('answers STS GetCallerIdentity with the estate account', async () => {
    const out = await new STSClient({ region: 'us-east-1' }).send(new GetCallerIdentityCommand({}));
    expect(out.Account).toBe('111122223333');
    expect(out.Arn).toContain('111122223333');
  });

  it('lists regions with opt-in status and filters them', async () => {
    const client = new AccountClient({ region: 'us-east-1', maxAttempts: 1 });
    const all = await client.send(new ListRegionsCommand({}));
    const status = new Map(all.Regions?.map((r) => [r.RegionName, r.RegionOptStatus]));
    expect(status.get('eu-west-1')).toBe('ENABLED_BY_DEFAULT');
    expect(status.get('ap-east-1')).toBe('ENABLED');
    expect(status.get('af-south-1')).toBe('DISABLED');
    expect(status.get('me-south-1')).toBe('DISABLED');

    const enabled = await client.send(
      new ListRegionsCommand({ RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT'] }),
    );
    const names = enabled.Regions?.map((r) => r.RegionName) ?? [];
    expect(names).toContain('ap-east-1');
    expect(names).not.toContain('af-south-1');

    emulator.settings.denyListRegions = true;
    await expect(client.send(new ListRegionsCommand({}))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    emulator.settings.denyListRegions = false;
  });

  it('throttles above the rate per region and counts it', async () => {
    emulator.resetCounters();
    emulator.setRate(5, 5);
    const client = ecr('eu-west-1');
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () => client.send(new DescribeRepositoriesCommand({}))),
    );
    const throttled = results.filter(
      (r) => r.status === 'rejected' && (r.reason as Error).name === 'ThrottlingException',
    );
    expect(throttled.length).toBeGreaterThanOrEqual(5);
    expect(emulator.throttled({ region: 'eu-west-1' })).toBe(throttled.length);
    expect(emulator.calls({ service: 'ecr', op: 'DescribeRepositories' })).toBe(12);
    // Another region has its own bucket.
    await ecr('us-west-2').send(new DescribeRepositoriesCommand({}));
    emulator.setRate(Number.POSITIVE_INFINITY);
  });

  it('fails a region as denied, unrecognised or silent', async () => {
    emulator.settings.failRegions = {
      'eu-west-2': 'access-denied',
      'eu-west-3': 'unrecognized-client',
      'eu-north-1': 'timeout',
    };
    await expect(ecr('eu-west-2').send(new DescribeRepositoriesCommand({}))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    await expect(ecr('eu-west-3').send(new DescribeRepositoriesCommand({}))).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
    });
    const silent = ecr('eu-north-1').send(new DescribeRepositoriesCommand({}), {
      abortSignal: AbortSignal.timeout(300),
    });
    await expect(silent).rejects.toThrow();
    emulator.settings.failRegions = {};
  });
});
