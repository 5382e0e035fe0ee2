import {
  DescribeRepositoriesCommand,
  type DescribeRepositoriesCommandOutput,
  type ECRPUBLICClient,
  GetRepositoryPolicyCommand,
  type Repository,
} from '@aws-sdk/client-ecr-public';
import pLimit from 'p-limit';
import { ECR_PUBLIC_REGION } from '../shared/aws';
import { sha256 } from '../shared/hash';
import { withDeadline } from './aws-calls';
import { judge, report, type ScanContext, tick } from './context';
import { findingId, headline, worse } from './finding';
import { describeFailure, RegionFailed } from './problems';
import type { Finding } from './types';

/**
 * Scans ECR Public once for the account (its API lives in us-east-1 only). Every public repository
 * is a finding: `public-pull` at least, `public-push` when its policy lets everyone push. Throws
 * `RegionFailed` when the repositories cannot be listed.
 */
export async function scanPublicRepositories(
  ctx: ScanContext,
  client: ECRPUBLICClient,
): Promise<void> {
  const region = ECR_PUBLIC_REGION;
  const limit = pLimit(ctx.concurrency);
  let nextToken: string | undefined;
  do {
    let page: DescribeRepositoriesCommandOutput;
    try {
      page = await withDeadline(ctx.deadline, ctx.callTimeoutMs, (abortSignal) =>
        client.send(new DescribeRepositoriesCommand({ maxResults: 1000, nextToken }), {
          abortSignal,
        }),
      );
    } catch (error) {
      throw new RegionFailed(
        describeFailure(error, region, 'ecr-public', 'listing ECR Public repositories'),
      );
    }
    const repositories = page.repositories ?? [];
    ctx.stats.repositories += repositories.length;
    ctx.progress.repositoriesRead += repositories.length;
    tick(ctx);
    await Promise.all(repositories.map((repo) => limit(() => judgeRepository(ctx, client, repo))));
    nextToken = page.nextToken;
  } while (nextToken);
}

async function judgeRepository(
  ctx: ScanContext,
  client: ECRPUBLICClient,
  repo: Repository,
): Promise<void> {
  const region = ECR_PUBLIC_REGION;
  const repository = repo.repositoryName ?? '';
  let text: string | null = null;
  try {
    const out = await withDeadline(ctx.deadline, ctx.callTimeoutMs, (abortSignal) =>
      client.send(new GetRepositoryPolicyCommand({ repositoryName: repository }), { abortSignal }),
    );
    text = out.policyText ?? null;
    if (text !== null) {
      ctx.stats.policiesRead += 1;
      ctx.progress.policiesRead += 1;
    }
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name !== 'RepositoryPolicyNotFoundException') {
      // The repository is public either way: report the unread policy and keep the finding.
      report(
        ctx,
        describeFailure(error, region, 'ecr-public', `reading the policy of ${repository}`),
      );
      ctx.stats.unreadPolicies += 1;
    }
  }
  ctx.findings.push(publicFinding(ctx, repo, repository, text));
}

function publicFinding(
  ctx: ScanContext,
  repo: Repository,
  repository: string,
  text: string | null,
): Finding {
  const place = {
    kind: 'public-repository' as const,
    registryId: ctx.registryId,
    region: ECR_PUBLIC_REGION,
    repository,
  };
  const analysis =
    text === null
      ? null
      : judge(ctx, text, 'public', {
          region: ECR_PUBLIC_REGION,
          service: 'ecr-public',
          what: `the policy of public repository ${repository}`,
        });
  const verdict = worse(analysis?.verdict ?? 'public-pull', 'public-pull');
  const statements = (analysis?.statements ?? []).filter((s) => s.verdict !== 'private');
  const policyHash = text === null ? null : sha256(text);
  const reasons =
    verdict === 'public-push'
      ? [headline(place, verdict, statements)]
      : [`${repository} is an ECR Public repository: anyone on the internet can pull its images.`];

  return {
    id: findingId(place, policyHash),
    ...place,
    verdict,
    statements,
    reasons: [...reasons, ...(analysis?.reasons ?? [])],
    policyHash,
    publicRepository: {
      uri: repo.repositoryUri ?? null,
      createdAt: repo.createdAt ? repo.createdAt.toISOString() : null,
      hasPolicy: text !== null,
    },
  };
}
