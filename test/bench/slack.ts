/**
 * `npm run bench:slack`: acknowledgement latency (median and p99, warm) of `/ecr-check help` and of
 * a button click (Approve refused to a non-approver: verified, authorised, answered) through the
 * real app over HTTP, next to a bare Bolt app that acknowledges at once, measured in the same run.
 * No assertions: it prints numbers. Target: p99 under 300 ms warm.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { startSlackStandin } from '../../src/local/slack-standin';
import {
  buttonClickPayload,
  sendInteraction,
  sendSlashCommand,
} from '../../src/local/slack-standin/requests';
import { setLogLevel } from '../../src/shared/log';
import { loadSlackConfig } from '../../src/slack/config';
import type { SlackServices } from '../../src/slack/ports';
import { requestCard } from '../../src/slack/render/request';
import { startSlackServer } from '../../src/slack/server';

const WARMUP = 30;
const RUNS = 300;
const SECRET = 'bench-signing-secret-0123456789';

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { median: at(0.5), p99: at(0.99) };
}

async function measure(send: () => Promise<{ status: number }>): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await send();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const reply = await send();
    samples.push(performance.now() - started);
    if (reply.status !== 200) throw new Error(`unexpected status ${reply.status}`);
  }
  return samples;
}

async function bareBolt(): Promise<{ url: string; stop: () => Promise<void> }> {
  const receiver = new HTTPReceiver({ signingSecret: SECRET, endpoints: '/slack/events' });
  const app = new App({
    authorize: async () => ({ botToken: 'xoxb-bench' }),
    ignoreSelf: false,
    receiver,
    logLevel: LogLevel.ERROR,
  });
  app.command('/ecr-check', async ({ ack }) => {
    await ack('ok');
  });
  app.action(/.*/, async ({ ack }) => {
    await ack();
  });
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as unknown as Server;
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/slack/events`,
    stop: async () => {
      await app.stop();
    },
  };
}

async function main() {
  setLogLevel('ERROR');
  const slack = await startSlackStandin();
  const config = loadSlackConfig({
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_CHANNEL_ID: 'C0BENCH01',
    SLACK_API_URL: slack.apiUrl,
    SLACK_TEAM_ID: slack.teamId,
    ECR_CHECK_APPROVERS: 'UAPPROVER1',
  });
  // Only lookups the measured paths never reach fail loudly; help and a refused click touch no store.
  const services = new Proxy({} as SlackServices, {
    get: (_target, name) => async () => {
      throw new Error(`bench: ${String(name)} is not used by the measured paths`);
    },
  });
  const app = await startSlackServer({ config, services, port: 0 });
  const bare = await bareBolt();

  const card = requestCard({
    id: 'bench-request',
    findingId: 'bench-finding',
    state: 'requested',
    registryId: '111122223333',
    region: 'eu-west-1',
    repository: 'team/app',
    requestedBy: 'UREQUESTER',
    summary: 'Removes the statement open to everyone.',
    before: '{"Statement":[]}',
    after: null,
  });
  const click = (url: string) =>
    sendInteraction(
      url,
      { secret: SECRET },
      buttonClickPayload({
        actionId: 'request.approve',
        value: JSON.stringify({ r: 'bench-request' }),
        userId: 'USTRANGER1',
        teamId: slack.teamId,
        channelId: 'C0BENCH01',
        message: { ts: '1.000001', text: card.text, blocks: card.blocks },
        responseUrl: slack.responseUrl(),
      }),
    );
  const command = (url: string) =>
    sendSlashCommand(
      url,
      { secret: SECRET },
      {
        text: 'help',
        userId: 'UAPPROVER1',
        teamId: slack.teamId,
        channelId: 'C0BENCH01',
        responseUrl: slack.responseUrl(),
      },
    );

  const rows = [
    ['slash command /ecr-check help', await measure(() => command(app.url))],
    ['  baseline: bare Bolt ack', await measure(() => command(bare.url))],
    ['button click (Approve, refused)', await measure(() => click(app.url))],
    ['  baseline: bare Bolt ack', await measure(() => click(bare.url))],
  ] as const;
  await app.idle();

  process.stdout.write(`Slack acknowledgement latency, warm, ${RUNS} requests each (ms)\n`);
  process.stdout.write(`${'path'.padEnd(36)}${'median'.padStart(10)}${'p99'.padStart(10)}\n`);
  for (const [name, samples] of rows) {
    const { median, p99 } = stats(samples);
    process.stdout.write(
      `${name.padEnd(36)}${median.toFixed(2).padStart(10)}${p99.toFixed(2).padStart(10)}\n`,
    );
  }
  process.stdout.write('Target: p99 under 300 ms (Slack allows 3,000 ms).\n');

  await app.stop();
  await bare.stop();
  await slack.close();
}

await main();
