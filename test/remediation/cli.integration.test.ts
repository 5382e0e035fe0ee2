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
  '{ "Version": "2012-10-17",\n "Statement": [ {"Effect":"Allow","Principal":"*","Action":"ecr:BatchGetImage"} ] }';

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
  store = await testStore('cli');
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
  const request = await workflow.requestRemediation({
    findingId: finding.id,
    mode: 'remove',
    actor: { id: 'UALICE', via: 'slack' },
  });
  await workflow.approveAndApply({ requestId: request.id, actor: { id: 'UBOB', via: 'slack' } });
  requestId = request.id;
});

afterAll(async () => {
  for (const undo of restore) undo();
  await emulator.close();
});

async function run(...args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  try {
    const code = await main(['node', 'ecr-check', ...args]);
    return { code, out };
  } finally {
    spy.mockRestore();
  }
}

describe('break-glass commands', () => {
  it('shows the history of a repository', async () => {
    const { code, out } = await run('history', 'web', '--region', REGION);
    expect(code).toBe(0);
    expect(out).toContain(requestId);
    expect(out).toContain('applied');
    expect(out).toContain('backup-written');

    const json = JSON.parse((await run('history', 'web', '--format', 'json')).out);
    expect(json.backups[0].priorText).toBe(ORIGINAL);
  });

  it('explains and changes nothing without --yes, then reverts exactly with --yes', async () => {
    const dry = await run('revert', requestId);
    expect(dry.code).toBe(1);
    expect(dry.out).toContain('Nothing was changed');
    expect(emulator.getRepositoryPolicy(REGION, 'web')).toBeNull();

    const real = await run('revert', requestId, '--yes');
    expect(real.code).toBe(0);
    expect(real.out).toContain('reverted');
    expect(emulator.getRepositoryPolicy(REGION, 'web')).toBe(ORIGINAL);
    const audit = (await store.history('web')).audit.find((e) => e.event === 'reverted');
    expect(audit?.actor?.id).toMatch(/^cli:/);
  });
});
