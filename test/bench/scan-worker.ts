import {
  DescribeRepositoriesCommand,
  ECRClient,
  GetRepositoryPolicyCommand,
} from '@aws-sdk/client-ecr';
import { scanAccount } from '../../src/scan/scanner';

/**
 * One benchmark scan in its own process, so its memory is measured alone: `smart` runs
 * `scanAccount`, `naive` scans the way popular scanners do (regions in parallel, policies read one
 * by one inside a region). Prints one JSON line with wall time, peak memory and counts.
 */
async function main(): Promise<void> {
  const mode = process.argv[2] === 'naive' ? 'naive' : 'smart';
  const regions = (process.env.BENCH_REGIONS ?? '').split(',');
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  };
  const sampler = setInterval(sample, 25);

  const started = performance.now();
  const outcome = mode === 'smart' ? await smart(regions) : await naive(regions);
  const wallMs = performance.now() - started;
  clearInterval(sampler);
  sample();
  peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
  process.stdout.write(`${JSON.stringify({ mode, wallMs, peakRss, peakHeap, ...outcome })}\n`);
}

async function smart(regions: string[]) {
  const result = await scanAccount({ regions, includePublic: false });
  return {
    repositories: result.stats.repositories,
    policies: result.stats.policiesRead,
    findings: result.findings.length,
    unread: result.stats.unreadPolicies,
    throttledRetries: result.stats.throttledRetries,
    errors: result.errors.length,
    incomplete: result.incomplete.length,
  };
}

async function naive(regions: string[]) {
  const counts = await Promise.all(
    regions.map(async (region) => {
      const client = new ECRClient({ region });
      let repositories = 0;
      let policies = 0;
      let unread = 0;
      let nextToken: string | undefined;
      do {
        const page = await client.send(new DescribeRepositoriesCommand({ nextToken }));
        for (const repo of page.repositories ?? []) {
          repositories += 1;
          try {
            await client.send(
              new GetRepositoryPolicyCommand({ repositoryName: repo.repositoryName }),
            );
            policies += 1;
          } catch (error) {
            if ((error as Error).name !== 'RepositoryPolicyNotFoundException') unread += 1;
          }
        }
        nextToken = page.nextToken;
      } while (nextToken);
      client.destroy();
      return { repositories, policies, unread };
    }),
  );
  return {
    repositories: counts.reduce((n, c) => n + c.repositories, 0),
    policies: counts.reduce((n, c) => n + c.policies, 0),
    unread: counts.reduce((n, c) => n + c.unread, 0),
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`bench worker: ${String(error)}\n`);
  process.exit(2);
});
