import { randomUUID } from 'node:crypto';
import { planRemediation } from '../policy/planner';
import type { AnalyzeOptions, RemediationMode } from '../policy/types';
import { EcrCheckError, isEcrCheckError } from '../shared/errors';
import { sha256 } from '../shared/hash';
import { log } from '../shared/log';
import type { Store } from '../store/store';
import type { Actor, PolicyTarget, RemediationRequest, StoredFinding } from '../store/types';
import { applyChange, revertChange } from './execute';
import { describeTarget, type LivePolicy } from './live-policy';

/** What the workflow needs; everything is injected so tests and the CLI can use real parts. */
export interface WorkflowDeps {
  store: Store;
  livePolicy: LivePolicy;
  /** Whether a user may approve, reject, revert and accept risks (Slack ids, or `cli:` ids). */
  isApprover(userId: string): Promise<boolean>;
  clock?: () => Date;
  /** Whom the policy engine trusts; `trustedOrg` is the org `restrict-to-org` pins policies to. */
  engine: { ownerAccount?: string; trustedAccounts?: readonly string[]; trustedOrg?: string };
  /** How long one run may hold an `applying`/`reverting` request before another takes over. */
  leaseMs?: number;
}

/** Default expiry of an accepted risk. */
export const DEFAULT_RISK_DAYS = 90;
const MAX_RISK_DAYS = 366;
const DAY_MS = 86_400_000;

/** Internal view of the dependencies with defaults filled in. */
export interface WorkflowContext extends Required<Omit<WorkflowDeps, 'engine'>> {
  engine: WorkflowDeps['engine'];
}

/**
 * The remediation workflow: request → approve → apply (backup first, drift refused) → revert
 * (exact prior text), plus reject and accept risk. Every step is one conditional transition in
 * the store, so double clicks and retried invocations act once; every decision is audited.
 *
 * Crash safety: `applyApproved` and `revert` mark the request `applying`/`reverting` with a lease
 * before touching AWS. A run that dies leaves that state; once the lease has passed, the next call
 * of `applyApproved`/`revert` (or `reconcile`) compares the live policy with the backup and the
 * planned text and finishes, retries or fails the step instead of guessing.
 *
 * Not covered: registry policies (refused; see `live-policy.ts`), and the public visibility of an
 * ECR Public repository (only deleting it ends that, which cannot be undone: accept the risk).
 */
export class RemediationWorkflow {
  private readonly ctx: WorkflowContext;

  constructor(deps: WorkflowDeps) {
    this.ctx = { clock: () => new Date(), leaseMs: 120_000, ...deps };
  }

  /** Plans a remediation of a finding from its live policy and records it for approval. */
  async requestRemediation(input: {
    findingId: string;
    mode: RemediationMode;
    actor: Actor;
  }): Promise<RemediationRequest> {
    const { store, livePolicy } = this.ctx;
    const finding = await store.getFinding(input.findingId);
    if (!finding) throw new EcrCheckError('not-found', `No finding with id ${input.findingId}.`);
    const target = remediableTarget(finding);
    if (finding.status !== 'open' && finding.status !== 'reverted') {
      throw new EcrCheckError(
        'invalid-state',
        `This finding is ${finding.status}` +
          (finding.requestId ? ` (remediation request ${finding.requestId}).` : '.'),
        { details: { findingId: finding.id, status: finding.status } },
      );
    }

    const text = await livePolicy.read(target);
    const liveHash = hashOf(text);
    if (liveHash !== finding.policyHash || text === null) {
      await store.audit({
        event: 'request-refused',
        actor: input.actor,
        findingId: finding.id,
        target,
        message: 'Remediation refused: the policy changed since the scan.',
        details: { scannedHash: finding.policyHash, liveHash },
      });
      throw new EcrCheckError(
        'policy-drifted',
        `The policy of ${describeTarget(target)} changed since the scan; rescan before remediating.`,
        { details: { findingId: finding.id, scannedHash: finding.policyHash, liveHash } },
      );
    }

    const plan = planRemediation(text, this.analyzeOptions(finding, target), input.mode, {
      orgId: this.ctx.engine.trustedOrg,
    });
    if (plan.action === 'none') {
      throw new EcrCheckError('invalid-state', plan.summary, {
        details: { findingId: finding.id },
      });
    }

    const now = this.now();
    const request: RemediationRequest = {
      id: randomUUID(),
      findingId: finding.id,
      target,
      mode: input.mode,
      state: 'requested',
      policyHash: liveHash,
      policyText: text,
      plan,
      plannedHash: plan.action === 'set' ? sha256(plan.document) : null,
      requestedBy: input.actor,
      requestedAt: now,
      updatedAt: now,
    };
    try {
      await store.createRequest(request, {
        event: 'remediation-requested',
        actor: input.actor,
        findingId: finding.id,
        requestId: request.id,
        target,
        message: `Remediation requested (${input.mode}): ${plan.summary}`,
        details: { plannedHash: request.plannedHash, action: plan.action },
      });
    } catch (error) {
      if (!isEcrCheckError(error, 'store-conflict')) throw error;
      const now = await store.getFinding(finding.id);
      throw new EcrCheckError(
        'invalid-state',
        `A remediation is already under way for this finding` +
          (now?.requestId ? ` (request ${now.requestId}).` : '.'),
        { cause: error, details: { findingId: finding.id, requestId: now?.requestId } },
      );
    }
    log.info('remediation requested', { requestId: request.id, ...target, user: input.actor.id });
    return request;
  }

