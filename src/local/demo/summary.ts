/** What the demo proves, written to `summary.json` for the integration test and curious users. */
export interface DemoSummary {
  repository: string;
  region: string;
  findings: number;
  policyBefore: string | null;
  policyAfterRemediation: string | null;
  policyAfterRevert: string | null;
  restoredByteForByte: boolean;
  selfApprovalRefused: boolean;
  auditTrailShown: boolean;
  messages: string[];
  pids: number[];
}
