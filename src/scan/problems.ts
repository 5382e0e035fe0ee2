import { CallAborted, isThrottling } from './aws-calls';
import type { ScanProblem } from './types';

/** Stable codes of `ScanProblem.code`. */
export type ProblemCode =
  | 'access-denied'
  | 'unrecognized-client'
  | 'timeout'
  | 'throttled'
  | 'unavailable'
  | 'deadline'
  | 'policy-malformed'
  | 'failed';

/** Thrown inside a region scan when the region cannot go on; carries the problem to report. */
export class RegionFailed extends Error {
  constructor(readonly problem: ScanProblem) {
    super(problem.message);
    this.name = 'RegionFailed';
  }
}

/**
 * Turns an SDK error from `what` (for example "listing repositories") into a problem a person can
 * act on. Expected AWS answers get their own code and advice; anything else keeps its name.
 */
export function describeFailure(
  error: unknown,
  region: string,
  service: 'ecr' | 'ecr-public',
  what: string,
): ScanProblem {
  const api = service === 'ecr' ? 'ECR' : 'ECR Public';
  const problem = (code: ProblemCode, message: string): ScanProblem => ({
    region,
    service,
    code,
    message,
  });
  const name = error instanceof Error ? error.name : 'Error';
  const detail = error instanceof Error ? error.message : String(error);

  if (error instanceof CallAborted) {
    return error.reason === 'deadline'
      ? problem('deadline', `The time budget ran out while ${what} in ${region}.`)
      : problem('timeout', `${api} in ${region} did not answer in time while ${what}.`);
  }
  if (name === 'AccessDeniedException' || name === 'AccessDenied') {
    return problem(
      'access-denied',
      `Access denied by ${api} in ${region} while ${what}: ${detail} Grant the scanner ` +
        'ecr:DescribeRepositories, ecr:GetRepositoryPolicy, ecr:GetRegistryPolicy and ' +
        'ecr:GetAccountSetting (ecr-public:DescribeRepositories and ecr-public:GetRepositoryPolicy ' +
        'for ECR Public), or check service control policies that deny this region.',
    );
  }
  if (name === 'UnrecognizedClientException' || name === 'InvalidSignatureException') {
    return problem(
      'unrecognized-client',
      `${api} in ${region} did not recognise the credentials while ${what} (${detail}). The ` +
        'region may not be enabled for this account, or the credentials are invalid there.',
    );
  }
  if (isThrottling(error)) {
    return problem(
      'throttled',
      `${api} in ${region} kept throttling while ${what}, even after retries: ${detail}`,
    );
  }
  if (isNetworkError(error)) {
    return problem('unavailable', `Could not reach ${api} in ${region} while ${what}: ${detail}`);
  }
  return problem('failed', `${api} in ${region} failed while ${what}: ${name}: ${detail}`);
}

function isNetworkError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return (
    typeof code === 'string' &&
    ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE'].includes(code)
  );
}
