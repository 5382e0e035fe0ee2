import type { RemediationMode, Verdict } from '../policy/types';
import type { Finding, ScanResult } from '../scan/types';
import type { RequestState } from '../store';
import type { DigestChanges } from './render/digest';

/** A digest scan as recorded: what to show, and the mark to save once the digest is posted. */
export interface DigestRecord extends DigestChanges {
  /** When the scan was recorded; saved with `markDigestPosted` after a successful post. */
  recordedAt: string;
}

/** Where a Slack message lives; `ts` is Slack's message id within the channel. */
export interface MessageRef {
  channel: string;
  ts: string;
}

/** The states of a remediation request: the store's state machine, not a copy of it. */
export type { RequestState } from '../store';

/** What the Slack app shows of a remediation request. */
export interface RemediationRequestView {
  id: string;
  findingId: string;
  state: RequestState;
  registryId: string;
  region: string;
  repository: string | null;
  requestedBy: string;
  /** Who last acted on it (approver, rejecter, reverter), when known. */
  actedBy?: string | undefined;
  summary: string;
  /** Live policy text at request time (null: no policy). */
  before: string | null;
  /** Planned policy text (null: the policy is deleted). */
  after: string | null;
  verdictAfter?: Verdict | undefined;
  /** Why it failed, for `failed`. */
  error?: string | undefined;
}

/** An accepted risk as `/ecr-check exceptions` lists it. */
export interface AcceptedRiskView {
  findingId: string;
  registryId: string;
  region: string;
  repository: string | null;
  reason: string;
  acceptedBy: string;
  expiresAt: string;
}

/** One line of a repository's history. */
export interface HistoryLine {
  at: string;
  what: string;
  who?: string | undefined;
}

/** A repository policy read live, analysed, with the remediation the planner would make. */
export interface RepositoryReport {
  registryId: string;
  region: string;
  repository: string;
  policy: string | null;
  verdict: Verdict;
  statements: { index: number; sid: string | null; verdict: Verdict; summary: string }[];
  remediation: { summary: string; after: string | null } | null;
}

/**
 * Everything the Slack layer needs from the rest of ecr-check. `src/slack/services.ts` binds it to
 * the scanner, the store and the remediation workflow; the Slack code depends only on this shape.
 * Workflow calls throw EcrCheckError (`not-authorised`, `invalid-state`, `store-conflict`,
 * `policy-drifted`, `not-found`, ...), which the app shows to the user.
 */
export interface SlackServices {
  scan(regions: string[]): Promise<ScanResult>;
  /**
   * Records a digest scan and says what is new and fixed since the last *posted* digest (ad-hoc
   * scans in between count towards it; before the first digest everything is new).
   */
  recordDigest(scan: ScanResult): Promise<DigestRecord>;
  /** Makes a posted digest the baseline of the next one (call only after posting succeeded). */
  markDigestPosted(recordedAt: string): Promise<void>;
  /** Records an ad-hoc scan (slash command); no digest bookkeeping. */
  recordScan(scan: ScanResult): Promise<void>;
  getFinding(findingId: string): Promise<Finding | null>;
  saveMessageRef(findingId: string, ref: MessageRef): Promise<void>;
  getMessageRef(findingId: string): Promise<MessageRef | null>;
  /** Remembers where a request's approval card was posted, so a retried job posts it once. */
  saveApprovalCardRef(requestId: string, ref: MessageRef): Promise<void>;
  /** Where a request's approval card was posted, or null when it was not (yet). */
  getApprovalCardRef(requestId: string): Promise<MessageRef | null>;
  requestRemediation(
    findingId: string,
    mode: RemediationMode,
    user: string,
  ): Promise<RemediationRequestView>;
  approve(requestId: string, user: string): Promise<RemediationRequestView>;
  reject(requestId: string, user: string): Promise<RemediationRequestView>;
  applyApproved(requestId: string): Promise<RemediationRequestView>;
  /** Settles changes a crash or timeout stopped midway; returns how many were looked at. */
  reconcileStopped(): Promise<number>;
  revert(requestId: string, user: string): Promise<RemediationRequestView>;
  acceptRisk(
    findingId: string,
    user: string,
    reason: string,
    expiresAt: Date,
  ): Promise<AcceptedRiskView>;
  getRequest(requestId: string): Promise<RemediationRequestView | null>;
  history(repository: string): Promise<HistoryLine[]>;
  exceptions(): Promise<AcceptedRiskView[]>;
  repositoryReport(repository: string, region: string | undefined): Promise<RepositoryReport>;
}
