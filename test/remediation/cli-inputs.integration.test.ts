import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { main } from '../../src/cli/main';
import { type EcrEmulator, startEcrEmulator } from '../../src/local/ecr-emulator';
import { awsLivePolicy } from '../../src/remediation/live-policy';
import { RemediationWorkflow } from '../../src/remediation/workflow';
import { scanAccount } from '../../src/scan/scanner';
import type { Store } from '../../src/store/store';
import { useEmulatorEnv } from '../local/ecr-emulator/sdk-env';
import { testStore } from '../support/store';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const ORIGINAL =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:BatchGetImage"}]}';

let emulator: EcrEmulator;
let store: Store;
let requestId: string;
const restore: (() => void)[] = [];

beforeAll(async () => {
  emulator = await startEcrEmulator({
    estate: {
      accountId: ACCOUNT,
      regions: { [REGION]: { repositories: [{ name: 'web', policy: ORIGINAL }] } },
    },
  });
  store = await testStore('cli-inputs');
  restore.push(
    useEmulatorEnv(emulator, {
      DYNAMODB_TABLE: store.table,
      AWS_ENDPOINT_URL_DYNAMODB: inject('dynamodbEndpoint'),
    }),
  );
  const scan = await scanAccount({
    regions: [REGION],
    ownerAccount: ACCOUNT,
    includePublic: false,
  });
  const { findings } = await store.recordScan(scan, { publicScanned: false });
  const workflow = new RemediationWorkflow({
    store,
    livePolicy: awsLivePolicy(),
    isApprover: async () => true,
    engine: { ownerAccount: ACCOUNT },
  });
  const finding = findings.find((f) => f.repository === 'web');
  if (!finding) throw new Error('the scan found nothing');
  // Requested, never approved: there is nothing to revert.
  const request = await workflow.requestRemediation({
    findingId: finding.id,
    mode: 'remove',
    actor: { id: 'UALICE', via: 'slack' },
  });
  requestId = request.id;
});

afterAll(async () => {
  for (const undo of restore) undo();
  await emulator.close();
});

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  try {
    const code = await main(['node', 'ecr-check', ...args]);
    return { code, out, err };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe('revert of a request that was never applied', () => {
  it('says the request is only requested and that there is nothing to revert', async () => {
    const dry = await run('revert', requestId);

    expect(dry.code).toBe(1);
    expect(dry.out).toContain(`Request ${requestId} on web (${REGION}) is requested`);
    expect(dry.out).toContain('nothing to revert');
    expect(dry.out).not.toContain('Reverting would put back');
  });

  it('changes nothing with --yes either', async () => {
    const real = await run('revert', requestId, '--yes');

    expect(real.code).toBe(1);
    expect(real.out).toContain('nothing to revert');
    expect(emulator.getRepositoryPolicy(REGION, 'web')).toBe(ORIGINAL);
  });
});

describe('break-glass commands refuse input that cannot name anything', () => {
  it('says an absurdly long id is not a request id', async () => {
    const out = await run('revert', 'x'.repeat(5000));

    expect(out.code).toBe(2);
    expect(out.err).toContain('is not a request id');
    expect(out.err).toContain('5000 characters');
    expect(out.err).not.toContain('store could not be reached');
  });

  it('says an unknown request id is unknown', async () => {
    const out = await run('revert', '00000000-0000-4000-8000-000000000000');

    expect(out.code).toBe(2);
    expect(out.err).toContain('no remediation request');
  });

  it('asks for a repository name instead of reporting nothing recorded for ""', async () => {
    const out = await run('history', '');

    expect(out.code).toBe(2);
    expect(out.err).toContain('Name a repository');
    expect(out.out).toBe('');
  });

  it('refuses a region that is not an AWS region name', async () => {
    const out = await run('history', 'web', '--region', 'mars-1');

    expect(out.code).toBe(2);
    expect(out.err).toContain('mars-1');
    expect(out.out).toBe('');
  });

  it('still shows the history for a valid region', async () => {
    const out = await run('history', 'web', '--region', REGION);

    expect(out.code).toBe(0);
    expect(out.out).toContain(requestId);
  });
});
