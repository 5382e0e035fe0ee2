import {
  DescribeRepositoriesCommand,
  type ECRClient,
  GetRepositoryPolicyCommand,
} from '@aws-sdk/client-ecr';
import pLimit from 'p-limit';
import { withDeadline } from './aws-calls';
import { judge, report, type ScanContext, tick } from './context';
import { toFinding } from './finding';
import { describeFailure, RegionFailed } from './problems';

/** ECR's largest DescribeRepositories page. */
export const PAGE_SIZE = 1000;

/**
 * Lists every repository of one region page by page and reads each one's policy, at most
 * `ctx.concurrency` at a time. At most two pages are held: the next page is fetched while the
 * current page's policies are read, and not before the page before it is done, so memory grows
 * with findings, not with the size of the registry. A repository without a policy is not a
 * finding; policies that cannot be read are reported once per region with a count.
 * Throws `RegionFailed` when the repositories cannot be listed at all.
 */
export async function scanRepositories(
  ctx: ScanContext,
  client: ECRClient,
  region: string,
): Promise<void> {
  const limit = pLimit(ctx.concurrency);
  const unread = { count: 0, first: null as unknown, example: '' };
  const listPage = (nextToken: string | undefined) =>
    withDeadline(ctx.deadline, ctx.callTimeoutMs, (abortSignal) =>
      client.send(new DescribeRepositoriesCommand({ maxResults: PAGE_SIZE, nextToken }), {
        abortSignal,
      }),
    );

  let pending = listPage(undefined);
  let previousPage: Promise<void>[] = [];
  for (;;) {
    let page: Awaited<ReturnType<typeof listPage>>;
    try {
      page = await pending;
    } catch (error) {
      await Promise.all(previousPage);
      throw new RegionFailed(describeFailure(error, region, 'ecr', 'listing repositories'));
    }
    const names = (page.repositories ?? []).flatMap((r) => r.repositoryName ?? []);
    ctx.stats.repositories += names.length;
    ctx.progress.repositoriesRead += names.length;
    tick(ctx);

    const reads = names.map((name) => limit(() => readPolicy(ctx, client, region, name, unread)));
    await Promise.all(previousPage);
    previousPage = reads;
    if (!page.nextToken) break;
    pending = listPage(page.nextToken);
  }
  await Promise.all(previousPage);

  if (unread.count > 0) {
    const problem = describeFailure(unread.first, region, 'ecr', 'reading repository policies');
    if (problem.code !== 'deadline') {
      problem.message += ` ${unread.count} repository policies could not be read (first: ${unread.example}).`;
    }
    ctx.stats.unreadPolicies += unread.count;
    report(ctx, problem);
  }
}

async function readPolicy(
  ctx: ScanContext,
  client: ECRClient,
  region: string,
  repository: string,
  unread: { count: number; first: unknown; example: string },
): Promise<void> {
  let text: string | undefined;
  try {
    const out = await withDeadline(ctx.deadline, ctx.callTimeoutMs, (abortSignal) =>
      client.send(new GetRepositoryPolicyCommand({ repositoryName: repository }), { abortSignal }),
    );
    text = out.policyText;
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    // No policy means nothing is shared; a repository deleted since it was listed is gone.
    if (name === 'RepositoryPolicyNotFoundException' || name === 'RepositoryNotFoundException') {
      return;
    }
    if (unread.count === 0) {
      unread.first = error;
      unread.example = repository;
    }
    unread.count += 1;
    return;
  }
  if (text === undefined) return;
  ctx.stats.policiesRead += 1;
  ctx.progress.policiesRead += 1;

  const analysis = judge(ctx, text, 'private', {
    region,
    service: 'ecr',
    what: `the policy of ${repository}`,
  });
  if (!analysis) return;
  const place = {
    kind: 'repository-policy' as const,
    registryId: ctx.registryId,
    region,
    repository,
  };
  const finding = toFinding(place, text, analysis);
  if (finding) ctx.findings.push(finding);
}
