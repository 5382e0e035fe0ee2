import { analyzePolicy } from '../policy/analyze';
import type { PolicyAnalysis, PolicyKind } from '../policy/types';
import { isEcrCheckError } from '../shared/errors';
import { log } from '../shared/log';
import type { PacerSettings } from './pacer';
import type { Finding, ScanProblem, ScanResult } from './types';

/** How far a scan has got; passed to the progress callback. */
export interface ScanProgress {
  regionsDone: number;
  regionsTotal: number;
  repositoriesRead: number;
  policiesRead: number;
}

/** What every part of one scan shares: settings, the deadline, and where results go. */
export interface ScanContext {
  registryId: string;
  trustedAccounts: readonly string[];
  trustedOrgs: readonly string[];
  /** Aborted when the time budget runs out. */
  deadline: AbortSignal;
  callTimeoutMs: number;
  maxAttempts: number;
  /** Policy reads in flight at once inside one region. */
  concurrency: number;
  /** Tuning of each region's rate controller. */
  pacing: PacerSettings;
  findings: Finding[];
  errors: ScanProblem[];
  incomplete: ScanProblem[];
  stats: ScanResult['stats'];
  progress: ScanProgress;
  onProgress: (progress: ScanProgress) => void;
}

/** Records a problem: time-budget stops go to `incomplete`, everything else to `errors`. */
export function report(ctx: ScanContext, problem: ScanProblem): void {
  if (problem.code === 'deadline') {
    const known = ctx.incomplete.some(
      (p) => p.region === problem.region && p.service === problem.service,
    );
    if (!known) ctx.incomplete.push(problem);
    return;
  }
  // Powertools reserves the `service` key (its own service name) and drops it with a warning.
  log.warn('scan problem', {
    region: problem.region,
    awsService: problem.service,
    code: problem.code,
  });
  ctx.errors.push(problem);
}

/** Tells the progress callback where the scan is. */
export function tick(ctx: ScanContext): void {
  ctx.onProgress({ ...ctx.progress });
}

/**
 * Runs the policy engine on one document. A document the engine cannot read (ECR validated it, so
 * this is rare) is reported as a problem of its region instead of stopping the scan.
 */
export function judge(
  ctx: ScanContext,
  text: string,
  kind: PolicyKind,
  where: { region: string; service: 'ecr' | 'ecr-public'; what: string },
): PolicyAnalysis | null {
  try {
    return analyzePolicy(text, {
      kind,
      ownerAccount: ctx.registryId,
      trustedAccounts: ctx.trustedAccounts,
      trustedOrgs: ctx.trustedOrgs,
    });
  } catch (error) {
    if (!isEcrCheckError(error)) throw error;
    report(ctx, {
      region: where.region,
      service: where.service,
      code: error.code === 'policy-too-long' ? 'policy-too-long' : 'policy-malformed',
      message: `Could not judge ${where.what} in ${where.region}: ${error.message}`,
    });
    return null;
  }
}
