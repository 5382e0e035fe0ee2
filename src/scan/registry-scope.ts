import type { PolicyAnalysis, StatementVerdict } from '../policy/types';
import { severity, worse } from './finding';

/**
 * The actions a registry policy still governs under scope V1: replication, pull-through cache
 * imports and the repository creation they need. Under V2 every ECR action applies.
 */
const V1_ACTIONS = new Set(['replicateimage', 'createrepository', 'batchimportupstreamimage']);

function isV1Action(action: string): boolean {
  const name = action.toLowerCase();
  return V1_ACTIONS.has(name.startsWith('ecr:') ? name.slice(4) : name);
}

/**
 * Re-judges a registry policy analysed as if V2 applied, for an account still on scope V1: a
 * statement that grants none of the V1 actions changes nothing and becomes `private`; one whose
 * only push-class V1 actions are gone drops from `public-push` to `public-pull`. The result is
 * never worse than the V2 verdict. A statement for which the engine listed no concrete actions is
 * kept as judged, so an unreadable grant is never hidden.
 */
export function applyScopeV1(analysis: PolicyAnalysis): PolicyAnalysis {
  const statements = analysis.statements.map((statement) => adjust(statement));
  const worst = statements.reduce<PolicyAnalysis['verdict']>(
    (acc, s) => (s.effect === 'Allow' ? worse(acc, s.verdict) : acc),
    'private',
  );
  const verdict = severity(worst) > severity(analysis.verdict) ? worst : analysis.verdict;
  const reasons = [...analysis.reasons];
  if (verdict !== analysis.verdict) {
    reasons.push(
      `Under registry policy scope V1 only replication, pull-through cache and create-repository ` +
        `actions apply, so this policy is ${verdict} (it would be ${analysis.verdict} under V2).`,
    );
  }
  return { ...analysis, verdict, statements, reasons };
}

function adjust(statement: StatementVerdict): StatementVerdict {
  if (statement.effect !== 'Allow' || statement.verdict === 'private') return statement;
  const { push, pull } = statement.actions;
  if (push.length === 0 && pull.length === 0) return statement;
  const keptPush = push.filter(isV1Action);
  const keptPull = pull.filter(isV1Action);
  const actions = { push: keptPush, pull: keptPull };
  if (keptPush.length === 0 && keptPull.length === 0) {
    return {
      ...statement,
      verdict: 'private',
      actions,
      reasons: [
        ...statement.reasons,
        'Under scope V1 none of its actions are governed by the registry policy.',
      ],
    };
  }
  if (statement.verdict === 'public-push' && keptPush.length === 0) {
    return { ...statement, verdict: 'public-pull', actions };
  }
  return { ...statement, actions };
}
