import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { isEcrCheckError } from '../../shared/errors';
import { log } from '../../shared/log';
import { ACCEPT_RISK_VIEW, ACTION } from '../actionIds';
import { updateFindingCard } from '../findingCardUpdate';
import type { Job } from '../jobs';
import { escapeMrkdwn } from '../limits';
import type { MessageRef, RemediationRequestView } from '../ports';
import { type Block, context, type SlackMessage, slackView } from '../render/blocks';
import { requestCard, requestStateLine } from '../render/request';
import { isOurTeam, type SlackRuntime } from '../runtime';
import { acceptRiskModal } from './acceptRisk';

/** What a click carries once checked: who, where, and the id in the button's value. */
interface Click {
  user: string;
  message: MessageRef;
  /** The thread the message belongs to (the finding card), or the message itself. */
  thread: MessageRef;
  blocks: Block[];
  value: { f?: string; r?: string };
  triggerId: string;
}

function readClick(body: BlockAction<ButtonAction>): Click | null {
  const channel = body.container?.channel_id ?? body.channel?.id;
  const message = body.message;
  const action = body.actions[0];
  if (!channel || !message?.ts || !action) return null;
  let value: Click['value'];
  try {
    value = JSON.parse(action.value ?? '');
  } catch {
    return null;
  }
  return {
    user: body.user.id,
    message: { channel, ts: message.ts },
    thread: { channel, ts: (message.thread_ts as string | undefined) ?? message.ts },
    blocks: (message.blocks as Block[] | undefined) ?? [],
    value: typeof value === 'object' && value !== null ? value : {},
    triggerId: body.trigger_id,
  };
}

/** Tells only the clicking user why nothing happened. */
async function refuse(runtime: SlackRuntime, click: Click, text: string): Promise<void> {
  await runtime.client.chat.postEphemeral({
    channel: click.message.channel,
    user: click.user,
    thread_ts: click.thread.ts === click.message.ts ? undefined : click.thread.ts,
    text,
  });
}

async function auditLine(runtime: SlackRuntime, click: Click, text: string): Promise<void> {
  await runtime.client.chat.postMessage({
    channel: click.thread.channel,
    thread_ts: click.thread.ts,
    text,
  });
}

function why(error: unknown): string {
  return isEcrCheckError(error)
    ? `:no_entry: ${escapeMrkdwn(error.message)} Nothing was changed.`
    : ':x: Something went wrong; nothing was changed. The logs say more.';
}

/**
 * Acknowledges, checks the workspace and the click, and runs `handle` with the click; anything
 * that goes wrong becomes an ephemeral explanation to the user.
 */
function onClick(
  app: App,
  runtime: SlackRuntime,
  actionId: string,
  handle: (click: Click) => Promise<void>,
): void {
  app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body }) => {
    await ack();
    const click = readClick(body);
    if (!(await isOurTeam(runtime, body.team?.id ?? undefined))) {
      log.warn('click from another workspace refused', { team: body.team?.id, actionId });
      return;
    }
    if (!click) {
      log.warn('click without a usable message or value', { actionId });
      return;
    }
    try {
      await handle(click);
    } catch (error) {
      log.warn('click refused or failed', {
        actionId,
        slackUser: click.user,
        error: isEcrCheckError(error) ? error.code : String(error),
      });
      await refuse(runtime, click, why(error)).catch(() => undefined);
    }
  });
}

async function requireApprover(runtime: SlackRuntime, click: Click, doing: string) {
  if (await runtime.approvers.isApprover(click.user)) return true;
  log.warn('non-approver click refused', { slackUser: click.user, doing });
  await refuse(runtime, click, `:no_entry: Only approvers can ${doing}. Nothing was changed.`);
  return false;
}

/**
 * The approval card of a request its requester withdrew: "withdrawn by" where the render module,
 * which has one word per state, says "rejected by" (a withdrawal is the requester's rejection).
 */
function withdrawnCard(request: RemediationRequestView, user: string): SlackMessage {
  const card = requestCard(request, user);
  const line = requestStateLine(request, user).replace('rejected by', 'withdrawn by');
  return {
    ...card,
    blocks: card.blocks.map((block) =>
      block.block_id === 'request-state' ? context([line], 'request-state') : block,
    ),
  };
}

/** The worker job that applies or reverts a request and reports back on its cards. */
function changeJob(type: 'apply' | 'revert', requestId: string, click: Click): Job {
  return {
    type,
    requestId,
    user: click.user,
    card: click.message,
    findingCard: click.thread.ts === click.message.ts ? undefined : click.thread,
  };
}

