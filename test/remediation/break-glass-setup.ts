import { inject, vi } from 'vitest';
import { main } from '../../src/cli/main';
import { type EcrEmulator, startEcrEmulator } from '../../src/local/ecr-emulator';
import { awsLivePolicy } from '../../src/remediation/live-policy';
import { RemediationWorkflow } from '../../src/remediation/workflow';
import { scanAccount } from '../../src/scan/scanner';
import type { Store } from '../../src/store/store';
import { useEmulatorEnv } from '../local/ecr-emulator/sdk-env';
import { testStore } from '../support/store';

export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';

/** One repository, `web`, scanned and recorded, with a remediation request on its finding. */
export interface BreakGlassEstate {
  emulator: EcrEmulator;
  store: Store;
  /** The request to remove `web`'s policy. */
  requestId: string;
  /** Puts this process's environment back and stops the emulator. */
  close(): Promise<void>;
}

/**
 * Starts the emulator with `web` holding `policy`, points this process's AWS SDK and store settings
 * at it and a fresh table, scans, and requests removing the policy: approved and applied when
 * `applied` is set, left requested otherwise.
 */
export async function startBreakGlassEstate(
  name: string,
  policy: string,
  { applied }: { applied: boolean },
): Promise<BreakGlassEstate> {
  const emulator = await startEcrEmulator({
    estate: {
      accountId: ACCOUNT,
      regions: { [REGION]: { repositories: [{ name: 'web', policy }] } },
    },
  });
  const store = await testStore(name);
  const restore = useEmulatorEnv(emulator, {
    DYNAMODB_TABLE: store.table,
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamodbEndpoint'),
  });

  const close = async () => {
    restore();
    await emulator.close();
  };

  try {
    return { emulator, store, requestId: await requestRemoval(store, applied), close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Scans, records the scan and requests removing `web`'s policy; returns the request id. */
async function requestRemoval(store: Store, applied: boolean): Promise<string> {
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
  if (applied) {
    await workflow.approveAndApply({ requestId: request.id, actor: { id: 'UBOB', via: 'slack' } });
  }

  return request.id;
}

/** Runs `ecr-check ...args` in this process (on its environment) and collects what it printed. */
export async function runMain(
  ...args: string[]
): Promise<{ code: number; out: string; err: string }> {
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
