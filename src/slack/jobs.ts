import type { WebClient } from '@slack/web-api';
import { isEcrCheckError } from '../shared/errors';
import { log } from '../shared/log';
import { runDigest } from './digest';
import { updateFindingCard } from './findingCardUpdate';
import { escapeMrkdwn } from './limits';
import type { MessageRef, RemediationRequestView, SlackServices } from './ports';
import { type Block, type SlackMessage, slackBlocks } from './render/blocks';
import { withCardState } from './render/finding';
import { note, scanReport } from './render/reports';
import { requestCard } from './render/request';

/** Slow work handed from a listener to the worker (same code on Lambda and locally). */
export type Job =
  | { type: 'scan'; regions: string[]; user: string; responseUrl?: string; channel?: string }
  | { type: 'apply'; requestId: string; user: string; card: MessageRef; findingCard?: MessageRef }
  | { type: 'revert'; requestId: string; user: string; card: MessageRef; findingCard?: MessageRef }
  | {
      type: 'announce-request';
      requestId: string;
      user: string;
      /** The finding card that was clicked, and its blocks at the click (to keep all but state). */
      card: MessageRef;
      cardBlocks: Block[];
      /** The finding's thread, where the approval card and the audit line go. */
      thread: MessageRef;
    }
  | { type: 'digest' };

/** What a job needs: the services, a Web API client and the digest channel. */
export interface JobContext {
  services: SlackServices;
  client: WebClient;
  channelId: string;
}

/** Hands jobs to whoever runs them (an in-process queue or the worker Lambda). */
export interface JobQueue {
  enqueue(job: Job): Promise<void>;
}

/** Posts to a `response_url` (never logged: it is a bearer credential for the channel). */
export async function postToResponseUrl(
  url: string,
  message: SlackMessage & {
    response_type?: 'ephemeral' | 'in_channel';
    replace_original?: boolean;
  },
): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) log.warn('response_url post failed', { status: response.status });
}

function message(error: unknown): string {
  return isEcrCheckError(error)
    ? escapeMrkdwn(error.message)
    : 'an unexpected error (see the worker logs)';
}

/** Runs one job to the end, reporting back to Slack; never throws for expected failures. */
export async function runJob(job: Job, ctx: JobContext): Promise<void> {
  log.info('job started', { job: job.type });
  switch (job.type) {
    case 'scan':
      return runScan(job, ctx);
    case 'announce-request':
      return announceRequest(job, ctx);
    case 'apply':
    case 'revert':
      return runChange(job, ctx);
    case 'digest':
      await runDigest(ctx);
      return;
  }
}

async function runScan(job: Extract<Job, { type: 'scan' }>, ctx: JobContext): Promise<void> {
  let reply: SlackMessage;
  try {
    const scan = await ctx.services.scan(job.regions);
    await ctx.services.recordScan(scan);
    reply = scanReport(scan);
  } catch (error) {
    log.error('scan job failed', { error: String(error) });
    reply = note(`:x: The scan failed: ${message(error)}`);
  }
  if (job.responseUrl) {
    await postToResponseUrl(job.responseUrl, { ...reply, response_type: 'ephemeral' });
  } else {
    await ctx.client.chat.postMessage({ channel: job.channel ?? ctx.channelId, ...reply });
  }
}

/**
 * Shows a recorded remediation request in Slack: the finding card's state (its buttons gone), the
 * approval card in the finding's thread, and an audit line. The approval card's place is stored
 * once posted, and a retried job that finds it posts neither the card nor the audit line again.
 *
 * Known shortcoming: a worker that dies between posting the approval card and storing its place
 * posts a second card on retry (both show the same request; the store lets only one approval
 * through). A retry after the card was stored but the audit line failed leaves the audit line out
 * of the thread; the store's audit log still has the request.
 */