  /** Records an approval (approvers only, never the requester); does not touch AWS. */
  async approve(input: { requestId: string; actor: Actor }): Promise<RemediationRequest> {
    const request = await this.getRequest(input.requestId);
    if (request.requestedBy.id === input.actor.id) {
      await this.refuse(request, input.actor, 'approve-refused', 'the requester tried to approve');
      throw new EcrCheckError(
        'not-authorised',
        'You requested this remediation; another approver must approve it.',
        { details: { requestId: request.id } },
      );
    }
    await this.mustBeApprover(request, input.actor, 'approve');
    if (request.state !== 'requested') throw stateError(request, 'approve');

    try {
      const approved = await this.ctx.store.transitionRequest(request.id, {
        from: ['requested'],
        to: 'approved',
        set: { approvedBy: input.actor, approvedAt: this.now() },
        expect: { notRequestedBy: input.actor.id },
        audit: { event: 'approved', actor: input.actor, message: 'Remediation approved.' },
      });
      log.info('remediation approved', { requestId: request.id, user: input.actor.id });
      return approved;
    } catch (error) {
      throw conflictAsState(error, 'approve');
    }
  }

  /**
   * The worker's job: applies an approved request (backup, drift check, change, record). A request
   * already applied, failed or being applied by a live run is returned as it is, so a retried
   * invocation changes nothing; a run that died is reconciled once its lease has passed.
   */
  async applyApproved(input: { requestId: string }): Promise<RemediationRequest> {
    const request = await this.getRequest(input.requestId);
    if (request.state === 'requested') throw stateError(request, 'apply');
    if (request.state === 'applying') return this.resume(request);
    if (request.state !== 'approved') return request;

    const attemptId = randomUUID();
    let claimed: RemediationRequest;
    try {
      claimed = await this.ctx.store.transitionRequest(request.id, {
        from: ['approved'],
        to: 'applying',
        set: { attemptId, leaseUntil: this.leaseUntil() },
        audit: { event: 'applying', actor: null, message: 'Applying the approved change.' },
      });
    } catch (error) {
      if (!isEcrCheckError(error, 'store-conflict')) throw error;
      return this.getRequest(input.requestId);
    }
    return applyChange(this.ctx, claimed, attemptId);
  }

  /** Approves and applies in one call (the CLI and local runs; Slack splits the two). */
  async approveAndApply(input: { requestId: string; actor: Actor }): Promise<RemediationRequest> {
    await this.approve(input);
    return this.applyApproved({ requestId: input.requestId });
  }

  /** Rejects a request that has not been applied (approvers, or the requester withdrawing it). */
  async reject(input: {
    requestId: string;
    actor: Actor;
    reason?: string;
  }): Promise<RemediationRequest> {
    const request = await this.getRequest(input.requestId);
    if (request.requestedBy.id !== input.actor.id) {
      await this.mustBeApprover(request, input.actor, 'reject');
    }
    if (request.state !== 'requested' && request.state !== 'approved') {
      throw stateError(request, 'reject');
    }
    try {
      return await this.ctx.store.transitionRequest(request.id, {
        from: ['requested', 'approved'],
        to: 'rejected',
        set: { rejectedBy: input.actor, rejectedAt: this.now(), rejectReason: input.reason },
        findingStatus: 'open',
        audit: {
          event: 'rejected',
          actor: input.actor,
          message: `Remediation rejected${input.reason ? `: ${input.reason}` : '.'}`,
        },
      });
    } catch (error) {
      throw conflictAsState(error, 'reject');
    }
  }

