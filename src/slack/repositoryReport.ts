import { analyzePolicy } from '../policy/analyze';
import { planRemediation } from '../policy/planner';
import type { RemediationMode } from '../policy/types';
import { awsLivePolicy } from '../remediation/live-policy';
import type { CoreConfig } from '../shared/config';
import { EcrCheckError } from '../shared/errors';
import { resolveOwnerAccount } from '../shared/identity';
import type { RepositoryReport } from './ports';

/**
 * Reads a repository policy live and explains it with the engine and the planner
 * (`/ecr-check repo`). Loaded on first use, with the ECR and STS clients it needs.
 */
export async function repositoryReport(
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
  const livePolicy = awsLivePolicy();
  let lastMissing: unknown;
  for (const where of regions) {
    let policy: string | null;
    try {
      policy = await livePolicy.read({
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
  throw new EcrCheckError(
    'not-found',
    `There is no repository ${repository} in ${regions.join(', ')}.`,
    { cause: lastMissing },
  );
}
