import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackStandin, startSlackStandin } from '../../src/local/slack-standin';
import { signSlackRequest, slashCommandBody } from '../../src/local/slack-standin/requests';
import { createSlackApp } from '../../src/slack/app';
import { loadSlackConfig } from '../../src/slack/config';
import { normaliseFunctionUrlEvent } from '../../src/slack/functionUrl';
import type { SlackServices } from '../../src/slack/ports';
import { SlackLambdaReceiver } from '../../src/slack/receivers/lambda';

const SECRET = 'lambda-signing-secret-0123456789';
let slack: SlackStandin;
let handle: (event: unknown) => Promise<{ statusCode: number; body?: string }>;

/** A Lambda Function URL event (payload 2.0) as AWS delivers Slack's POST. */
function functionUrlEvent(body: string, headers: Record<string, string>, base64 = true) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/slack/events',
    rawQueryString: '',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      host: 'abc.lambda-url.eu-west-1.on.aws',
      ...headers,
    },
    requestContext: { http: { method: 'POST', path: '/slack/events' } },
    body: base64 ? Buffer.from(body, 'utf8').toString('base64') : body,
    isBase64Encoded: base64,
  };
}

beforeAll(async () => {
  slack = await startSlackStandin();
  const config = loadSlackConfig({
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_CHANNEL_ID: 'C0LAMBDA01',
    SLACK_API_URL: slack.apiUrl,
  });
  const receiver = new SlackLambdaReceiver({ signingSecret: SECRET });
  const unused = new Proxy({} as SlackServices, {
    get: (_t, name) => async () => {
      throw new Error(`${String(name)} is not used here`);
    },
  });
  createSlackApp({
    config,
    services: unused,
    receiver,
    queue: () => ({ enqueue: async () => undefined }),
  });
  const lambda = await receiver.start();
  handle = (event) => lambda(normaliseFunctionUrlEvent(event), {}) as never;
});
afterAll(async () => {
  await slack?.close();
});

const body = (text: string) =>
  slashCommandBody({
    text,
    userId: 'UALICE001',
    teamId: slack.teamId,
    channelId: 'C0LAMBDA01',
    responseUrl: slack.responseUrl(),
  });

describe('the edge function behind a Function URL (payload 2.0)', () => {
  it('answers a signed, base64-encoded slash command, unicode included', async () => {
    const text = body('repo “Ünïcødé”');
    const reply = await handle(functionUrlEvent(text, signSlackRequest(text, SECRET)));
    expect(reply.statusCode).toBe(200);
    expect(JSON.parse(reply.body ?? '{}').text).toContain('is not a repository name');
    // the workspace was checked through auth.test against the stand-in
    expect(slack.callsOf('auth.test')).toHaveLength(1);
  });

  it('answers a plain (not base64) body too', async () => {
    const text = body('help');
    const reply = await handle(functionUrlEvent(text, signSlackRequest(text, SECRET), false));
    expect(JSON.parse(reply.body ?? '{}').text).toContain('Usage');
  });

  it('refuses forged, stale and unsigned requests, running nothing', async () => {
    const text = body('help');
    const calls = slack.calls.length;
    const forged = await handle(functionUrlEvent(text, signSlackRequest(text, 'wrong-secret')));
    const stale = await handle(
      functionUrlEvent(text, signSlackRequest(text, SECRET, Math.floor(Date.now() / 1000) - 400)),
    );
    const unsigned = await handle(functionUrlEvent(text, {}));
    expect([forged.statusCode, stale.statusCode, unsigned.statusCode]).toEqual([401, 401, 401]);
    expect(slack.calls.length).toBe(calls);
  });

  it('answers a signed body it cannot act on with 400, not a failed invocation', async () => {
    for (const text of ['payload=null', '', 'payload=%7B%22type%22%3A%22block_actions%22%7D']) {
      const reply = await handle(functionUrlEvent(text, signSlackRequest(text, SECRET)));
      expect(reply.statusCode).toBe(400);
    }
    const unsigned = await handle(functionUrlEvent('payload=null', {}));
    expect(unsigned.statusCode).toBe(401);
  });

  it('acknowledges another slash command with the usage', async () => {
    const text = body('x').replace('command=%2Fecr-check', 'command=%2Fother');
    const reply = await handle(functionUrlEvent(text, signSlackRequest(text, SECRET)));
    expect(reply.statusCode).toBe(200);
    expect(JSON.parse(reply.body ?? '{}').text).toContain('Usage');
  });

  it('answers from another workspace with a refusal', async () => {
    const text = body('help').replace(`team_id=${slack.teamId}`, 'team_id=T0OTHER01');
    const reply = await handle(functionUrlEvent(text, signSlackRequest(text, SECRET)));
    expect(JSON.parse(reply.body ?? '{}').text).toContain('only in its own workspace');
  });
});

describe('the edge handler fails closed', () => {
  it('refuses every request with 503 when a Slack secret cannot be read', async () => {
    const secrets = mockClient(SecretsManagerClient);
    secrets
      .on(GetSecretValueCommand)
      .rejects(Object.assign(new Error('not found'), { name: 'ResourceNotFoundException' }));
    const env = { ...process.env };
    Object.assign(process.env, {
      SLACK_SIGNING_SECRET_NAME: 'ecr-check/slack-signing-secret',
      SLACK_BOT_TOKEN_SECRET_NAME: 'ecr-check/slack-bot-token',
      SLACK_CHANNEL_ID: 'C0LAMBDA01',
      WORKER_FUNCTION_NAME: 'worker',
      AWS_REGION: 'eu-west-1',
    });
    try {
      const { handler } = await import('../../src/lambda/edge');
      const text = body('help');
      const reply = await handler(functionUrlEvent(text, signSlackRequest(text, SECRET)), {});
      expect(reply.statusCode).toBe(503);
      expect(handler.length).toBe(2);
    } finally {
      secrets.restore();
      process.env = env;
    }
  });
});