  /**
   * Puts back exactly what was there before an applied change, only if the live policy is still
   * what we wrote; otherwise refuses and shows the difference. If AWS no longer accepts the old
   * text, says so and changes nothing.
   */
  async revert(input: { requestId: string; actor: Actor }): Promise<RemediationRequest> {
    const request = await this.getRequest(input.requestId);
    await this.mustBeApprover(request, input.actor, 'revert');
    if (request.state === 'reverted') return request;
    if (request.state === 'reverting') return this.resume(request, input.actor);
    if (request.state !== 'applied') throw stateError(request, 'revert');

    const attemptId = randomUUID();
    let claimed: RemediationRequest;
    try {
      claimed = await this.ctx.store.transitionRequest(request.id, {
        from: ['applied'],
        to: 'reverting',
        set: { attemptId, leaseUntil: this.leaseUntil(), revertedBy: input.actor },
        audit: { event: 'reverting', actor: input.actor, message: 'Reverting the change.' },
      });
    } catch (error) {
      if (!isEcrCheckError(error, 'store-conflict')) throw error;
      const now = await this.getRequest(request.id);
      if (now.state === 'reverting' || now.state === 'reverted') return now;
      throw stateError(now, 'revert');
    }
    return revertChange(this.ctx, claimed, attemptId, input.actor);
  }

  /** Accepts the risk of an open finding until `expiresAt` (default 90 days; approvers only). */
  async acceptRisk(input: {
    findingId: string;
    actor: Actor;
    reason: string;
    expiresAt?: Date;
  }): Promise<StoredFinding> {
    const { store } = this.ctx;
    const finding = await store.getFinding(input.findingId);
    if (!finding) throw new EcrCheckError('not-found', `No finding with id ${input.findingId}.`);
    if (!(await this.ctx.isApprover(input.actor.id))) {
      throw new EcrCheckError('not-authorised', 'Only approvers can accept a risk.');
    }
    const reason = input.reason.trim();
    if (reason.length === 0) {
      throw new EcrCheckError(
        'invalid-state',
        'Say why the risk is accepted (a reason is required).',
      );
    }
    const now = this.ctx.clock();
    const expiresAt = input.expiresAt ?? new Date(now.getTime() + DEFAULT_RISK_DAYS * DAY_MS);
    if (expiresAt <= now || expiresAt.getTime() > now.getTime() + MAX_RISK_DAYS * DAY_MS) {
      throw new EcrCheckError(
        'invalid-state',
        `The expiry must be in the future and within ${MAX_RISK_DAYS} days.`,
      );
    }
    try {
      return await store.acceptRisk(
        {
          findingId: finding.id,
          reason,
          by: input.actor,
          at: now.toISOString(),
          expiresAt: expiresAt.toISOString(),
        },
        finding,
      );
    } catch (error) {
      if (!isEcrCheckError(error, 'store-conflict')) throw error;
      const current = await store.getFinding(finding.id);
      throw new EcrCheckError(
        'invalid-state',
        `Only an open finding can be accepted; this one is ${current?.status ?? 'gone'}.`,
        { cause: error },
      );
    }
  }

  /**
   * Reconciles every request a crash or timeout left in `applying` or `reverting` once its lease
   * has passed (a run still inside its lease is left alone). The digest calls this, so a stopped
   * change is settled from the live policy by the next day at the latest.
   */
  async reconcileStopped(): Promise<RemediationRequest[]> {
    const settled: RemediationRequest[] = [];
    for (const request of await this.ctx.store.listRequestsInFlight()) {
      try {
        settled.push(await this.reconcile({ requestId: request.id }));
      } catch (error) {
        log.warn('could not reconcile a stopped remediation', {
          requestId: request.id,
          error: isEcrCheckError(error) ? error.code : String(error),
        });
      }
    }
    return settled;
  }

  /**
   * Finishes a request a crashed or timed-out run left `applying` or `reverting`, from the live
   * policy, once its lease has passed; any other request is returned unchanged.
   */
  async reconcile(input: { requestId: string }): Promise<RemediationRequest> {
    const request = await this.getRequest(input.requestId);
    if (request.state !== 'applying' && request.state !== 'reverting') return request;
    return this.resume(request, request.revertedBy);
  }

