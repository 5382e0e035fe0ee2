import { afterEach, describe, expect, it } from 'vitest';
import { type EcrEmulator, startEcrEmulator } from '../../src/local/ecr-emulator';
import { awsLivePolicy, type LivePolicy } from '../../src/remediation/live-policy';
import { RemediationWorkflow } from '../../src/remediation/workflow';
import { scanAccount } from '../../src/scan/scanner';
import { EcrCheckError } from '../../src/shared/errors';
import type { Store } from '../../src/store/store';
import type { StoredFinding } from '../../src/store/types';
import { useEmulatorEnv } from '../local/ecr-emulator/sdk-env';
import { type TestClock, testClock, testStore } from '../support/store';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const alice = { id: 'UALICE', name: 'alice', via: 'slack' as const };
const bob = { id: 'UBOB', name: 'bob', via: 'slack' as const };
const carol = { id: 'UCAROL', name: 'carol', via: 'slack' as const };
const mallory = { id: 'UMALLORY', name: 'mallory', via: 'slack' as const };
const APPROVERS = new Set([alice.id, bob.id, carol.id]);

/** Public pull plus a statement for the owner account, with odd whitespace and key order. */
const ODD = `{\n  "Statement" : [\n\t{ "Sid":"PublicPull", "Principal":"*","Effect":"Allow",  "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"] },\n\t{"Sid":"Ci","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${ACCOUNT}:root"},"Action":"ecr:*"}\n  ],\n  "Version":"2012-10-17"   \n}\n`;
/** Only a public statement: remediation deletes the policy. */
const ONLY_PUBLIC =
  '{"Version":"2012-10-17","Statement":[{"Sid":"Everyone","Effect":"Allow","Principal":{"AWS":"*"},"Action":"ecr:*"}]}';
const SOMEONE_ELSE =
  '{"Version":"2012-10-17","Statement":[{"Sid":"Changed","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"ecr:BatchGetImage"}]}';

