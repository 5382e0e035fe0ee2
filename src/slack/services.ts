import { analyzePolicy } from '../policy/analyze';
import { planRemediation } from '../policy/planner';
import type { RemediationMode } from '../policy/types';
import type { ScanResult } from '../scan/types';
import type { CoreConfig } from '../shared/config';
import { EcrCheckError } from '../shared/errors';
import { resolveOwnerAccount } from '../shared/identity';
import type { Actor, RemediationRequest, Store, StoredFinding } from '../store';
import { readRepositoryPolicy } from './livePolicy';
import type { RemediationRequestView, RepositoryReport, SlackServices } from './ports';

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
  reject(requestId: string, actor: Actor): Promise<RemediationRequest>;
  revert(requestId: string, actor: Actor): Promise<RemediationRequest>;
  acceptRisk(
    findingId: string,
    actor: Actor,
    reason: string,
    expiresAt: Date,
  ): Promise<StoredFinding>;
}

/** A Slack user as the store's actor. */
export function slackActor(userId: string): Actor {
  return { id: userId, via: 'slack' };
}

/** Everything `createServices` binds together. */
export interface ServiceParts {
  store: Store;
  workflow: WorkflowPort;
  core: CoreConfig;
  /** The scanner (default `scanAccount`, imported when first used). */
  scan?: (regions: string[]) => Promise<ScanResult>;
  env?: NodeJS.ProcessEnv;
}

/** Binds the Slack app's needs to the scanner, the store, the engine and the workflow. */
export function createServices(parts: ServiceParts): SlackServices {
  const { store, workflow, core } = parts;
  const env = parts.env ?? process.env;
  const scan =
    parts.scan ??
    (async (regions: string[]) => {
      const { scanAccount } = await import('../scan/scanner');
      return scanAccount({ env, ...(regions.length ? { regions } : {}) });
    });

  const view = async (request: RemediationRequest): Promise<RemediationRequestView> => {
    const backup = await store.getBackup(request.id).catch(() => null);
    const before =
      backup !== null
        ? backup.priorText
        : await readRepositoryPolicy(request.target).catch(() => null);
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
      const record = await store.recordScan(result);
      return { newFindingIds: record.new.map((f) => f.id), fixed: record.fixed };
    },
    async recordScan(result) {
      await store.recordScan(result);
    },
    getFinding: (id) => store.getFinding(id),
    saveMessageRef: (id, ref) => store.saveMessageRef(id, ref),
    getMessageRef: (id) => store.getMessageRef(id),
    requestRemediation: async (findingId, mode, user) =>
      view(await workflow.requestRemediation(findingId, mode, slackActor(user))),
    approve: async (id, user) => view(await workflow.approve(id, slackActor(user))),
    reject: async (id, user) => view(await workflow.reject(id, slackActor(user))),
    applyApproved: async (id) => view(await workflow.applyApproved(id)),
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
    repositoryReport: (repository, region) => repositoryReport(core, env, repository, region),
  };
}

/** Reads a repository policy live and explains it with the engine and the planner. */
async function repositoryReport(
  core: CoreConfig,
  env: NodeJS.ProcessEnv,
  repository: string,
  region: string | undefined,
): Promise<RepositoryReport> {
  const registryId = await resolveOwnerAccount(env);
  const regions = region
    ? [region]
    : core.regions.length
      ? core.regions
      : [env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1'];
  let lastMissing: unknown;
  for (const where of regions) {
    let policy: string | null;
    try {
      policy = await readRepositoryPolicy({
        kind: 'private',
        registryId,
        region: where,
        repository,
      });
    } catch (error) {
      if (error instanceof EcrCheckError && error.code === 'not-found') {
        lastMissing = error;
        continue;
      }
      throw error;
    }
    const options = {
      kind: 'private' as const,
      ownerAccount: registryId,
      trustedAccounts: core.trustedAccounts,
      trustedOrgs: core.trustedOrg ? [core.trustedOrg] : [],
    };
    if (policy === null) {
      return {
        registryId,
        region: where,
        repository,
        policy,
        verdict: 'private',
        statements: [],
        remediation: null,
      };
    }
    const analysis = analyzePolicy(policy, options);
    const mode: RemediationMode = core.trustedOrg ? 'restrict-to-org' : 'remove';
    const plan = planRemediation(policy, options, mode, { orgId: core.trustedOrg });
    return {
      registryId,
      region: where,
      repository,
      policy,
      verdict: analysis.verdict,
      statements: analysis.statements.map((s) => ({
        index: s.index,
        sid: s.sid,
        verdict: s.verdict,
        summary: `${s.effect} ${s.principals.join(', ') || '(no principal)'}: ${s.reasons[0] ?? ''}`,
      })),
      remediation:
        plan.action === 'none'
          ? null
          : { summary: plan.summary, after: plan.action === 'set' ? plan.document : null },
    };
  }
  throw (
    lastMissing ??
    new EcrCheckError('not-found', `There is no repository ${repository} in the scanned regions.`)
  );
}
