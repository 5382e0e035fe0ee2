import { setMaxListeners } from 'node:events';
import { ECR_PUBLIC_REGION, ecrClient, ecrPublicClient } from '../shared/aws';
import { loadCoreConfig } from '../shared/config';
import { resolveOwnerAccount } from '../shared/identity';
import { log } from '../shared/log';
import { countThrottles } from './aws-calls';
import { report, type ScanContext, type ScanProgress, tick } from './context';
import { severity } from './finding';
import { type PacerSettings, paceAttempts, RegionPacer } from './pacer';
import { scanRepositories } from './private-region';
import { describeFailure, RegionFailed } from './problems';
import { scanPublicRepositories } from './public';
import { resolveRegions } from './regions';
import { scanRegistryPolicy } from './registry-policy';
import type { ScanResult } from './types';

export type { ScanProgress } from './context';

/** How to scan; everything has a default suited to a Lambda run or the CLI. */
export interface ScanOptions {
  /** Regions to scan; default `ECR_CHECK_REGIONS`, else every region enabled for the account. */
  regions?: readonly string[];
  /** Environment to read settings from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** The account scanned; default `resolveOwnerAccount` (ECR_CHECK_ACCOUNT_ID or STS). */
  ownerAccount?: string;
  /** Default: `ECR_CHECK_TRUSTED_ACCOUNTS`. */
  trustedAccounts?: readonly string[];
  /** Default: `ECR_CHECK_TRUSTED_ORG`. */
  trustedOrgs?: readonly string[];
  /** Scan ECR Public (once, through us-east-1). Default true. */
  includePublic?: boolean;
  /** Time budget in milliseconds; what is unfinished then is listed in `incomplete`. ~13 min. */
  budgetMs?: number;
  /** Longest wait for one call including its retries, in milliseconds. Default 60 s. */
  callTimeoutMs?: number;
  /** Attempts per call (the SDK's standard retry; throttles are retried with backoff). Default 10. */
  maxAttempts?: number;
  /**
   * Policy reads in flight at once inside one region. Default 50: enough to keep a region busy at
   * several hundred calls a second with 100 ms answers; the region's pacer sets the actual rate.
   */
  concurrency?: number;
  /** Tuning of each region's rate controller (`RegionPacer`); the defaults suit ECR. */
  pacing?: PacerSettings;
  onProgress?: (progress: ScanProgress) => void;
}

/** Default time budget: leaves a Lambda (15 minutes) time to store and report the results. */
export const DEFAULT_BUDGET_MS = 13 * 60_000;

/**
 * Scans one AWS account: every repository policy and registry policy in each region, and ECR
 * Public once. Regions run in parallel; inside a region policy reads run `concurrency` at a time
 * and every call waits for the region's pacer, which finds the region's rate limit as it goes
 * (see `RegionPacer`), while the SDK's standard retry retries throttled calls with backoff. A region that fails is reported in `errors`
 * and the others still finish; what the time budget stops is listed in `incomplete`. Findings are
 * sorted worst first. Throws only when the scan cannot start (no account, no regions).
 */
export async function scanAccount(options: ScanOptions = {}): Promise<ScanResult> {
  const env = options.env ?? process.env;
  const startedAt = new Date();
  const config = loadCoreConfig(env);
  const registryId = options.ownerAccount ?? (await resolveOwnerAccount(env));
  const regions = await resolveRegions(options.regions, env);

  const budget = new AbortController();
  // Every call in flight listens for the deadline; hundreds at once are expected, not a leak.
  setMaxListeners(0, budget.signal);
  const timer = setTimeout(() => budget.abort(), options.budgetMs ?? DEFAULT_BUDGET_MS);
  const includePublic = options.includePublic ?? true;
  const ctx: ScanContext = {
    registryId,
    trustedAccounts: options.trustedAccounts ?? config.trustedAccounts,
    trustedOrgs: options.trustedOrgs ?? (config.trustedOrg ? [config.trustedOrg] : []),
    deadline: budget.signal,
    callTimeoutMs: options.callTimeoutMs ?? 60_000,
    maxAttempts: options.maxAttempts ?? 10,
    concurrency: options.concurrency ?? 50,
    pacing: options.pacing ?? {},
    findings: [],
    errors: [],
    incomplete: [],
    stats: { repositories: 0, policiesRead: 0, throttledRetries: 0, unreadPolicies: 0 },
    progress: {
      regionsDone: 0,
      regionsTotal: regions.length + (includePublic ? 1 : 0),
      repositoriesRead: 0,
      policiesRead: 0,
    },
    onProgress: options.onProgress ?? (() => {}),
  };
  log.info('scan started', { registryId, regions: regions.length });

  try {
    await Promise.all([
      ...regions.map((region) => scanRegion(ctx, region)),
      ...(includePublic ? [scanPublic(ctx)] : []),
    ]);
  } finally {
    clearTimeout(timer);
  }

  ctx.findings.sort(
    (a, b) =>
      severity(a.verdict) - severity(b.verdict) ||
      a.region.localeCompare(b.region) ||
      (a.repository ?? '').localeCompare(b.repository ?? ''),
  );
  log.info('scan finished', {
    registryId,
    findings: ctx.findings.length,
    errors: ctx.errors.length,
    incomplete: ctx.incomplete.length,
  });
  return {
    registryId,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    regions,
    findings: ctx.findings,
    errors: ctx.errors,
    incomplete: ctx.incomplete,
    stats: ctx.stats,
  };
}

/** One region's private registry: repositories and the registry policy side by side. */
async function scanRegion(ctx: ScanContext, region: string): Promise<void> {
  const client = ecrClient(region, ctx.maxAttempts, { retryMode: 'standard' });
  const pacer = new RegionPacer(ctx.deadline, ctx.pacing);
  paceAttempts(client, pacer);
  countThrottles(client, () => {
    ctx.stats.throttledRetries += 1;
  });
  try {
    await Promise.all([
      scanRepositories(ctx, client, region).catch((error: unknown) => {
        report(ctx, failure(error, region, 'ecr'));
      }),
      scanRegistryPolicy(ctx, client, region),
    ]);
  } finally {
    pacer.close();
    client.destroy();
    ctx.progress.regionsDone += 1;
    tick(ctx);
  }
}

async function scanPublic(ctx: ScanContext): Promise<void> {
  const client = ecrPublicClient(ctx.maxAttempts, { retryMode: 'standard' });
  const pacer = new RegionPacer(ctx.deadline, ctx.pacing);
  paceAttempts(client, pacer);
  countThrottles(client, () => {
    ctx.stats.throttledRetries += 1;
  });
  try {
    await scanPublicRepositories(ctx, client);
  } catch (error) {
    report(ctx, failure(error, ECR_PUBLIC_REGION, 'ecr-public'));
  } finally {
    pacer.close();
    client.destroy();
    ctx.progress.regionsDone += 1;
    tick(ctx);
  }
}

function failure(error: unknown, region: string, service: 'ecr' | 'ecr-public') {
  if (error instanceof RegionFailed) return error.problem;
  return describeFailure(error, region, service, 'scanning');
}