  private async resume(request: RemediationRequest, actor?: Actor): Promise<RemediationRequest> {
    const leaseUntil = request.leaseUntil ?? '';
    if (leaseUntil > this.now()) return request;

    const attemptId = randomUUID();
    let claimed: RemediationRequest;
    try {
      claimed = await this.ctx.store.transitionRequest(request.id, {
        from: [request.state],
        to: request.state,
        set: { attemptId, leaseUntil: this.leaseUntil() },
        expect: { attemptId: request.attemptId ?? '' },
        audit: {
          event: 'reconciling',
          actor: null,
          message: `A previous run stopped while ${request.state}; reconciling from the live policy.`,
        },
      });
    } catch (error) {
      if (!isEcrCheckError(error, 'store-conflict')) throw error;
      return this.getRequest(request.id);
    }
    log.warn('reconciling an interrupted remediation', {
      requestId: request.id,
      state: request.state,
    });
    return claimed.state === 'applying'
      ? applyChange(this.ctx, claimed, attemptId)
      : revertChange(this.ctx, claimed, attemptId, actor ?? null);
  }

  private analyzeOptions(finding: StoredFinding, target: PolicyTarget): AnalyzeOptions {
    const { engine } = this.ctx;
    return {
      kind: target.kind,
      ownerAccount: finding.registryId || engine.ownerAccount || '',
      trustedAccounts: engine.trustedAccounts ?? [],
      trustedOrgs: engine.trustedOrg ? [engine.trustedOrg] : [],
    };
  }

  private async getRequest(id: string): Promise<RemediationRequest> {
    const request = await this.ctx.store.getRequest(id);
    if (!request) throw new EcrCheckError('not-found', `No remediation request with id ${id}.`);
    return request;
  }

  private async mustBeApprover(request: RemediationRequest, actor: Actor, what: string) {
    if (await this.ctx.isApprover(actor.id)) return;
    await this.refuse(request, actor, `${what}-refused`, `${actor.id} is not an approver`);
    throw new EcrCheckError('not-authorised', `Only approvers can ${what} a remediation.`, {
      details: { requestId: request.id },
    });
  }

  private async refuse(request: RemediationRequest, actor: Actor, event: string, why: string) {
    log.warn('remediation step refused', { requestId: request.id, user: actor.id, why });
    await this.ctx.store.audit({
      event,
      actor,
      requestId: request.id,
      findingId: request.findingId,
      target: request.target,
      message: `Refused: ${why}.`,
    });
  }

  private now(): string {
    return this.ctx.clock().toISOString();
  }

  private leaseUntil(): string {
    return new Date(this.ctx.clock().getTime() + this.ctx.leaseMs).toISOString();
  }
}

/** Builds the workflow from its dependencies. */
export function createWorkflow(deps: WorkflowDeps): RemediationWorkflow {
  return new RemediationWorkflow(deps);
}

/** SHA-256 of a policy text, or null for "no policy". */
export function hashOf(text: string | null): string | null {
  return text === null ? null : sha256(text);
}

function remediableTarget(finding: StoredFinding): PolicyTarget {
  if (finding.kind === 'registry-policy' || finding.repository === null) {
    throw new EcrCheckError(
      'invalid-state',
      'Registry policies are not remediated from ecr-check; change them with ' +
        '`aws ecr put-registry-policy` (or accept the risk).',
      { details: { findingId: finding.id } },
    );
  }
  const isPublic = finding.kind === 'public-repository';
  if (isPublic && finding.verdict !== 'public-push') {
    throw new EcrCheckError(
      'invalid-state',
      `${finding.repository} is an ECR Public repository: it is public by design, and only ` +
        'deleting it ends that, which cannot be undone. Accept the risk instead.',
      { details: { findingId: finding.id } },
    );
  }
  return {
    kind: isPublic ? 'public' : 'private',
    registryId: finding.registryId,
    region: finding.region,
    repository: finding.repository,
  };
}

function stateError(request: RemediationRequest, what: string): EcrCheckError {
  const who = request.approvedBy ?? request.rejectedBy ?? request.revertedBy;
  return new EcrCheckError(
    'invalid-state',
    `Cannot ${what}: remediation request ${request.id} is ${request.state}` +
      (who ? ` (${who.name ?? who.id}).` : '.'),
    { details: { requestId: request.id, state: request.state } },
  );
}

function conflictAsState(error: unknown, what: string): unknown {
  if (!isEcrCheckError(error, 'store-conflict')) return error;
  const current = error.details.request as RemediationRequest | null | undefined;
  return current ? stateError(current, what) : error;
}
