import { ACTION } from '../actionIds';
import { clip, code, escapeMrkdwn, mention } from '../limits';
import type { RemediationRequestView } from '../ports';
import { actions, type Block, button, context, type SlackMessage, section } from './blocks';

/** Button value for request buttons. */
export function requestValue(request: Pick<RemediationRequestView, 'id'>): string {
  return JSON.stringify({ r: request.id });
}

/**
 * A policy text shown compactly in a code block, clipped to fit a section and escaped: Slack
 * parses `<...>` even inside code blocks, so a Sid could otherwise render a link there.
 */
export function policyBlock(text: string | null, max = 1300): string {
  if (text === null) return '_(no policy)_';
  let compact = text;
  try {
    compact = JSON.stringify(JSON.parse(text));
  } catch {
    // Not JSON (should not happen for ECR policies): show it as it is.
  }
  return `\`\`\`${clip(escapeMrkdwn(compact.replace(/```/g, "'''")), max)}\`\`\``;
}

const STATE_WORDS: Record<RemediationRequestView['state'], string> = {
  requested: ':hourglass: waiting for an approver',
  approved: ':gear: approved, applying…',
  applying: ':gear: applying…',
  applied: ':white_check_mark: applied',
  rejected: ':no_entry_sign: rejected',
  failed: ':x: failed',
  reverting: ':gear: reverting…',
  reverted: ':leftwards_arrow_with_hook: reverted',
};

/** The state line of an approval card: what happened and who acted. */
export function requestStateLine(request: RemediationRequestView, actor?: string): string {
  const who = actor ?? request.actedBy;
  const by = who && request.state !== 'requested' ? ` by ${mention(who)}` : '';
  const error =
    request.state === 'failed' && request.error
      ? `: ${escapeMrkdwn(clip(request.error, 1500))}`
      : '';
  return clip(`Status: ${STATE_WORDS[request.state]}${by}${error}`, 1900);
}

/** The buttons that make sense in a state; stale ones disappear. */
export function requestButtons(request: RemediationRequestView): Block[] {
  const value = requestValue(request);
  if (request.state === 'requested') {
    return [
      button('Approve', ACTION.approve, value, { style: 'primary' }),
      button('Reject', ACTION.reject, value, { style: 'danger' }),
    ];
  }
  if (request.state === 'applied') {
    return [
      button('Revert', ACTION.revert, value, {
        confirm: {
          title: 'Revert this remediation?',
          text: 'Puts back the exact policy text that was there before, if nobody changed it since.',
          confirm: 'Revert',
          deny: 'Cancel',
        },
      }),
    ];
  }
  return [];
}

/** The approval card posted in the finding's thread, in its current state. */
export function requestCard(request: RemediationRequestView, actor?: string): SlackMessage {
  const subject = request.repository ?? `registry ${request.registryId}`;
  const blocks: Block[] = [
    section(
      `*Remediation request* ${code(request.id)} for ${code(subject)} in ${code(request.region)} ` +
        `(account ${code(request.registryId)}), requested by ${mention(request.requestedBy)}\n` +
        `*What changes:* ${escapeMrkdwn(clip(request.summary, 800))}`,
      'request',
    ),
    section(`*Before*\n${policyBlock(request.before)}`, 'request-before'),
    section(
      `*After*${request.verdictAfter ? ` (${request.verdictAfter})` : ''}\n` +
        (request.after === null ? '_the policy is deleted_' : policyBlock(request.after)),
      'request-after',
    ),
    context([requestStateLine(request, actor)], 'request-state'),
  ];
  const buttons = requestButtons(request);
  if (buttons.length) blocks.push(actions('request-actions', buttons));
  return {
    text: escapeMrkdwn(`Remediation request for ${subject} (${request.region}): ${request.state}`),
    blocks,
  };
}
