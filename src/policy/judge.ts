import { type ActionSet, expandActions, isEmptyActionSet, unmatchedPatterns } from './actions';
import { assessConditions, type Restriction } from './conditions';
import type { NormalisedStatement } from './document';
import { classifyPrincipal, isOwnAccount, type PrincipalClass } from './principals';
import type { AnalyzeOptions, Verdict } from './types';
import { worstVerdict } from './verdict';
import { describeAccess, everyoneMeans, target } from './wording';

/** The verdict for one principal of a statement; `open` marks everyone with no restriction. */
export interface PrincipalPart {
  verdict: Verdict;
  reason: string;
  open: boolean;
}

/** An Allow statement judged on its own, before any Deny guard is considered. */
export interface AllowJudgement {
  parts: PrincipalPart[];
  notes: string[];
  principals: string[];
  actions: ActionSet;
  unknownConditionKeys: string[];
}

/** Judges one Allow statement by its principals, actions and conditions. */
export function judgeAllow(
  statement: NormalisedStatement,
  options: AnalyzeOptions,
): AllowJudgement {
  const actions = expandActions(statement.action.patterns, statement.action.negated, options.kind);
  const classes = principalClasses(statement);
  const conditions = assessConditions(statement.conditions, options);
  const notes = [...conditions.notes, ...actionNotes(statement)];
  const judgement = {
    notes,
    principals: classes.map((principal) => principal.written),
    actions,
    unknownConditionKeys: conditions.unknownKeys,
  };

  if (isEmptyActionSet(actions)) {
    const reason = `It grants no action that applies to ${target(options.kind)}.`;
    return { ...judgement, parts: [{ verdict: 'private', reason, open: false }] };
  }

  const parts = classes.map((principal) =>
    judgePrincipal(principal, actions, conditions.restrictions, options),
  );
  if (statement.principal.negated) {
    parts[0] = {
      ...(parts[0] as PrincipalPart),
      reason: `\`NotPrincipal\` in an Allow statement lets in everyone not listed, so it is treated as everyone. ${parts[0]?.reason ?? ''}`,
    };
  }
  if (parts.length === 0) {
    parts.push({ verdict: 'private', reason: 'It names no principal.', open: false });
  }
  return { ...judgement, parts };
}

/** The statement's verdict: its worst principal's. */
export function allowVerdict(parts: readonly PrincipalPart[]): Verdict {
  return worstVerdict(parts.map((part) => part.verdict));
}

function principalClasses(statement: NormalisedStatement): PrincipalClass[] {
  if (statement.principal.negated) return [{ kind: 'everyone', written: '*' }];
  return statement.principal.entries.map(classifyPrincipal);
}

function judgePrincipal(
  principal: PrincipalClass,
  actions: ActionSet,
  restrictions: readonly Restriction[],
  options: AnalyzeOptions,
): PrincipalPart {
  const own = restrictions.filter((restriction) => restriction.scope === 'own');
  const external = restrictions.filter((restriction) => restriction.scope === 'external');

  switch (principal.kind) {
    case 'everyone':
      return judgeEveryone(principal.written, actions, restrictions, options);

    case 'account':
      if (isOwnAccount(principal.account, options)) {
        const whose = principal.account === options.ownerAccount ? 'the owner account' : 'trusted';
        return part('private', `\`${principal.written}\` is ${whose}.`);
      }
      if (own.some((restriction) => restriction.family === 'principal')) {
        return part(
          'restricted',
          `\`${principal.written}\` is another account, but only when ${own[0]?.description}.`,
        );
      }
      return part(
        'cross-account',
        `\`${principal.written}\` is account ${principal.account}, outside the owner account and the trusted accounts.`,
      );

    case 'service': {
      const scoped = own.find((restriction) => restriction.family === 'source');
      if (scoped) {
        return part(
          'private',
          `AWS service \`${principal.service}\` may act only for your resources: ${scoped.description}.`,
        );
      }
      const elsewhere = external.find((restriction) => restriction.family === 'source');
      if (elsewhere) {
        return part(
          'cross-account',
          `AWS service \`${principal.service}\` acts for another account: ${elsewhere.description}.`,
        );
      }
      return part(
        'cross-account',
        `AWS service \`${principal.service}\` is not scoped to the owner account by aws:SourceAccount or aws:SourceArn, so it can act for any AWS account.`,
      );
    }

    case 'deleted':
      return part(
        'private',
        `\`${principal.written}\` is the unique id of a deleted IAM principal; it grants nobody.`,
      );

    case 'unknown':
      if (own.some((restriction) => restriction.family === 'principal')) {
        return part('restricted', `\`${principal.written}\` is limited by ${own[0]?.description}.`);
      }
      return part(
        'cross-account',
        `\`${principal.written}\` cannot be tied to the owner account, so it is treated as another account.`,
      );
  }
}

function judgeEveryone(
  written: string,
  actions: ActionSet,
  restrictions: readonly Restriction[],
  options: AnalyzeOptions,
): PrincipalPart {
  const who = written === '*' ? 'Principal `*`' : `\`${written}\` (a wildcard account)`;

  if (restrictions.length === 0) {
    const verdict: Verdict = actions.push.length > 0 ? 'public-push' : 'public-pull';
    return {
      verdict,
      open: true,
      reason: `${who} means ${everyoneMeans(options.kind)}: they can ${describeAccess(actions)} on ${target(options.kind)}.`,
    };
  }

  const own = restrictions.find((restriction) => restriction.scope === 'own');
  if (own) {
    return part(
      'restricted',
      `${who} is pinned to your own accounts or organization: ${own.description}.`,
    );
  }
  const external = restrictions.find((restriction) => restriction.scope === 'external');
  if (external) {
    return part(
      'cross-account',
      `${who} is pinned to accounts or organizations other than yours: ${external.description}.`,
    );
  }
  const first = restrictions[0] as Restriction;
  return part('restricted', `${who} is pinned down by a condition: ${first.description}.`);
}

function actionNotes(statement: NormalisedStatement): string[] {
  const unmatched = unmatchedPatterns(statement.action.patterns);
  if (unmatched.length === 0) return [];
  const list = unmatched.map((pattern) => `\`${pattern}\``).join(', ');
  return [`${list} match no ECR or ECR Public action.`];
}

function part(verdict: Verdict, reason: string): PrincipalPart {
  return { verdict, reason, open: false };
}