interface Setup {
  emulator: EcrEmulator;
  store: Store;
  clock: TestClock;
  workflow: RemediationWorkflow;
  finding(repository: string): StoredFinding;
  sets(): number;
  policy(repository: string): string | null;
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(
  options: { store?: (store: Store) => Store; livePolicy?: (real: LivePolicy) => LivePolicy } = {},
): Promise<Setup> {
  const emulator = await startEcrEmulator({
    estate: {
      accountId: ACCOUNT,
      regions: {
        [REGION]: {
          repositories: [
            { name: 'app', policy: ODD },
            { name: 'open-all', policy: ONLY_PUBLIC },
            { name: 'quiet', policy: null },
          ],
        },
      },
      publicRepositories: [{ name: 'pub', policy: null }],
    },
  });
  cleanups.push(() => emulator.close());
  cleanups.push(useEmulatorEnv(emulator));

  const clock = testClock();
  const realStore = await testStore('workflow', clock);
  const scan = await scanAccount({
    regions: [REGION],
    ownerAccount: ACCOUNT,
    includePublic: true,
  });
  const recorded = await realStore.recordScan(scan);
  const store = options.store ? options.store(realStore) : realStore;
  const real = awsLivePolicy();
  const workflow = new RemediationWorkflow({
    store,
    livePolicy: options.livePolicy ? options.livePolicy(real) : real,
    isApprover: async (id) => APPROVERS.has(id),
    clock: clock.now,
    engine: { ownerAccount: ACCOUNT },
  });
  emulator.resetCounters();
  return {
    emulator,
    store: realStore,
    clock,
    workflow,
    finding: (repository) => {
      const found = recorded.findings.find((f) => f.repository === repository);
      if (!found) throw new Error(`no finding for ${repository}`);
      return found;
    },
    sets: () => emulator.calls({ service: 'ecr', op: 'SetRepositoryPolicy' }),
    policy: (repository) => emulator.getRepositoryPolicy(REGION, repository),
  };
}

async function requestFor(s: Setup, repository: string) {
  return s.workflow.requestRemediation({
    findingId: s.finding(repository).id,
    mode: 'remove',
    actor: alice,
  });
}

describe('remediation against the ECR emulator and DynamoDB Local', () => {
  it('removes the public statement, keeps the others, and reverts to the byte-identical text', async () => {
    const s = await setup();
    const request = await requestFor(s, 'app');
    await s.workflow.approve({ requestId: request.id, actor: bob });
    const applied = await s.workflow.applyApproved({ requestId: request.id });

    expect(applied.state).toBe('applied');
    const now = s.policy('app') ?? '';
    expect(now).not.toContain('"*"');
    expect(JSON.parse(now).Statement.map((st: { Sid: string }) => st.Sid)).toEqual(['Ci']);
    expect((await s.store.getBackup(request.id))?.priorText).toBe(ODD);
    expect((await s.store.getFinding(request.findingId))?.status).toBe('remediated');

    const reverted = await s.workflow.revert({ requestId: request.id, actor: carol });
    expect(reverted.state).toBe('reverted');
    expect(s.policy('app')).toBe(ODD);
    expect((await s.store.getFinding(request.findingId))?.status).toBe('reverted');
    expect(s.sets()).toBe(2);

    const history = await s.store.history('app', { region: REGION });
    expect(history.audit.map((e) => e.event)).toEqual(
      expect.arrayContaining([
        'remediation-requested',
        'approved',
        'backup-written',
        'applied',
        'reverted',
      ]),
    );
  });

  it('deletes a policy that only grants everyone, and the revert puts the exact text back', async () => {
    const s = await setup();
    const request = await requestFor(s, 'open-all');
    expect(request.plan.action).toBe('delete');
    await s.workflow.approveAndApply({ requestId: request.id, actor: bob });
    expect(s.policy('open-all')).toBeNull();
    expect(s.emulator.calls({ op: 'DeleteRepositoryPolicy' })).toBe(1);

    await s.workflow.revert({ requestId: request.id, actor: bob });
    expect(s.policy('open-all')).toBe(ONLY_PUBLIC);
  });

  it('restores "no policy" when there was none before', async () => {
    const s = await setup();
    const finding = s.finding('app');
    // A request recorded while the repository had no policy (the planned text adds one).
    const planned = '{"Version":"2012-10-17","Statement":[]}';
    await s.store.createRequest(
      {
        id: 'from-nothing',
        findingId: finding.id,
        target: { kind: 'private', registryId: ACCOUNT, region: REGION, repository: 'quiet' },
        mode: 'remove',
        state: 'requested',
        policyHash: null,
        policyText: null,
        plan: {
          action: 'set',
          document: planned,
          changedStatements: [],
          verdictAfter: 'private',
          summary: 'x',
        },
        plannedHash: null,
        requestedBy: alice,
        requestedAt: s.clock.now().toISOString(),
        updatedAt: s.clock.now().toISOString(),
      },
      { event: 'remediation-requested', actor: alice, message: 'test' },
    );
    await s.workflow.approveAndApply({ requestId: 'from-nothing', actor: bob });
    expect(s.policy('quiet')).toBe(planned);
    await s.workflow.revert({ requestId: 'from-nothing', actor: bob });
    expect(s.policy('quiet')).toBeNull();
  });

  it('never lets the requester or a stranger approve', async () => {
    const s = await setup();
    const request = await requestFor(s, 'app');
    await expect(s.workflow.approve({ requestId: request.id, actor: alice })).rejects.toMatchObject(
      {
        code: 'not-authorised',
      },
    );
    await expect(
      s.workflow.approve({ requestId: request.id, actor: mallory }),
    ).rejects.toMatchObject({ code: 'not-authorised' });
    await expect(s.workflow.applyApproved({ requestId: request.id })).rejects.toMatchObject({
      code: 'invalid-state',
    });
    expect((await s.store.getRequest(request.id))?.state).toBe('requested');
    expect(s.policy('app')).toBe(ODD);
    expect(s.sets()).toBe(0);
  });

  it('applies once for two approvals at once, a repeated approval and retried invocations', async () => {
    const s = await setup();
    const request = await requestFor(s, 'app');

    const approvals = await Promise.allSettled([
      s.workflow.approve({ requestId: request.id, actor: bob }),
      s.workflow.approve({ requestId: request.id, actor: carol }),
    ]);
    expect(approvals.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    await expect(s.workflow.approve({ requestId: request.id, actor: bob })).rejects.toMatchObject({
      code: 'invalid-state',
    });

    const runs = await Promise.all([
      s.workflow.applyApproved({ requestId: request.id }),
      s.workflow.applyApproved({ requestId: request.id }),
      s.workflow.applyApproved({ requestId: request.id }),
    ]);
    for (const run of runs) expect(['applying', 'applied']).toContain(run.state);
    const again = await s.workflow.applyApproved({ requestId: request.id });
    expect(again.state).toBe('applied');
    expect(s.sets()).toBe(1);
    const audit = (await s.store.history('app')).audit.map((e) => e.event);
    expect(audit.filter((e) => e === 'applied')).toHaveLength(1);
    expect(audit.filter((e) => e === 'approved')).toHaveLength(1);
  });

  it('refuses when the policy changed since the scan', async () => {
    const s = await setup();
    s.emulator.setRepositoryPolicy(REGION, 'app', SOMEONE_ELSE);
    await expect(requestFor(s, 'app')).rejects.toMatchObject({ code: 'policy-drifted' });
  });

  it('refuses to apply when the policy changed after the request', async () => {
    const s = await setup();
    const request = await requestFor(s, 'app');
    s.emulator.setRepositoryPolicy(REGION, 'app', SOMEONE_ELSE);
    s.emulator.resetCounters();

    const error = await s.workflow
      .approveAndApply({ requestId: request.id, actor: bob })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'policy-drifted' });
    expect(s.policy('app')).toBe(SOMEONE_ELSE);
    expect(s.sets()).toBe(0);
    expect((await s.store.getRequest(request.id))?.state).toBe('failed');
    expect((await s.store.getFinding(request.findingId))?.status).toBe('open');
  });

  it('refuses to revert over somebody else’s change and shows the difference', async () => {
    const s = await setup();
    const request = await requestFor(s, 'app');
    await s.workflow.approveAndApply({ requestId: request.id, actor: bob });
    s.emulator.setRepositoryPolicy(REGION, 'app', SOMEONE_ELSE);

    const error = (await s.workflow
      .revert({ requestId: request.id, actor: bob })
      .catch((e: unknown) => e)) as EcrCheckError;
    expect(error).toMatchObject({ code: 'policy-drifted' });
    expect(error.message).toContain('+ ');
    expect(error.message).toContain('444455556666');
    expect(s.policy('app')).toBe(SOMEONE_ELSE);
    expect((await s.store.getRequest(request.id))?.state).toBe('applied');
  });

  it('changes nothing when the backup cannot be written', async () => {
    const s = await setup({
      store: (store) =>
        new Proxy(store, {
          get(target, prop, receiver) {
            if (prop === 'saveBackup') {
              return async () => {
                throw new EcrCheckError('store-unavailable', 'DynamoDB is down');
              };
            }
            const value = Reflect.get(target, prop, receiver);
            return typeof value === 'function' ? value.bind(target) : value;
          },
        }),
    });
    const request = await requestFor(s, 'app');
    await expect(
      s.workflow.approveAndApply({ requestId: request.id, actor: bob }),
    ).rejects.toMatchObject({ code: 'store-unavailable' });
    expect(s.policy('app')).toBe(ODD);
    expect(s.sets()).toBe(0);
    expect(await s.store.getBackup(request.id)).toBeNull();
    expect((await s.store.getRequest(request.id))?.state).toBe('approved');
  });

  /** An approved request whose apply wrote the policy and then died before recording it. */
  async function applyThatDiesAfterWriting() {
    let crash = true;
    const s = await setup({
      livePolicy: (real) => ({
        ...real,
        async write(target, text) {
          await real.write(target, text);
          if (crash) throw new Error('the worker was killed');
        },
      }),
    });
    const request = await requestFor(s, 'app');
    await s.workflow.approve({ requestId: request.id, actor: bob });
    await expect(s.workflow.applyApproved({ requestId: request.id })).rejects.toThrow('killed');
    crash = false;
    return { s, request };
  }

  it('reconciles a crash after SetRepositoryPolicy without setting it twice', async () => {
    const { s, request } = await applyThatDiesAfterWriting();
    expect((await s.store.getRequest(request.id))?.state).toBe('applying');

    // A retry while the lease still runs leaves it to the first run.
    expect((await s.workflow.applyApproved({ requestId: request.id })).state).toBe('applying');

    s.clock.advance(10 * 60_000);
    const reconciled = await s.workflow.applyApproved({ requestId: request.id });
    expect(reconciled.state).toBe('applied');
    expect(s.sets()).toBe(1);
    expect((await s.store.getFinding(request.findingId))?.status).toBe('remediated');
    const audit = (await s.store.history('app')).audit.map((e) => e.event);
    expect(audit).toContain('reconciling');
  });

  it('settles a stopped apply on the next sweep, with no one acting on the request', async () => {
    const { s } = await applyThatDiesAfterWriting();

    // Inside the lease the sweep leaves the run alone; after it, the live policy settles it.
    expect((await s.workflow.reconcileStopped()).map((r) => r.state)).toEqual(['applying']);
    s.clock.advance(10 * 60_000);
    expect((await s.workflow.reconcileStopped()).map((r) => r.state)).toEqual(['applied']);
    expect(await s.store.listRequestsInFlight()).toEqual([]);
    expect(s.sets()).toBe(1);
  });

  it('says plainly when AWS no longer accepts the original text, and changes nothing', async () => {
    const s = await setup({
      livePolicy: (real) => ({
        ...real,
        async write(target, text) {
          if (text === ODD) {
            throw new EcrCheckError('aws-rejected-policy', "Invalid parameter at 'PolicyText'");
          }
          await real.write(target, text);
        },
      }),
    });
    const request = await requestFor(s, 'app');
    await s.workflow.approveAndApply({ requestId: request.id, actor: bob });
    const remediated = s.policy('app');

    const error = (await s.workflow
      .revert({ requestId: request.id, actor: bob })
      .catch((e: unknown) => e)) as EcrCheckError;
    expect(error.code).toBe('aws-rejected-policy');
    expect(error.message).toContain('no longer accepts the original policy');
    expect(s.policy('app')).toBe(remediated);
    expect((await s.store.getRequest(request.id))?.state).toBe('applied');
  });

  it('offers only accept risk for a public ECR Public repository', async () => {
    const s = await setup();
    const error = (await requestFor(s, 'pub').catch((e: unknown) => e)) as EcrCheckError;
    expect(error.code).toBe('invalid-state');
    expect(error.message).toContain('Accept the risk');
    const accepted = await s.workflow.acceptRisk({
      findingId: s.finding('pub').id,
      actor: bob,
      reason: 'our public base images',
    });
    expect(accepted.status).toBe('accepted-risk');
  });

  it('accepts a risk for 90 days, from approvers only, and keeps it out of the open list', async () => {
    const s = await setup();
    const finding = s.finding('app');
    await expect(
      s.workflow.acceptRisk({ findingId: finding.id, actor: mallory, reason: 'x' }),
    ).rejects.toMatchObject({ code: 'not-authorised' });
    const accepted = await s.workflow.acceptRisk({
      findingId: finding.id,
      actor: bob,
      reason: 'mirror of a public image',
    });
    expect(accepted.acceptedRisk?.expiresAt).toBe('2026-05-30T09:00:00.000Z');
    expect((await s.store.listOpenFindings()).map((f) => f.repository).sort()).toEqual([
      'open-all',
      'pub',
    ]);
    await expect(requestFor(s, 'app')).rejects.toMatchObject({ code: 'invalid-state' });
  });
});
