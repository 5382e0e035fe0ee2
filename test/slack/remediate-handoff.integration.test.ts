import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type EcrEmulator, startEcrEmulator } from '../../src/local/ecr-emulator';
import { type SlackStandin, startSlackStandin } from '../../src/local/slack-standin';
import {
  buttonClickPayload,
  findButton,
  signSlackRequest,
} from '../../src/local/slack-standin/requests';
import { EcrCheckError } from '../../src/shared/errors';
import { createSlackApp } from '../../src/slack/app';
import { loadSlackConfig } from '../../src/slack/config';
import { runDigest } from '../../src/slack/digest';
import { normaliseFunctionUrlEvent } from '../../src/slack/functionUrl';
import { type Job, type JobContext, runJob } from '../../src/slack/jobs';
import { SlackLambdaReceiver } from '../../src/slack/receivers/lambda';
import { createServices } from '../../src/slack/services';
import { workflowFor } from '../../src/slack/workflowBinding';
import { openStoreAt } from '../../src/store';
import { useEmulatorEnv } from '../local/ecr-emulator/sdk-env';
import { ACCOUNT, ALICE, APP_POLICY, CHANNEL, PARTNER, SECRET } from './harness';

// The edge function on Lambda answers Slack only when the listener returns, so Remediate must not
// wait for Slack there: it records the request and queues the messages for the worker.
let emulator: EcrEmulator;
let slack: SlackStandin;
let restoreEnv: () => void;
let handle: (event: unknown) => Promise<{ statusCode: number }>;
let ctx: JobContext;
/** Jobs the edge function queued, held until the test runs them as the worker would. */
const held: Job[] = [];
/** When true, handing a job to the worker fails (as an unreachable worker function would). */
let workerDown = false;

beforeAll(async () => {
  emulator = await startEcrEmulator({
    estate: {
      accountId: ACCOUNT,
      regions: {
        'eu-west-1': {
          repositories: [
            { name: 'team/app', policy: APP_POLICY },
            { name: 'team/web', policy: APP_POLICY },
          ],
        },
      },
    },
  });
  restoreEnv = useEmulatorEnv(emulator, {
    ECR_CHECK_REGIONS: 'eu-west-1',
    ECR_CHECK_ACCOUNT_ID: ACCOUNT,
    ECR_CHECK_TRUSTED_ACCOUNTS: PARTNER,
  });
  slack = await startSlackStandin();
  const config = loadSlackConfig({
    ...process.env,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_CHANNEL_ID: CHANNEL,
    SLACK_API_URL: slack.apiUrl,
    ECR_CHECK_APPROVERS: ALICE,
  });
  const store = await openStoreAt(inject('dynamodbEndpoint'), `handoff-${randomUUID()}`);
  const services = createServices({
    store,
    core: config.core,
    workflow: workflowFor(store, config.core, async () => false),
    scan: async (regions) => {
      const { scanAccount } = await import('../../src/scan/scanner');
      return scanAccount({ includePublic: false, ...(regions.length ? { regions } : {}) });
    },
  });
  const receiver = new SlackLambdaReceiver({ signingSecret: SECRET });
  const { runtime } = createSlackApp({
    config,
    services,
    receiver,
    queue: () => ({
      enqueue: async (job) => {
        if (workerDown) throw new EcrCheckError('aws-unavailable', 'The worker is unreachable.');
        held.push(job);
      },
    }),
  });
  ctx = { services, client: runtime.client, channelId: CHANNEL };
  const lambda = await receiver.start();
  handle = (event) => lambda(normaliseFunctionUrlEvent(event), {}) as never;
});
afterAll(async () => {
  await slack?.close();
  await emulator?.close();
  restoreEnv?.();
});

/** A signed button click as a Function URL event (payload 2.0). */
function clickEvent(message: { ts: string; blocks: unknown[] }, text: string) {
  const button = findButton(message, text);
  if (!button) throw new Error(`no ${text} button`);
  const payload = buttonClickPayload({
    ...button,
    userId: ALICE,
    teamId: slack.teamId,
    channelId: CHANNEL,
    message: message as never,
    responseUrl: slack.responseUrl(),
  });
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return {
    version: '2.0',
    rawPath: '/slack/events',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...signSlackRequest(body, SECRET),
    },
    requestContext: { http: { method: 'POST', path: '/slack/events' } },
    body,
    isBase64Encoded: false,
  };
}

/** The digest's finding card of a repository. */
function cardOf(repository: string) {
  const card = slack
    .channelMessages(CHANNEL)
    .find((m) => slack.renderText(m).includes(repository) && findButton(m, 'Remediate'));
  if (!card) throw new Error(`no finding card for ${repository}`);
  return card;
}

describe('Remediate on Lambda', () => {
  beforeAll(async () => {
    await runDigest(ctx);
  });

  it('answers Slack having only recorded the request; the worker posts the cards once', async () => {
    const card = cardOf('team/app');
    const before = slack.calls.length;

    const reply = await handle(clickEvent(card, 'Remediate'));

    expect(reply.statusCode).toBe(200);
    const during = slack.calls.slice(before).map((call) => call.method);
    expect(during.filter((method) => method !== 'auth.test')).toEqual([]);
    expect(slack.message(CHANNEL, card.ts)?.updates).toBe(0);
    expect(slack.thread(CHANNEL, card.ts)).toEqual([]);
    expect(held.map((job) => job.type)).toEqual(['announce-request']);

    const [job] = held;
    if (!job) throw new Error('no job');
    await runJob(job, ctx);
    await runJob(job, ctx); // a retried worker invocation

    const updated = slack.renderText(slack.message(CHANNEL, card.ts) ?? {});
    expect(updated).toContain(`remediation requested by <@${ALICE}>`);
    expect(updated).not.toContain('[ Remediate ]');
    const thread = slack.thread(CHANNEL, card.ts).map((m) => slack.renderText(m));
    expect(thread.filter((t) => t.includes('[ Approve ]  [ Reject ]'))).toHaveLength(1);
    expect(thread.filter((t) => t.includes(`<@${ALICE}> requested remediation`))).toHaveLength(1);
    expect(emulator.getRepositoryPolicy('eu-west-1', 'team/app')).toBe(APP_POLICY);
  });

  it('posts the cards itself when the worker cannot be reached', async () => {
    const card = cardOf('team/web');
    workerDown = true;

    const reply = await handle(clickEvent(card, 'Remediate'));
    workerDown = false;

    expect(reply.statusCode).toBe(200);
    const updated = slack.renderText(slack.message(CHANNEL, card.ts) ?? {});
    expect(updated).toContain(`remediation requested by <@${ALICE}>`);
    const thread = slack.thread(CHANNEL, card.ts).map((m) => slack.renderText(m));
    expect(thread.filter((t) => t.includes('[ Approve ]  [ Reject ]'))).toHaveLength(1);
    expect(slack.ephemerals).toEqual([]);
  });
});
