import { log } from '../shared/log';
import { parsePolicy } from './document';
import { type DenyGuard, findDenyGuard, guardedVerdict } from './guards';
import { type AllowJudgement, allowVerdict, judgeAllow, type PrincipalPart } from './judge';
import { classifyPrincipal } from './principals';
import type { AnalyzeOptions, PolicyAnalysis, StatementVerdict, Verdict } from './types';
import { worstVerdict } from './verdict';
import { statementName } from './wording';

/**
 * Judges a repository, ECR Public repository or registry policy: a verdict per statement and for
 * the document (its worst statement's), with reasons a person can read. Pure: no AWS calls, and the
 * text is never changed. Throws EcrCheckError `policy-malformed` or `policy-too-long` for documents
 * ECR would reject, and nothing else.
 *
 * Deny guards lower only public grants to everyone; a guard that would also shut out a named
 * external account does not lower that account's `cross-account` verdict.
 */
export function analyzePolicy(text: string, options: AnalyzeOptions): PolicyAnalysis {
  const policy = parsePolicy(text);

  const guards = policy.statements
    .map((statement) => findDenyGuard(statement, options))
    .filter((guard): guard is DenyGuard => guard !== undefined);

  const documentReasons: string[] = [];
  const statements = policy.statements.map((statement): StatementVerdict => {
    const base = { index: statement.index, sid: statement.sid, effect: statement.effect };
    if (statement.effect === 'Deny') {
      const guard = guards.find((candidate) => candidate.index === statement.index);
      return {
        ...base,
        verdict: 'private',
        reasons: denyReasons(guard),
        principals: statement.principal.negated
          ? ['*']
          : statement.principal.entries.map((entry) => classifyPrincipal(entry).written),
        actions: { push: [], pull: [] },
        unknownConditionKeys: [],
      };
    }

    const judgement = judgeAllow(statement, options);
    const parts = applyGuards(
      judgement,
      guards,
      documentReasons,
      statementName(statement.index, statement.sid),
    );
    return {
      ...base,
      verdict: allowVerdict(parts),
      reasons: [...parts.map((part) => part.reason), ...judgement.notes],
      principals: judgement.principals,
      actions: judgement.actions,
      unknownConditionKeys: judgement.unknownConditionKeys,
    };
  });

  let verdict = worstVerdict(statements.map((statement) => statement.verdict));
  if (options.kind === 'public') {
    documentReasons.unshift(
      'ECR Public repositories can always be pulled by anyone; a repository policy cannot change that.',
    );
    verdict = worstVerdict([verdict, 'public-pull']);
  }
  if (options.kind === 'registry' && verdict.startsWith('public')) {
    documentReasons.push(
      'This is a registry policy: a grant to everyone reaches every repository in the registry in this region.',
    );
  }

  log.debug('policy analysed', { kind: options.kind, verdict, statements: statements.length });
  return { verdict, kind: options.kind, statements, reasons: documentReasons };
}

/** Lowers the open (everyone, unconditioned) parts of an Allow when Deny guards cover its actions. */
function applyGuards(
  judgement: AllowJudgement,
  guards: readonly DenyGuard[],
  documentReasons: string[],
  name: string,
): PrincipalPart[] {
  if (guards.length === 0) return judgement.parts;

  return judgement.parts.map((part) => {
    if (!part.open) return part;
    const verdicts: Verdict[] = [
      ...judgement.actions.push.map((action) => guardedVerdict(action, 'public-push', guards)),
      ...judgement.actions.pull.map((action) => guardedVerdict(action, 'public-pull', guards)),
    ];
    const verdict = worstVerdict(verdicts);
    if (verdict === part.verdict) return part;

    const used = guards.filter((guard) =>
      [...judgement.actions.push, ...judgement.actions.pull].some((action) =>
        guard.covered.has(action),
      ),
    );
    const by = used.map((guard) => `${guard.name}, a Deny ${guard.description},`).join(' and ');
    documentReasons.push(`${by} turns the public grant in ${name} into ${verdict}.`);
    return {
      verdict,
      open: false,
      reason: `${part.reason} But ${by} leaves it ${verdict}.`,
    };
  });
}

function denyReasons(guard: DenyGuard | undefined): string[] {
  const reasons = ['A Deny statement grants nothing.'];
  if (guard) {
    reasons.push(
      guard.scope === 'nobody'
        ? 'It blocks everyone from the actions it lists.'
        : `It guards the actions it lists: they are denied ${guard.description}.`,
    );
  }
  return reasons;
}