async function announceRequest(
  job: Extract<Job, { type: 'announce-request' }>,
  ctx: JobContext,
): Promise<void> {
  const request = await ctx.services.getRequest(job.requestId);
  if (!request) {
    log.warn('announce job for an unknown request', { requestId: job.requestId });
    return;
  }

  await ctx.client.chat.update({
    channel: job.card.channel,
    ts: job.card.ts,
    text: `Remediation requested by ${job.user}`,
    blocks: slackBlocks(
      withCardState(
        job.cardBlocks,
        `Status: remediation requested by <@${job.user}> (request \`${request.id}\`); ` +
          'waiting for an approver in the thread',
      ),
    ),
  });

  if (await ctx.services.getApprovalCardRef(request.id)) {
    log.info('approval card already posted', { requestId: request.id });
    return;
  }
  const posted = await ctx.client.chat.postMessage({
    channel: job.thread.channel,
    thread_ts: job.thread.ts,
    ...requestCard(request),
  });
  if (posted.ts) {
    await ctx.services.saveApprovalCardRef(request.id, {
      channel: job.thread.channel,
      ts: posted.ts,
    });
  }
  await ctx.client.chat.postMessage({
    channel: job.thread.channel,
    thread_ts: job.thread.ts,
    text: `:memo: <@${job.user}> requested remediation \`${request.id}\`.`,
  });
}

/**
 * Applies or reverts, then shows the outcome: the approval card, a thread line and the finding
 * card. A refused apply (the policy drifted, AWS said no) leaves the request `failed` and its
 * finding open again, so the finding card gets its buttons back.
 *
 * Only the revert job that made the transition announces it: a second Revert (a double click, or
 * two approvers at once) gets the request back from the workflow, reverting or reverted by
 * someone else or already reverted before it ran, and stays quiet. Known shortcoming: when one
 * user's two jobs both read `applied` and the second's claim fails only after the first finished,
 * the second sees "reverted by this user" too and the line is posted twice.
 */
async function runChange(
  job: Extract<Job, { type: 'apply' | 'revert' }>,
  ctx: JobContext,
): Promise<void> {
  const before =
    job.type === 'revert' ? await ctx.services.getRequest(job.requestId).catch(() => null) : null;
  let request: RemediationRequestView;
  let failure: string | undefined;
  try {
    request =
      job.type === 'apply'
        ? await ctx.services.applyApproved(job.requestId)
        : await ctx.services.revert(job.requestId, job.user);
  } catch (error) {
    failure = message(error);
    log.warn('change job refused or failed', { job: job.type, requestId: job.requestId, failure });
    const current = await ctx.services.getRequest(job.requestId).catch(() => null);
    if (!current) return;
    request = current;
  }

  if (job.type === 'revert' && !failure && !revertedByThisJob(job, before, request)) {
    log.info('revert already done or under way by another run; not announcing it again', {
      requestId: request.id,
      state: request.state,
    });
    // Show the settled state (the other run's actor), never "reverting" over a finished card.
    if (request.state === 'reverted') {
      await ctx.client.chat.update({
        channel: job.card.channel,
        ts: job.card.ts,
        ...requestCard(request),
      });
    }
    return;
  }

  await ctx.client.chat.update({
    channel: job.card.channel,
    ts: job.card.ts,
    ...requestCard(request, job.type === 'revert' ? job.user : undefined),
  });
  const verb = job.type === 'apply' ? 'Apply' : 'Revert';
  const line = failure
    ? `:x: ${verb} of request \`${request.id}\` did not happen: ${failure}`
    : job.type === 'apply'
      ? `:white_check_mark: Remediation \`${request.id}\` applied (approved by <@${job.user}>).`
      : `:leftwards_arrow_with_hook: Remediation \`${request.id}\` reverted by <@${job.user}>; the original policy is back.`;
  const thread = job.findingCard ?? job.card;
  await ctx.client.chat.postMessage({ channel: thread.channel, thread_ts: thread.ts, text: line });

  if (!job.findingCard) return;
  if (!failure) {
    await updateFindingCard(
      ctx,
      request.findingId,
      job.findingCard,
      job.type === 'apply'
        ? `Status: remediated (request \`${request.id}\`, approved by <@${job.user}>)`
        : `Status: open again: remediation reverted by <@${job.user}>`,
    );
  } else if (job.type === 'apply' && request.state === 'failed') {
    // The workflow reopened the finding; without its buttons nobody could request again.
    await updateFindingCard(
      ctx,
      request.findingId,
      job.findingCard,
      `Status: open (remediation \`${request.id}\` was refused when applying; see the thread)`,
      true,
    );
  }
}

/**
 * Whether this revert job made the request `reverted`: it was not reverted before the job ran,
 * and the workflow returns it reverted by this job's user.
 */
function revertedByThisJob(
  job: Extract<Job, { type: 'revert' }>,
  before: RemediationRequestView | null,
  after: RemediationRequestView,
): boolean {
  return before?.state !== 'reverted' && after.state === 'reverted' && after.actedBy === job.user;
}
