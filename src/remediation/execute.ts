import { EcrCheckError, isEcrCheckError } from '../shared/errors';
import { sha256 } from '../shared/hash';
import { log } from '../shared/log';
import type { Actor, Backup, RemediationRequest } from '../store/types';
import { describeDifference } from './difference';
import { describeTarget } from './live-policy';
import type { WorkflowContext } from './workflow';

/** AWS answers that say for certain the change did not happen (anything else may have). */
const DEFINITE = new Set(['aws-rejected-policy', 'aws-access-denied', 'not-found']);

/**
 * Applies a request this run has claimed (`applying`, lease `attemptId`): backup first (a failure
 * stops everything), then the live policy must still be the backed-up text (or already be the
 * planned one, when reconciling), then Set or Delete, then the result is recorded.
 */
export async function applyChange(
  ctx: WorkflowContext,
  request: RemediationRequest,
  attemptId: string,
): Promise<RemediationRequest> {
  const { store, livePolicy } = ctx;
  const target = request.target;
  const plan = request.plan;
  const writtenText = plan.action === 'set' ? plan.document : null;

  let backup: Backup;
  try {
    backup =
      (await store.getBackup(request.id)) ??
      (await store.saveBackup({
        requestId: request.id,
        target,
        priorText: request.policyText,
        priorHash: request.policyHash,
        writtenText,
        writtenHash: writtenText === null ? null : sha256(writtenText),
        createdAt: ctx.clock().toISOString(),
      }));
  } catch (error) {
    await release(ctx, request, attemptId, 'approved', 'The backup could not be written.');
    throw new EcrCheckError(
      'store-unavailable',
      `The backup of ${describeTarget(target)} could not be written, so nothing was changed.`,
      { cause: error, details: { requestId: request.id } },
    );
  }

  const live = await livePolicy.read(target);
  const liveHash = live === null ? null : sha256(live);
  if (liveHash !== backup.priorHash && liveHash === backup.writtenHash) {
    return recordApplied(ctx, request, attemptId, liveHash, 'The change was already in place.');
  }
  if (liveHash !== backup.priorHash) {
    const difference = describeDifference(backup.priorText, live);
    await fail(ctx, request, attemptId, 'The policy changed after the request; nothing was done.', {
      liveHash,
      expectedHash: backup.priorHash,
    });
    throw new EcrCheckError(
      'policy-drifted',
      `The policy of ${describeTarget(target)} changed since the request, so it was left alone. ` +
        `Rescan and request again.\n${difference}`,
      { details: { requestId: request.id, liveHash, expectedHash: backup.priorHash, difference } },
    );
  }

  try {
    if (writtenText === null) await livePolicy.remove(target);
    else await livePolicy.write(target, writtenText);
  } catch (error) {
    if (isEcrCheckError(error) && DEFINITE.has(error.code)) {
      await fail(ctx, request, attemptId, `AWS refused the change: ${error.message}`, {});
    }
    // Otherwise the change may or may not have happened: the request stays `applying` and the
    // next run reconciles it from the live policy.
    throw error;
  }

  const after = await livePolicy.read(target);
  return recordApplied(
    ctx,
    request,
    attemptId,
    after === null ? null : sha256(after),
    writtenText === null ? 'The policy was deleted.' : 'The new policy was set.',
  );
}

/**
 * Reverts a request this run has claimed (`reverting`): only when the live policy is still what
 * we wrote; restores the backup's exact text, or deletes the policy when there was none.
 */
