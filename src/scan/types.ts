import type { StatementVerdict, Verdict } from '../policy/types';

/** Where a finding comes from. */
export type FindingKind = 'repository-policy' | 'registry-policy' | 'public-repository';

/** One exposure found by a scan. `private` documents are never findings. */
export interface Finding {
  /**
   * Stable id: the same exposure (account, region, kind, repository and exact policy text) keeps the
   * same id from day to day; a changed policy gets a new one.
   */
  id: string;
  kind: FindingKind;
  registryId: string;
  region: string;
  /** Null for a registry policy. */
  repository: string | null;
  verdict: Verdict;
  /** The offending statements (verdict worse than `private`). */
  statements: StatementVerdict[];
  /** Why it is a finding, in one or two sentences. */
  reasons: string[];
  /** SHA-256 (hex) of the exact policy text judged; null when there is no policy. */
  policyHash: string | null;
  /** ECR Public only: what a person needs to judge a public repository. */
  publicRepository?: { uri: string | null; createdAt: string | null; hasPolicy: boolean };
  /** Registry policies: the scope in force (`V1` or `V2`). */
  registryPolicyScope?: 'V1' | 'V2';
}

/** A region (or ECR Public) that failed or did not finish. */
export interface ScanProblem {
  region: string;
  /** `ecr` for private repositories and registry, `ecr-public` for ECR Public. */
  service: 'ecr' | 'ecr-public';
  /**
   * `access-denied`, `unrecognized-client`, `timeout`, `throttled`, `unavailable`,
   * `policy-malformed`, `failed`; `deadline` in `incomplete`.
   */
  code: string;
  message: string;
}

/** What a scan returns. */
export interface ScanResult {
  registryId: string;
  startedAt: string;
  finishedAt: string;
  regions: string[];
  findings: Finding[];
  errors: ScanProblem[];
  /** Regions the time budget stopped before they were finished. */
  incomplete: ScanProblem[];
  stats: {
    /** Repositories listed (private and public). */
    repositories: number;
    /** Policy documents read (repository, registry and public). */
    policiesRead: number;
    /** Throttled answers the SDK's retry absorbed (or gave up on). */
    throttledRetries: number;
    /** Repositories whose policy could not be read (also reported in `errors`). */
    unreadPolicies: number;
  };
}
