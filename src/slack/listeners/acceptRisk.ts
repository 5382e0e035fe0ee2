import type { App, ViewSubmitAction } from '@slack/bolt';
import { isEcrCheckError } from '../../shared/errors';
import { log } from '../../shared/log';
import { ACCEPT_RISK_VIEW } from '../actionIds';
import { updateFindingCard } from '../findingCardUpdate';
import { clip, escapeMrkdwn } from '../limits';
import type { MessageRef } from '../ports';
import type { Block } from '../render/blocks';
import { isOurTeam, type SlackRuntime } from '../runtime';

/** How long an accepted risk lasts unless the approver picks another date. */
export const DEFAULT_ACCEPT_DAYS = 90;
const MAX_ACCEPT_DAYS = 366;

/**
 * The inputs' action ids. Distinct, so no view ever holds the same action_id twice (the local
 * stand-in, stricter than Slack's per-block rule, refuses duplicates in a whole view).
 */
const REASON_INPUT = 'reason';
const EXPIRY_INPUT = 'expires';

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The Accept risk modal: a reason and an expiry date (default 90 days from today). */
export function acceptRiskModal(findingId: string, card: MessageRef, today = new Date()): Block {
  const expiry = new Date(today.getTime() + DEFAULT_ACCEPT_DAYS * 86_400_000);
  return {
    type: 'modal',
    callback_id: ACCEPT_RISK_VIEW,
    private_metadata: JSON.stringify({ f: findingId, c: card.channel, t: card.ts }),
    title: { type: 'plain_text', text: 'Accept risk' },
    submit: { type: 'plain_text', text: 'Accept risk' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: 'reason',
        label: { type: 'plain_text', text: 'Why is this exposure acceptable?' },
        element: {
          type: 'plain_text_input',
          action_id: REASON_INPUT,
          multiline: true,
          min_length: 5,
          max_length: 1000,
        },
      },
      {
        type: 'input',
        block_id: 'expiry',
        label: { type: 'plain_text', text: 'Accepted until' },
        hint: {
          type: 'plain_text',
          text: 'The finding comes back after this date, or sooner if the policy changes.',
        },
        element: { type: 'datepicker', action_id: EXPIRY_INPUT, initial_date: isoDay(expiry) },
      },
    ],
  };
}

/**
 * Checks the submitted reason and expiry; returns field errors the modal shows, or the values.
 * The expiry must be a real calendar day (2027-02-30 is refused, not rolled over to March) after
 * today (UTC); the risk is accepted until the end of that day.
 */
export function readAcceptRisk(
  values: Record<string, Record<string, { value?: string | null; selected_date?: string | null }>>,
  now = new Date(),
): { errors: Record<string, string> } | { reason: string; expiresAt: Date } {
  const errors: Record<string, string> = {};
  // `value` was both inputs' action id before; a modal opened then may still be submitted.
  const reason = ((values.reason?.[REASON_INPUT] ?? values.reason?.value)?.value ?? '').trim();
  if (reason.length < 5) errors.reason = 'Give a reason of at least 5 characters.';
  const day = (values.expiry?.[EXPIRY_INPUT] ?? values.expiry?.value)?.selected_date ?? '';
  const expiresAt = new Date(`${day}T23:59:59Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(day) ||
    Number.isNaN(expiresAt.getTime()) ||
    isoDay(expiresAt) !== day
  ) {
    errors.expiry = 'Pick a date.';
  } else if (day <= isoDay(now)) {
    errors.expiry = 'Pick a date in the future.';
  } else if (expiresAt.getTime() > now.getTime() + MAX_ACCEPT_DAYS * 86_400_000) {
    errors.expiry = 'Accept a risk for at most a year; it can be accepted again.';
  }
  return Object.keys(errors).length ? { errors } : { reason, expiresAt };
}

/** Registers the modal's submission: re-checks the approver, records, updates the card. */
export function registerAcceptRisk(app: App, runtime: SlackRuntime): void {
  app.view<ViewSubmitAction>(ACCEPT_RISK_VIEW, async ({ ack, body, view }) => {
    const user = body.user.id;
    if (!(await isOurTeam(runtime, body.team?.id ?? undefined))) {
      await ack({ response_action: 'errors', errors: { reason: 'Not from this workspace.' } });
      return;
    }
    if (!(await runtime.approvers.isApprover(user))) {
      await ack({
        response_action: 'errors',
        errors: { reason: 'Only approvers can accept a risk.' },
      });
      return;
    }
    const read = readAcceptRisk(view.state.values as never);
    if ('errors' in read) {
      await ack({ response_action: 'errors', errors: read.errors });
      return;
    }
    let meta: { f: string; c: string; t: string };
    try {
      meta = JSON.parse(view.private_metadata);
    } catch {
      await ack({ response_action: 'errors', errors: { reason: 'This form is out of date.' } });
      return;
    }

    try {
      await runtime.services.acceptRisk(meta.f, user, read.reason, read.expiresAt);
    } catch (error) {
      const message = isEcrCheckError(error) ? error.message : 'Could not record it; try again.';
      await ack({ response_action: 'errors', errors: { reason: message } });
      return;
    }
    await ack();
    log.info('risk accepted', { findingId: meta.f, slackUser: user });

    const until = isoDay(read.expiresAt);
    await updateFindingCard(
      runtime,
      meta.f,
      { channel: meta.c, ts: meta.t },
      `Status: risk accepted by <@${user}> until ${until}`,
    );
    await runtime.client.chat.postMessage({
      channel: meta.c,
      thread_ts: meta.t,
      text: `:shield: <@${user}> accepted this risk until ${until}: ${escapeMrkdwn(clip(read.reason, 1000))}`,
    });
  });
}