export async function revertChange(
  ctx: WorkflowContext,
  request: RemediationRequest,
  attemptId: string,
  actor: Actor | null,
): Promise<RemediationRequest> {
  const { store, livePolicy } = ctx;
  const target = request.target;
  const backup = await store.getBackup(request.id);
  if (!backup) {
    await backToApplied(ctx, request, attemptId, actor, 'revert-failed', 'No backup was found.');
    throw new EcrCheckError('not-found', `Request ${request.id} has no backup to revert to.`);
  }

  const live = await livePolicy.read(target);
  const liveHash = live === null ? null : sha256(live);
  const expected = request.appliedHash !== undefined ? request.appliedHash : backup.writtenHash;
  if (liveHash === backup.priorHash && liveHash !== expected) {
    return recordReverted(
      ctx,
      request,
      attemptId,
      actor,
      liveHash,
      'The original was already back.',
    );
  }
  if (liveHash !== expected) {
    const difference = describeDifference(backup.writtenText, live);
    await backToApplied(
      ctx,
      request,
      attemptId,
      actor,
      'revert-refused',
      'Revert refused: the policy changed after our change.',
      { liveHash, expectedHash: expected },
    );
    throw new EcrCheckError(
      'policy-drifted',
      `The policy of ${describeTarget(target)} is no longer what ecr-check wrote, so the revert ` +
        `was refused (it would overwrite someone's change):\n${difference}`,
      { details: { requestId: request.id, liveHash, expectedHash: expected, difference } },
    );
  }

  try {
    if (backup.priorText === null) await livePolicy.remove(target);
    else await livePolicy.write(target, backup.priorText);
  } catch (error) {
    if (isEcrCheckError(error, 'aws-rejected-policy')) {
      await backToApplied(ctx, request, attemptId, actor, 'revert-rejected', error.message);
      throw new EcrCheckError(
        'aws-rejected-policy',
        `AWS no longer accepts the original policy of ${describeTarget(target)} (its rules have ` +
          `tightened since it was written), so nothing was changed: the remediated policy is ` +
          `still in place. The original text stays in the backup of request ${request.id}. ` +
          `AWS said: ${error.message}`,
        { cause: error, details: { requestId: request.id } },
      );
    }
    if (isEcrCheckError(error) && DEFINITE.has(error.code)) {
      await backToApplied(ctx, request, attemptId, actor, 'revert-failed', error.message);
    }
    throw error;
  }

  const after = await livePolicy.read(target);
  return recordReverted(
    ctx,
    request,
    attemptId,
    actor,
    after === null ? null : sha256(after),
    backup.priorText === null ? 'The policy was deleted again.' : 'The original text is back.',
  );
}

async function recordApplied(
  ctx: WorkflowContext,
  request: RemediationRequest,
  attemptId: string,
  appliedHash: string | null,
  message: string,
): Promise<RemediationRequest> {
  const matches = appliedHash === request.plannedHash;
  const applied = await ctx.store.transitionRequest(request.id, {
    from: ['applying'],
    to: 'applied',
    set: { appliedAt: ctx.clock().toISOString(), appliedHash },
    remove: ['leaseUntil', 'attemptId'],
    expect: { attemptId },
    findingStatus: 'remediated',
    audit: {
      event: 'applied',
      actor: request.approvedBy ?? null,
      message: matches ? message : `${message} The live policy now differs from the plan.`,
      details: { appliedHash, plannedHash: request.plannedHash },
    },
  });
  log.info('remediation applied', { requestId: request.id, ...request.target });
  return applied;
}

async function recordReverted(
  ctx: WorkflowContext,
  request: RemediationRequest,
  attemptId: string,
  actor: Actor | null,
  liveHash: string | null,
  message: string,
): Promise<RemediationRequest> {
  const reverted = await ctx.store.transitionRequest(request.id, {
    from: ['reverting'],
    to: 'reverted',
    set: { revertedAt: ctx.clock().toISOString() },
    remove: ['leaseUntil', 'attemptId'],
    expect: { attemptId },
    findingStatus: 'reverted',
    audit: { event: 'reverted', actor, message, details: { liveHash } },
  });
  log.info('remediation reverted', { requestId: request.id, ...request.target });
  return reverted;
}

async function fail(
  ctx: WorkflowContext,
  request: RemediationRequest,
  attemptId: string,
  failure: string,
  details: Record<string, unknown>,
): Promise<void> {
  await ctx.store.transitionRequest(request.id, {
    from: ['applying'],
    to: 'failed',
    set: { failedAt: ctx.clock().toISOString(), failure },
    remove: ['leaseUntil', 'attemptId'],
    expect: { attemptId },
    findingStatus: 'open',
    audit: { event: 'apply-failed', actor: null, message: failure, details },
  });
  log.warn('remediation failed', { requestId: request.id, failure });
}

async function release(
  ctx: WorkflowContext,
  request: RemediationRequest,
  attemptId: string,
  to: 'approved',
  why: string,
): Promise<void> {
  try {
    await ctx.store.transitionRequest(request.id, {
      from: ['applying'],
      to,
      remove: ['leaseUntil', 'attemptId'],
      expect: { attemptId },
      audit: { event: 'apply-stopped', actor: null, message: `${why} Nothing was changed.` },
    });
  } catch (error) {
    // The store is down: the lease runs out and the next run starts again from the backup step.
    log.error('could not release a remediation request', { requestId: request.id, error });
  }
}

async function backToApplied(
  ctx: WorkflowContext,
  request: RemediationRequest,
  attemptId: string,
  actor: Actor | null,
  event: string,
  message: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  await ctx.store.transitionRequest(request.id, {
    from: ['reverting'],
    to: 'applied',
    remove: ['leaseUntil', 'attemptId', 'revertedBy'],
    expect: { attemptId },
    audit: { event, actor, message, details },
  });
}
