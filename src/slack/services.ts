import type { RemediationMode } from '../policy/types';
import type { ScanResult } from '../scan/types';
import type { CoreConfig } from '../shared/config';
import type { Actor, RemediationRequest, Store, StoredFinding } from '../store';
import type { RemediationRequestView, SlackServices } from './ports';

/**
 * The remediation workflow as the Slack app calls it, with Slack users as actors. Bound to
 * `src/remediation/workflow.ts` by `workflowFor` (in `workflowBinding.ts`).
 */
export interface WorkflowPort {
  requestRemediation(
    findingId: string,
    mode: RemediationMode,
    actor: Actor,
  ): Promise<RemediationRequest>;
  approve(requestId: string, actor: Actor): Promise<RemediationRequest>;
  applyApproved(requestId: string): Promise<RemediationRequest>;
  reconcileStopped(): Promise<RemediationRequest[]>;
  reject(requestId: string, actor: Actor): Promise<RemediationRequest>;
  revert(requestId: string, actor: Actor): Promise<RemediationRequest>;
  acceptRisk(
    findingId: string,
    actor: Actor,
    reason: string,
    expiresAt: Date,
  ): Promise<StoredFinding>;
}

/** The store marker holding when the last digest that reached Slack was recorded. */
const LAST_DIGEST = 'last-digest';

/**
 * The message-ref key of a request's approval card. The store keeps Slack message refs by finding
 * id; this prefix cannot be a finding id (those are hashes), so the two never meet, and the ref
 * expires with the store's other Slack refs.
 */
const approvalCardKey = (requestId: string) => `approval-card:${requestId}`;

/** A Slack user as the store's actor. */
export function slackActor(userId: string): Actor {
  return { id: userId, via: 'slack' };
}

/** Everything `createServices` binds together. */
export interface ServiceParts {
  store: Store;
  workflow: WorkflowPort;
  core: CoreConfig;
  /**
   * The scanner. Bound by the caller (see `bootstrap.ts`), not here, so the edge function, which
   * hands scans to the worker, does not carry the scanner in its bundle.
   */
  scan: (regions: string[]) => Promise<ScanResult>;
  env?: NodeJS.ProcessEnv;
}

/**
 * Reads a repository policy live. The ECR clients are imported on first use: most Slack
 * requests never read ECR, and a cold start should not evaluate them.
 */
async function readLivePolicy(target: RemediationRequest['target']): Promise<string | null> {
  const { awsLivePolicy } = await import('../remediation/live-policy');
  return awsLivePolicy().read(target);
}

/** Binds the Slack app's needs to the scanner, the store, the engine and the workflow. */
export function createServices(parts: ServiceParts): SlackServices {
  const { store, workflow, core, scan } = parts;
  const env = parts.env ?? process.env;

  const view = async (request: RemediationRequest): Promise<RemediationRequestView> => {
    const backup = await store.getBackup(request.id).catch(() => null);
    const before =
      backup !== null ? backup.priorText : await readLivePolicy(request.target).catch(() => null);
    const actor = request.revertedBy ?? request.rejectedBy ?? request.approvedBy ?? undefined;
    return {
      id: request.id,
      findingId: request.findingId,
      state: request.state,
      registryId: request.target.registryId,
      region: request.target.region,
      repository: request.target.repository,
      requestedBy: request.requestedBy.id,
      actedBy: actor?.id,
      summary: request.plan.summary,
      before,
      after: request.plan.action === 'set' ? request.plan.document : null,
      verdictAfter: request.plan.action === 'none' ? undefined : request.plan.verdictAfter,
      error: request.failure,
    };
  };

  return {
    scan,
    async recordDigest(result) {
      const since = await store.getMarker(LAST_DIGEST);
      const record = await store.recordScan(result, { since: since ?? '' });
      // Taken after recording, so nothing this scan recorded is "since" it next time.
      const recordedAt = store.ctx.clock().toISOString();
      const statuses = Object.fromEntries(record.findings.map((f) => [f.id, f.status]));
      if (since === null) {
        return {
          first: true,
          newFindingIds: record.findings.map((f) => f.id),
          fixed: [],
          statuses,
          recordedAt,
        };
      }
      return {
        newFindingIds: record.new.map((f) => f.id),
        fixed: record.fixed,
        statuses,
        recordedAt,
      };
    },
    async markDigestPosted(recordedAt) {
      await store.saveMarker(LAST_DIGEST, recordedAt);
    },
    async recordScan(result) {
      await store.recordScan(result);
    },
    getFinding: (id) => store.getFinding(id),
    saveMessageRef: (id, ref) => store.saveMessageRef(id, ref),
    getMessageRef: (id) => store.getMessageRef(id),
    saveApprovalCardRef: (id, ref) => store.saveMessageRef(approvalCardKey(id), ref),
    getApprovalCardRef: (id) => store.getMessageRef(approvalCardKey(id)),
    requestRemediation: async (findingId, mode, user) =>
      view(await workflow.requestRemediation(findingId, mode, slackActor(user))),
    approve: async (id, user) => view(await workflow.approve(id, slackActor(user))),
    reject: async (id, user) => view(await workflow.reject(id, slackActor(user))),
    applyApproved: async (id) => view(await workflow.applyApproved(id)),
    reconcileStopped: async () => (await workflow.reconcileStopped()).length,
    revert: async (id, user) => view(await workflow.revert(id, slackActor(user))),
    async acceptRisk(findingId, user, reason, expiresAt) {
      const finding = await workflow.acceptRisk(findingId, slackActor(user), reason, expiresAt);
      return {
        findingId,
        registryId: finding.registryId,
        region: finding.region,
        repository: finding.repository,
        reason,
        acceptedBy: user,
        expiresAt: expiresAt.toISOString(),
      };
    },
    async getRequest(id) {
      const request = await store.getRequest(id);
      return request ? view(request) : null;
    },
    async history(repository) {
      const history = await store.history(repository);
      return history.audit.map((event) => ({
        at: event.at.slice(0, 16).replace('T', ' '),
        what: event.message,
        who: event.actor?.via === 'slack' ? event.actor.id : undefined,
      }));
    },
    async exceptions() {
      const findings = await store.listExceptions();
      return findings.flatMap((f) =>
        f.acceptedRisk
          ? [
              {
                findingId: f.id,
                registryId: f.registryId,
                region: f.region,
                repository: f.repository,
                reason: f.acceptedRisk.reason,
                acceptedBy: f.acceptedRisk.by.id,
                expiresAt: f.acceptedRisk.expiresAt,
              },
            ]
          : [],
      );
    },
    async repositoryReport(repository, region) {
      const { repositoryReport } = await import('./repositoryReport');
      return repositoryReport(core, env, repository, region);
    },
  };
}
