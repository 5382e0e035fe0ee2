import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EcrEmulator, startEcrEmulator } from '../../src/local/ecr-emulator';
import { awsLivePolicy } from '../../src/remediation/live-policy';
import type { PolicyTarget } from '../../src/store/types';
import { useEmulatorEnv } from '../local/ecr-emulator/sdk-env';

const ACCOUNT = '111122223333';
const ODD = '{"Statement":[],\n\t"Version" :"2012-10-17"}  ';
/** ECR refuses, without `force`, a policy that would lock everyone out of changing it. */
const LOCKOUT =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"ecr:*"}]}';

let emulator: EcrEmulator;
let undo: () => void;
const app: PolicyTarget = {
  kind: 'private',
  registryId: ACCOUNT,
  region: 'eu-west-1',
  repository: 'app',
};
const pub: PolicyTarget = {
  kind: 'public',
  registryId: ACCOUNT,
  region: 'us-east-1',
  repository: 'pub',
};

beforeAll(async () => {
  emulator = await startEcrEmulator({
    estate: {
      accountId: ACCOUNT,
      regions: { 'eu-west-1': { repositories: [{ name: 'app', policy: null }] } },
      publicRepositories: [{ name: 'pub', policy: null }],
    },
  });
  undo = useEmulatorEnv(emulator);
});

afterAll(async () => {
  undo();
  await emulator.close();
});

describe('the live policy adapter', () => {
  it('reads "no policy" as null and keeps texts byte for byte', async () => {
    const live = awsLivePolicy({});
    expect(await live.read(app)).toBeNull();
    await live.write(app, ODD);
    expect(await live.read(app)).toBe(ODD);
    await live.remove(app);
    await live.remove(app);
    expect(await live.read(app)).toBeNull();
  });

  it('does the same for ECR Public', async () => {
    const live = awsLivePolicy({});
    expect(await live.read(pub)).toBeNull();
    await live.write(pub, ODD);
    expect(emulator.getPublicRepositoryPolicy('pub')).toBe(ODD);
    await live.remove(pub);
    expect(await live.read(pub)).toBeNull();
  });

  it('never forces: a rejected policy is aws-rejected-policy and changes nothing', async () => {
    const live = awsLivePolicy({});
    await live.write(app, ODD);
    await expect(live.write(app, LOCKOUT)).rejects.toMatchObject({ code: 'aws-rejected-policy' });
    expect(await live.read(app)).toBe(ODD);
  });

  it('reports a missing repository as not-found', async () => {
    const live = awsLivePolicy({});
    await expect(live.read({ ...app, repository: 'gone' })).rejects.toMatchObject({
      code: 'not-found',
    });
  });
});
