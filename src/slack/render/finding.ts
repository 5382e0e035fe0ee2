import type { StatementVerdict, Verdict } from '../../policy/types';
import { VERDICTS_WORST_FIRST } from '../../policy/types';
import type { Finding } from '../../scan/types';
import { ACTION } from '../actionIds';
import { clip, code, escapeMrkdwn } from '../limits';
import { actions, type Block, button, context, type SlackMessage, section } from './blocks';

const VERDICT_ICON: Record<Verdict, string> = {
  'public-push': ':red_circle:',
  'public-pull': ':large_orange_circle:',
  'cross-account': ':large_yellow_circle:',
  restricted: ':large_blue_circle:',
  private: ':white_circle:',
};

/** The emoji and bold verdict word used on every card. */
export function verdictLabel(verdict: Verdict): string {
  return `${VERDICT_ICON[verdict]} *${verdict}*`;
}

/** Sorts findings worst first, then by account, region and repository, for stable digests. */
export function worstFirst(findings: readonly Finding[]): Finding[] {
  const rank = (verdict: Verdict) => VERDICTS_WORST_FIRST.indexOf(verdict);
  return [...findings].sort(
    (a, b) =>
      rank(a.verdict) - rank(b.verdict) ||
      a.registryId.localeCompare(b.registryId) ||
      a.region.localeCompare(b.region) ||
      (a.repository ?? '').localeCompare(b.repository ?? '') ||
      a.id.localeCompare(b.id),
  );
}

/** The name a person would use for what the finding is about. */
export function subjectName(finding: Finding): string {
  if (finding.kind === 'registry-policy') return `registry ${finding.registryId}`;
  return finding.repository ?? '(unnamed repository)';
}

const KIND_WORDS: Record<Finding['kind'], string> = {
  'repository-policy': 'repository policy',
  'registry-policy': 'registry policy',
  'public-repository': 'ECR Public repository',
};

/** One statement in one line: sid, effect, who, and the actions that matter. */
export function compactStatement(statement: StatementVerdict): string {
  const sid = statement.sid ? ` ${code(statement.sid)}` : '';
  const who = statement.principals.length
    ? statement.principals.slice(0, 3).map(code).join(', ') +
      (statement.principals.length > 3 ? ` (+${statement.principals.length - 3})` : '')
    : '(no principal)';
  const list = (names: string[]) =>
    names.slice(0, 4).join(', ') + (names.length > 4 ? ` (+${names.length - 4})` : '');
  const parts: string[] = [];
  if (statement.actions.push.length) parts.push(`push: ${list(statement.actions.push)}`);
  if (statement.actions.pull.length) parts.push(`pull: ${list(statement.actions.pull)}`);
  const what = parts.length ? parts.join('; ') : 'no push or pull actions';
  return clip(
    `#${statement.index}${sid} ${escapeMrkdwn(statement.effect)} ${who} → ${escapeMrkdwn(what)} (${statement.verdict})`,
    600,
  );
}

/**
 * Whether Remediate is offered: repository policies, and ECR Public repositories whose policy lets
 * everyone push (removing the push grant is undone by Revert like any policy change). An ECR Public
 * repository that is only publicly pullable cannot be made private (only deleting it ends that),
 * and registry policies are fixed by hand (the workflow refuses them); both offer Accept risk only.
 */
export function isRemediable(finding: Finding): boolean {
  if (finding.kind === 'public-repository') return finding.verdict === 'public-push';
  return finding.kind === 'repository-policy';
}

/** Button value for finding buttons: small JSON, far under Slack's 2,000 characters. */
export function findingValue(finding: Pick<Finding, 'id'>): string {
  return JSON.stringify({ f: finding.id });
}

/**
 * What Remediate will change, for its confirm dialog (300 characters at most). The plan is made
 * only when the request is recorded (the live policy may differ, and the mode depends on the
 * configuration), so this says what is true of every plan: the statements that grant everyone are
 * removed (or limited to the trusted organization), the others stay, and a policy left without
 * statements is deleted. The approval card then shows the plan itself.
 */
