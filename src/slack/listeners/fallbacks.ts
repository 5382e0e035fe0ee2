import type { App } from '@slack/bolt';
import { log } from '../../shared/log';
import { ACCEPT_RISK_VIEW, ACTION } from '../actionIds';
import { USAGE } from '../commandText';
import { escapeMrkdwn } from '../limits';
import { note } from '../render/reports';

/** Matches any id except the given ones (Bolt runs every matching listener, so they must not overlap). */
function anyExcept(ids: readonly string[]): RegExp {
  const known = ids.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  return new RegExp(`^(?!(?:${known})$)`);
}

/**
 * Acknowledges what no other listener handles, at once: another slash command pointed at this app
 * gets the usage, a click on a button we no longer offer and a modal we do not know are
 * acknowledged and logged. Without these Bolt waits three seconds and answers 404.
 */
export function registerFallbacks(app: App): void {
  app.command(anyExcept(['/ecr-check']), async ({ command, ack }) => {
    log.warn('unknown slash command', { command: command.command, slackUser: command.user_id });
    await ack({
      response_type: 'ephemeral',
      ...note(
        `This app answers \`/ecr-check\` only, not ${escapeMrkdwn(command.command)}.\n${USAGE}`,
      ),
    });
  });
  app.action(anyExcept(Object.values(ACTION)), async ({ action, ack, body }) => {
    await ack();
    const id = 'action_id' in action ? action.action_id : undefined;
    log.warn('click on an unknown button', { actionId: id, slackUser: body.user.id });
  });
  app.view(anyExcept([ACCEPT_RISK_VIEW]), async ({ ack, body, view }) => {
    await ack();
    log.warn('unknown modal', { callbackId: view.callback_id, slackUser: body.user.id });
  });
}
