import type { RemediationMode, RemediationPlan } from '../policy/types';
import type { Finding } from '../scan/types';

/** Who did something: a Slack user (`U…`) or a local identity (`cli:alice`). */
export interface Actor {
  id: string;
  name?: string;
  via: 'slack' | 'cli';
}

/**
 * Where a finding stands. `open`, `remediation-requested` and `reverted` are still exposed;
 * `remediated` was fixed by us, `gone` disappeared from a scan for any other reason.
 */
export type FindingStatus =
  | 'open'
  | 'remediation-requested'
  | 'remediated'
  | 'reverted'
  | 'accepted-risk'
  | 'gone';

/** Statuses in which the exposure is still live and nobody has accepted it. */
export const EXPOSED_STATUSES: readonly FindingStatus[] = [
  'open',
  'remediation-requested',
  'reverted',
];

/** A finding as the store keeps it: the scan's finding plus its history. */
export interface StoredFinding extends Finding {
  status: FindingStatus;
  firstSeen: string;
  lastSeen: string;
  /** When a scan first missed it (it was fixed or went away); cleared when it is seen again. */
  goneAt?: string;
  /** The remediation request in progress or last applied for this finding. */
  requestId?: string;
  acceptedRisk?: AcceptedRisk;
}

/** A decision to live with a finding for a while. */
export interface AcceptedRisk {
  findingId: string;
  reason: string;
  by: Actor;
  at: string;
  /** ISO time; after it the finding is open again. */
  expiresAt: string;
}

/**
 * The remediation request state machine:
 * requested → approved → applying → applied | failed; requested | approved → rejected;
 * applied → reverting → reverted (or back to applied when the revert is refused).
 */
export type RequestState =
  | 'requested'
  | 'approved'
  | 'applying'
  | 'applied'
  | 'rejected'
  | 'failed'
  | 'reverting'
  | 'reverted';

/** What a remediation changes: one private or ECR Public repository policy. */
export interface PolicyTarget {
  kind: 'private' | 'public';
  registryId: string;
  region: string;
  repository: string;
}

/** A request to change one repository policy, from request to (maybe) revert. */
export interface RemediationRequest {
  id: string;
  findingId: string;
  target: PolicyTarget;
  mode: RemediationMode;
  state: RequestState;
  /** Hash of the live policy when the request was made (what the plan was computed from). */
  policyHash: string | null;
  /** The live policy text the plan was computed from (null: no policy). */
  policyText: string | null;
  plan: RemediationPlan;
  /** Hash of the text the plan writes; null when the plan deletes the policy. */
  plannedHash: string | null;
  requestedBy: Actor;
  requestedAt: string;
  approvedBy?: Actor;
  approvedAt?: string;
  rejectedBy?: Actor;
  rejectedAt?: string;
  rejectReason?: string;
  appliedAt?: string;
  /** Hash of the live policy after applying (null: no policy). */
  appliedHash?: string | null;
  revertedBy?: Actor;
  revertedAt?: string;
  failedAt?: string;
  failure?: string;
  /** Set while a worker applies or reverts; another run may take over after it passes. */
  leaseUntil?: string;
  /** Identifies the run holding the lease. */
  attemptId?: string;
  updatedAt: string;
}

/** The exact policy before a change, and what was written instead. */
export interface Backup {
  requestId: string;
  target: PolicyTarget;
  /** The prior policy text byte for byte as ECR returned it; null: there was no policy. */
  priorText: string | null;
  priorHash: string | null;
  /** The text written instead; null when the change deletes the policy. */
  writtenText: string | null;
  writtenHash: string | null;
  createdAt: string;
}

/** One line of the append-only audit trail. */
export interface AuditEvent {
  id: string;
  at: string;
  /** What happened, e.g. `remediation-requested`, `approved`, `applied`, `revert-refused`. */
  event: string;
  actor: Actor | null;
  findingId?: string;
  requestId?: string;
  target?: PolicyTarget | { registryId: string; region: string; repository: string | null };
  /** A short sentence for people. */
  message: string;
  details?: Record<string, unknown>;
}

/** Where a finding's Slack card was posted, so later messages go to its thread. */
export interface MessageRef {
  channel: string;
  ts: string;
}

/** What changed between the previous scan and this one. */
export interface ScanRecord {
  /** Findings seen for the first time (or seen again after they had gone). */
  new: StoredFinding[];
  /** Findings the previous scans had and this one no longer has (fixed by us or by someone). */
  fixed: StoredFinding[];
  /** Accepted risks that expired and are open again. */
  reopened: StoredFinding[];
  /** Every finding of this scan as stored now. */
  findings: StoredFinding[];
}

/** Everything the store knows about one repository. */
export interface RepositoryHistory {
  findings: StoredFinding[];
  requests: RemediationRequest[];
  backups: Backup[];
  audit: AuditEvent[];
}
