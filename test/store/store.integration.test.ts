import { describe, expect, it } from 'vitest';
import { isEcrCheckError } from '../../src/shared/errors';
import type { RemediationRequest } from '../../src/store/types';
import { repositoryFinding, scanOf, testClock, testStore } from '../support/store';

const alice = { id: 'UALICE', name: 'alice', via: 'slack' as const };
const bob = { id: 'UBOB', name: 'bob', via: 'slack' as const };
const POLICY =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:BatchGetImage"}]}';

function requestFor(findingId: string, id = 'req-1'): RemediationRequest {
  return {
    id,
    findingId,
    target: { kind: 'private', registryId: '111122223333', region: 'eu-west-1', repository: 'app' },
    mode: 'remove',
    state: 'requested',
    policyHash: null,
    policyText: POLICY,
    plan: { action: 'delete', changedStatements: [0], verdictAfter: 'private', summary: 'delete' },
    plannedHash: null,
    requestedBy: alice,
    requestedAt: '2026-03-01T09:05:00.000Z',
    updatedAt: '2026-03-01T09:05:00.000Z',
  };
}

describe('the store', () => {
  it('reports new findings, then what was fixed, and keeps first seen', async () => {
    const clock = testClock();
    const store = await testStore('scan', clock);
    const app = repositoryFinding('app', POLICY);
    const web = repositoryFinding('web', POLICY);

    const first = await store.recordScan(scanOf([app, web]));
    expect(first.new.map((f) => f.repository).sort()).toEqual(['app', 'web']);
    expect(first.fixed).toEqual([]);

    clock.advance(86_400_000);
    const second = await store.recordScan(scanOf([app]));
    expect(second.new).toEqual([]);
    expect(second.fixed.map((f) => f.repository)).toEqual(['web']);

    const stored = await store.getFinding(app.id);
    expect(stored?.firstSeen).toBe('2026-03-01T09:00:00.000Z');
    expect(stored?.lastSeen).toBe('2026-03-02T09:00:00.000Z');
    expect((await store.getFinding(web.id))?.status).toBe('gone');
    expect((await store.listOpenFindings()).map((f) => f.repository)).toEqual(['app']);

    const third = await store.recordScan(scanOf([app]));
    expect(third.fixed).toEqual([]);
  });

  it('reports what changed since the last digest, across ad-hoc scans in between', async () => {
    const clock = testClock();
    const store = await testStore('since', clock);
    const app = repositoryFinding('app', POLICY);
    const web = repositoryFinding('web', POLICY);
    await store.recordScan(scanOf([app, web]));
    await store.saveMarker('last-digest', clock.now().toISOString());

    clock.advance(3_600_000);
    const api = repositoryFinding('api', POLICY);
    await store.recordScan(scanOf([app, api])); // an ad-hoc scan: web gone, api new

    clock.advance(3_600_000);
    const since = (await store.getMarker('last-digest')) ?? '';
    const digest = await store.recordScan(scanOf([app, api]), { since });
    expect(digest.new.map((f) => f.repository)).toEqual(['api']);
    expect(digest.fixed.map((f) => f.repository)).toEqual(['web']);
  });

  it('leaves findings of a region that failed alone', async () => {
    const store = await testStore('scan-failed');
    const app = repositoryFinding('app', POLICY);
    await store.recordScan(scanOf([app]));
    const record = await store.recordScan(
      scanOf([], {
        errors: [{ region: 'eu-west-1', service: 'ecr', code: 'access-denied', message: 'no' }],
      }),
    );
    expect(record.fixed).toEqual([]);
    expect((await store.getFinding(app.id))?.status).toBe('open');
  });

  it('makes exactly one transition when two callers race', async () => {
    const store = await testStore('race');
    const app = repositoryFinding('app', POLICY);
    await store.recordScan(scanOf([app]));
    await store.createRequest(requestFor(app.id), {
      event: 'remediation-requested',
      actor: alice,
      message: 'requested',
    });

    const approve = () =>
      store.transitionRequest('req-1', {
        from: ['requested'],
        to: 'approved',
        set: { approvedBy: bob },
        expect: { notRequestedBy: bob.id },
        audit: { event: 'approved', actor: bob, requestId: 'req-1', message: 'approved' },
      });
    const results = await Promise.allSettled([approve(), approve(), approve()]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') expect(isEcrCheckError(r.reason, 'store-conflict')).toBe(true);
    }
    expect((await store.getRequest('req-1'))?.state).toBe('approved');
    const history = await store.history('app');
    expect(history.audit.filter((e) => e.event === 'approved')).toHaveLength(1);
  });

  it('refuses a second request for the same finding', async () => {
    const store = await testStore('second');
    const app = repositoryFinding('app', POLICY);
    await store.recordScan(scanOf([app]));
    const audit = { event: 'remediation-requested', actor: alice, message: 'requested' };
    await store.createRequest(requestFor(app.id, 'a'), audit);
    await expect(store.createRequest(requestFor(app.id, 'b'), audit)).rejects.toMatchObject({
      code: 'store-conflict',
    });
    expect((await store.getFinding(app.id))?.status).toBe('remediation-requested');
  });

  it('keeps the first backup of a request', async () => {
    const store = await testStore('backup');
    const target = requestFor('x').target;
    const backup = {
      requestId: 'r',
      target,
      priorText: ' { "odd" :  1 }\n',
      priorHash: 'h1',
      writtenText: null,
      writtenHash: null,
      createdAt: '2026-03-01T09:00:00.000Z',
    };
    await store.saveBackup(backup);
    const second = await store.saveBackup({ ...backup, priorText: 'other', priorHash: 'h2' });
    expect(second.priorText).toBe(' { "odd" :  1 }\n');
    expect((await store.getBackup('r'))?.priorText).toBe(' { "odd" :  1 }\n');
  });

  it('reopens an accepted risk when it expires', async () => {
    const clock = testClock();
    const store = await testStore('risk', clock);
    const app = repositoryFinding('app', POLICY);
    await store.recordScan(scanOf([app]));
    const finding = await store.getFinding(app.id);
    if (!finding) throw new Error('missing');
    await store.acceptRisk(
      {
        findingId: app.id,
        reason: 'public base image',
        by: alice,
        at: clock.now().toISOString(),
        expiresAt: '2026-03-10T00:00:00.000Z',
      },
      finding,
    );
    expect((await store.listExceptions()).map((f) => f.acceptedRisk?.reason)).toEqual([
      'public base image',
    ]);
    expect(await store.listOpenFindings()).toEqual([]);

    clock.set('2026-03-11T00:00:00.000Z');
    expect(await store.listExceptions()).toEqual([]);
    expect((await store.listOpenFindings()).map((f) => f.id)).toEqual([app.id]);
  });

  it('remembers where a finding card was posted', async () => {
    const store = await testStore('slack');
    expect(await store.getMessageRef('f1')).toBeNull();
    await store.saveMessageRef('f1', { channel: 'C1', ts: '1.2' });
    expect(await store.getMessageRef('f1')).toEqual({ channel: 'C1', ts: '1.2' });
  });
});
