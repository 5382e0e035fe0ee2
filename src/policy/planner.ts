import { EcrCheckError } from '../shared/errors';
import { log } from '../shared/log';
import { analyzePolicy } from './analyze';
import { MAX_POLICY_CHARS, parsePolicy } from './document';
import { restrictStatementToOrg } from './restrict';
import type {
  AnalyzeOptions,
  PolicyAnalysis,
  RemediationMode,
  RemediationPlan,
  StatementVerdict,
  Verdict,
} from './types';
import { isWorse } from './verdict';
import { statementName } from './wording';

const ORG_ID = /^o-[a-z0-9]{10,32}$/;

/**
 * Proposes the new document for a remediation. `remove` drops the statements worse than
 * `restricted` (or says to delete the policy when none remain); `restrict-to-org` adds an
 * organization condition to them instead. Other statements come through unchanged and in order.
 * On ECR Public only public push grants are findings: the repository stays pullable by anyone.
 *
 * Throws EcrCheckError `config-invalid` when `restrict-to-org` has no valid org id, and
 * `policy-too-long` when the restricted document would not fit ECR's 10,240 characters (choose
 * `remove` then); malformed input throws as in analyzePolicy.
 */
export function planRemediation(
  text: string,
  options: AnalyzeOptions,
  mode: RemediationMode,
  settings: { orgId?: string } = {},
): RemediationPlan {
  const orgId = mode === 'restrict-to-org' ? checkedOrgId(settings.orgId) : undefined;
  // The chosen org counts as trusted before and after, so both analyses judge alike.
  const judged: AnalyzeOptions = orgId
    ? { ...options, trustedOrgs: [...(options.trustedOrgs ?? []), orgId] }
    : options;
  const analysis = analyzePolicy(text, judged);
  const findings = analysis.statements.filter((statement) => isFinding(statement, options));
  const publicNote =
    options.kind === 'public'
      ? ' The repository itself stays public: anyone can still pull from ECR Public.'
      : '';

  if (findings.length === 0) {
    return {
      action: 'none',
      changedStatements: [],
      summary: `Nothing to change: no statement is a finding.${publicNote}`,
    };
  }

  const changed = new Set(findings.map((statement) => statement.index));
  const changedStatements = [...changed];
  const names = findings.map((statement) => statementName(statement.index, statement.sid));
  const policy = parsePolicy(text);

  const statements = policy.rawStatements.flatMap((statement, index) => {
    if (!changed.has(index)) return [statement];
    return orgId ? restrictStatementToOrg(statement, orgId) : [];
  });

  if (statements.length === 0) {
    log.info('remediation planned', { kind: options.kind, mode, action: 'delete' });
    return {
      action: 'delete',
      changedStatements,
      verdictAfter: options.kind === 'public' ? 'public-pull' : 'private',
      summary: `Every statement is a finding (${names.join(', ')}): delete the policy.${publicNote}`,
    };
  }

  const document = render({
    ...policy.document,
    Statement: policy.statementIsArray || statements.length > 1 ? statements : statements[0],
  });
  const after = analyzePolicy(document, judged);
  assertGoodEnough(after, options);

  const verb = orgId ? `Limit to members of organization ${orgId}` : 'Remove';
  const kept = policy.rawStatements.length - changed.size;
  log.info('remediation planned', {
    kind: options.kind,
    mode,
    action: 'set',
    changed: changed.size,
  });
  return {
    action: 'set',
    document,
    changedStatements,
    verdictAfter: after.verdict,
    summary: `${verb}: ${names.join(', ')}. ${kept} other statement(s) stay as they are; the policy will be ${after.verdict}.${publicNote}`,
  };
}

/** A statement the planner changes: worse than restricted, or on ECR Public a public push grant. */
export function isFinding(
  statement: StatementVerdict,
  options: Pick<AnalyzeOptions, 'kind'>,
): boolean {
  if (options.kind === 'public') return statement.verdict === 'public-push';
  return isWorse(statement.verdict, 'restricted');
}

function checkedOrgId(orgId: string | undefined): string {
  if (orgId === undefined || !ORG_ID.test(orgId)) {
    throw new EcrCheckError(
      'config-invalid',
      orgId === undefined
        ? 'restrict-to-org needs an organization id: set ECR_CHECK_TRUSTED_ORG (o-...).'
        : `"${orgId}" is not an organization id like o-a1b2c3d4e5.`,
    );
  }
  return orgId;
}

/** Pretty JSON when it fits ECR's limit, compact JSON otherwise. */
function render(document: Record<string, unknown>): string {
  const pretty = JSON.stringify(document, null, 2);
  if (pretty.length <= MAX_POLICY_CHARS) return pretty;
  const compact = JSON.stringify(document);
  if (compact.length <= MAX_POLICY_CHARS) return compact;
  throw new EcrCheckError(
    'policy-too-long',
    `The planned policy would be ${compact.length.toLocaleString('en-US')} characters, over ECR's ${MAX_POLICY_CHARS.toLocaleString('en-US')}; remove the statements instead.`,
  );
}

function assertGoodEnough(after: PolicyAnalysis, options: AnalyzeOptions): void {
  const limit: Verdict = options.kind === 'public' ? 'public-pull' : 'restricted';
  const leftover = after.statements.find((statement) => isFinding(statement, options));
  if (isWorse(after.verdict, limit) || leftover) {
    throw new EcrCheckError(
      'internal',
      `The planned policy would still be ${after.verdict}; refusing to propose it.`,
    );
  }
}
