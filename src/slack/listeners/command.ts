import type { App, RespondFn, SlashCommand } from '@slack/bolt';
import { isEcrCheckError } from '../../shared/errors';
import { log } from '../../shared/log';
import { parseSlashText, USAGE } from '../commandText';
import { escapeMrkdwn } from '../limits';
import type { SlackMessage } from '../render/blocks';
import {
  exceptionsMessage,
  historyMessage,
  note,
  repositoryReportMessage,
} from '../render/reports';
import { isOurTeam, type SlackRuntime } from '../runtime';

/** How long a lookup may take before the command answers "working on it" and replies later. */
const INLINE_ANSWER_MS = 1800;

type Reply = SlackMessage & { response_type: 'ephemeral' };
const ephemeral = (message: SlackMessage): Reply => ({ ...message, response_type: 'ephemeral' });

/** Registers `/ecr-check` and its sub-commands. */
export function registerCommand(app: App, runtime: SlackRuntime): void {
  app.command('/ecr-check', async ({ command, ack, respond }) => {
    if (!(await isOurTeam(runtime, command.team_id))) {
      log.warn('slash command from another workspace refused', { team: command.team_id });
      await ack(ephemeral(note('This app answers only in its own workspace.')));
      return;
    }
    const request = parseSlashText(command.text);
    log.info('slash command', { slackUser: command.user_id, command: request.kind });

    switch (request.kind) {
      case 'help': {
        const intro = request.unknown ? 'I do not know that command.\n' : '';
        await ack(ephemeral(note(`${intro}${USAGE}`)));
        return;
      }
      case 'invalid':
        await ack(ephemeral(note(`${escapeMrkdwn(request.message)}\n${USAGE}`)));
        return;
      case 'scan': {
        const where = request.regions.length
          ? escapeMrkdwn(request.regions.join(', '))
          : 'the configured regions';
        await ack(ephemeral(note(`:mag: Scanning ${where}… I will post the result here.`)));
        await runtime.queue.enqueue({
          type: 'scan',
          regions: request.regions,
          user: command.user_id,
          responseUrl: command.response_url,
          channel: command.channel_id,
        });
        return;
      }
      case 'repo':
        return answer(ack, respond, command, async () =>
          repositoryReportMessage(
            await runtime.services.repositoryReport(request.repository, request.region),
          ),
        );
      case 'history':
        return answer(ack, respond, command, async () =>
          historyMessage(request.repository, await runtime.services.history(request.repository)),
        );
      case 'exceptions':
        return answer(ack, respond, command, async () =>
          exceptionsMessage(await runtime.services.exceptions()),
        );
    }
  });
}

/**
 * Answers in the acknowledgement when the lookup is quick; otherwise acknowledges at once and
 * sends the answer to the response_url, so Slack's 3 seconds are never at risk.
 */
async function answer(
  ack: (reply: Reply) => Promise<void>,
  respond: RespondFn,
  command: SlashCommand,
  lookup: () => Promise<SlackMessage>,
): Promise<void> {
  const result = lookup().catch((error: unknown) => {
    log.warn('slash command lookup failed', { slackUser: command.user_id, error: String(error) });
    return note(
      isEcrCheckError(error)
        ? `:x: ${escapeMrkdwn(error.message)}`
        : ':x: Something went wrong; the logs say more.',
    );
  });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), INLINE_ANSWER_MS);
  });
  const first = await Promise.race([result, late]);
  clearTimeout(timer);
  if (first !== 'late') {
    await ack(ephemeral(first));
    return;
  }
  await ack(ephemeral(note(':hourglass: Looking that up…')));
  await respond({ ...(await result), response_type: 'ephemeral' });
}
