/** What a policy lets in, worst first. The same words are used in the CLI, JSON, Slack and the store. */
export type Verdict = 'public-push' | 'public-pull' | 'cross-account' | 'restricted' | 'private';

/** Verdicts ordered from worst to best. */
export const VERDICTS_WORST_FIRST: readonly Verdict[] = [
  'public-push',
  'public-pull',
  'cross-account',
  'restricted',
  'private',
];

/** What a policy document is attached to. */
export type PolicyKind = 'private' | 'public' | 'registry';

/** Who owns the policy and whom the user trusts; everything the engine needs besides the text. */
export interface AnalyzeOptions {
  kind: PolicyKind;
  /** The 12-digit account that owns the repository or registry. */
  ownerAccount: string;
  /** Accounts treated like the owner (not `cross-account`). */
  trustedAccounts?: readonly string[];
  /** Organization ids (`o-...`) whose members are trusted. */
  trustedOrgs?: readonly string[];
}

/** The verdict on one statement, with reasons a person can read in Slack. */
export interface StatementVerdict {
  /** Position in the normalised `Statement` array. */
  index: number;
  sid: string | null;
  effect: 'Allow' | 'Deny';
  verdict: Verdict;
  /** Human sentences explaining the verdict. */
  reasons: string[];
  /** Principals as written, normalised to strings (`*`, account ids, ARNs, `service:…`). */
  principals: string[];
  /** Concrete catalogue actions the statement lets the principals use, split by effect. */
  actions: { push: string[]; pull: string[] };
  /** Condition keys the engine does not recognise (never counted as a restriction). */
  unknownConditionKeys: string[];
}

/** The verdict on a whole document: its worst statement's. */
export interface PolicyAnalysis {
  verdict: Verdict;
  kind: PolicyKind;
  statements: StatementVerdict[];
  /** Document-level notes (for example a Deny guard that turned a public Allow into restricted). */
  reasons: string[];
}

/** How a remediation changes a policy. */
export type RemediationMode = 'remove' | 'restrict-to-org';

/** What the planner proposes for a document. */
export type RemediationPlan =
  | {
      action: 'set';
      /** The new document as pretty-printed JSON, within ECR's 10,240-character limit. */
      document: string;
      /** Indexes (in the original) of the statements removed or restricted. */
      changedStatements: number[];
      verdictAfter: Verdict;
      summary: string;
    }
  | {
      action: 'delete';
      changedStatements: number[];
      /** `public-pull` only for ECR Public, which stays pullable by anyone without a policy. */
      verdictAfter: 'private' | 'public-pull';
      summary: string;
    }
  | {
      action: 'none';
      changedStatements: [];
      summary: string;
    };