export function remediationPreview(finding: Finding): string {
  const subject = clip(escapeMrkdwn(subjectName(finding)), 50);
  if (finding.kind === 'public-repository') {
    // The planner changes only the public push grants on ECR Public; say what stays.
    const push = finding.statements.filter((s) => s.verdict === 'public-push');
    const names = escapeMrkdwn(push.map((s) => s.sid ?? `#${s.index}`).join(', '));
    return clip(
      `Removes only the push grant to everyone in ${push.length} statement(s) (${clip(names, 50)}) ` +
        `of ECR Public repository ${subject}. The repository stays public: anyone can still pull. ` +
        'An approver must approve; Revert restores the exact original.',
      300,
    );
  }
  const changed = finding.statements.filter((s) => s.effect === 'Allow');
  const names = escapeMrkdwn(changed.map((s) => s.sid ?? `#${s.index}`).join(', '));
  return clip(
    `Ends the grant to everyone in ${changed.length} statement(s) (${clip(names, 50)}) of ` +
      `${subject} in ${escapeMrkdwn(finding.region)}. Other statements stay; if none ` +
      'is left, the policy is deleted. An approver must approve; Revert restores the exact original.',
    300,
  );
}

/** The block ids whose content changes with the finding's state. */
export const CARD_STATE_BLOCK = 'finding-state';
export const CARD_ACTIONS_BLOCK = 'finding-actions';

/**
 * A digest card for one finding: what, where, the offending statements, why, and buttons (the
 * finding's Remediate / Accept risk unless others are given; none when the list is empty).
 */
export function findingCard(
  finding: Finding,
  state = 'open',
  buttons: Block[] = findingButtons(finding),
): SlackMessage {
  const blocks: Block[] = [];
  const where =
    `account ${code(finding.registryId)} · region ${code(finding.region)} · ` +
    KIND_WORDS[finding.kind];
  blocks.push(
    section(
      `${verdictLabel(finding.verdict)} · ${code(subjectName(finding))}\n${where}`,
      'finding',
    ),
  );

  const shown = finding.statements.slice(0, 5).map(compactStatement);
  if (finding.statements.length > shown.length) {
    shown.push(`…and ${finding.statements.length - shown.length} more offending statement(s)`);
  }
  if (shown.length) blocks.push(section(`*Offending statements*\n${shown.join('\n')}`));
  if (finding.publicRepository) {
    const pub = finding.publicRepository;
    blocks.push(
      section(
        `*Public repository* ${pub.uri ? code(pub.uri) : ''}` +
          `${pub.createdAt ? ` · created ${escapeMrkdwn(pub.createdAt)}` : ''}` +
          ` · ${pub.hasPolicy ? 'has a repository policy' : 'no repository policy'}`,
      ),
    );
  }

  const why = finding.reasons.slice(0, 3).map((r) => clip(escapeMrkdwn(r), 400));
  if (why.length) blocks.push(context([`*Why:* ${why.join(' ')}`]));
  blocks.push(context([`Status: ${state}`], CARD_STATE_BLOCK));
  if (buttons.length) blocks.push(actions(CARD_ACTIONS_BLOCK, buttons));

  return {
    text: escapeMrkdwn(
      `${finding.verdict}: ${subjectName(finding)} in ${finding.region} (${finding.registryId})`,
    ),
    blocks,
  };
}

/** Remediate (with its confirm dialog) when `isRemediable`, and Accept risk. */
export function findingButtons(finding: Finding): Block[] {
  const value = findingValue(finding);
  const out: Block[] = [];
  if (isRemediable(finding)) {
    out.push(
      button('Remediate', ACTION.remediate, value, {
        style: 'primary',
        confirm: {
          title: 'Request remediation?',
          text: remediationPreview(finding),
          confirm: 'Request',
          deny: 'Cancel',
        },
      }),
    );
  }
  out.push(button('Accept risk', ACTION.acceptRisk, value));
  return out;
}

/**
 * Rewrites a posted card (its blocks as Slack returns them in a click) to show a new state: the
 * status line says what happened and who acted, and the buttons are replaced (or removed).
 */
export function withCardState(blocks: Block[], state: string, buttons: Block[] = []): Block[] {
  const kept = blocks.filter(
    (b) => b.block_id !== CARD_STATE_BLOCK && b.block_id !== CARD_ACTIONS_BLOCK,
  );
  kept.push(context([state], CARD_STATE_BLOCK));
  if (buttons.length) kept.push(actions(CARD_ACTIONS_BLOCK, buttons));
  return kept;
}