/**
 * Registers Remediate, Approve, Reject, Revert and Accept risk. On Lambda, Bolt answers Slack
 * only when a listener returns, so Remediate only records the request (one live ECR read, store
 * writes) and hands the Slack messages to the worker (`announce-request`), as Approve and Revert
 * hand over applying and reverting. When the worker cannot be reached, Remediate posts them itself.
 */
export function registerButtons(app: App, runtime: SlackRuntime): void {
  const { services, client, queue } = runtime;
  const mode = runtime.config.core.trustedOrg ? 'restrict-to-org' : 'remove';

  onClick(app, runtime, ACTION.remediate, async (click) => {
    if (!click.value.f) return;
    const request = await services.requestRemediation(click.value.f, mode, click.user);
    log.info('remediation requested', { requestId: request.id, slackUser: click.user });

    const job: Job = {
      type: 'announce-request',
      requestId: request.id,
      user: click.user,
      card: click.message,
      cardBlocks: click.blocks,
      thread: click.thread,
    };
    await queue.enqueue(job).catch(async (error: unknown) => {
      // The request is recorded; without its approval card nobody could approve it, so announce
      // it here, slower, rather than leave it stranded.
      log.warn('could not queue the announcement; announcing from the listener', {
        requestId: request.id,
        error: String(error),
      });
      const { runJob } = await import('../jobs');
      await runJob(job, { services, client, channelId: runtime.config.channelId });
    });
  });

  onClick(app, runtime, ACTION.approve, async (click) => {
    if (!click.value.r) return;
    // The workflow decides who may approve (never the requester) and audits every refusal.
    const request = await services.approve(click.value.r, click.user);
    log.info('remediation approved', { requestId: request.id, slackUser: click.user });

    await client.chat.update({
      channel: click.message.channel,
      ts: click.message.ts,
      ...requestCard({ ...request, state: 'approved' }, click.user),
    });
    await auditLine(
      runtime,
      click,
      `:ballot_box_with_check: <@${click.user}> approved \`${request.id}\`; applying.`,
    );
    await queue.enqueue(changeJob('apply', request.id, click));
  });

  onClick(app, runtime, ACTION.reject, async (click) => {
    if (!click.value.r) return;
    // The workflow decides, as for Approve: approvers reject, the requester may withdraw their
    // own request, and everyone else is refused (and audited).
    const request = await services.reject(click.value.r, click.user);
    const withdrawn = request.requestedBy === click.user;
    log.info(withdrawn ? 'remediation withdrawn' : 'remediation rejected', {
      requestId: request.id,
      slackUser: click.user,
    });

    await client.chat.update({
      channel: click.message.channel,
      ts: click.message.ts,
      ...(withdrawn ? withdrawnCard(request, click.user) : requestCard(request, click.user)),
    });
    await auditLine(
      runtime,
      click,
      withdrawn
        ? `:no_entry_sign: <@${click.user}> withdrew their request \`${request.id}\`.`
        : `:no_entry_sign: <@${click.user}> rejected \`${request.id}\`.`,
    );
    if (click.thread.ts !== click.message.ts) {
      await updateFindingCard(
        runtime,
        request.findingId,
        click.thread,
        `Status: open (remediation \`${request.id}\` ${withdrawn ? 'withdrawn' : 'rejected'} by <@${click.user}>)`,
        true,
      );
    }
  });

  onClick(app, runtime, ACTION.revert, async (click) => {
    if (!click.value.r || !(await requireApprover(runtime, click, 'revert'))) return;
    const request = await services.getRequest(click.value.r);
    if (!request) throw new Error('request not found');
    if (request.state !== 'applied') {
      await refuse(
        runtime,
        click,
        `:information_source: This remediation is ${request.state}; there is nothing to revert.`,
      );
      return;
    }
    await client.chat.update({
      channel: click.message.channel,
      ts: click.message.ts,
      ...requestCard({ ...request, state: 'reverting' }, click.user),
    });
    await auditLine(
      runtime,
      click,
      `:leftwards_arrow_with_hook: <@${click.user}> asked to revert \`${request.id}\`.`,
    );
    await queue.enqueue(changeJob('revert', request.id, click));
  });

  onClick(app, runtime, ACTION.acceptRisk, async (click) => {
    if (!click.value.f || !(await requireApprover(runtime, click, 'accept a risk'))) return;
    await client.views.open({
      trigger_id: click.triggerId,
      view: slackView(acceptRiskModal(click.value.f, click.message)),
    });
  });
}

export { ACCEPT_RISK_VIEW };
