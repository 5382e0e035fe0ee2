import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../support/cli';

let busy: Server;
let busyPort: number;
let closedPort: number;

function listen(server: Server): Promise<number> {
  return new Promise((done) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      done(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

beforeAll(async () => {
  busy = createServer();
  busyPort = await listen(busy);
  const closed = createServer();
  closedPort = await listen(closed);
  await new Promise((done) => closed.close(done));
});

afterAll(async () => {
  await new Promise((done) => busy.close(done));
});

/** Slack settings that pass validation, a Slack Web API nobody answers, and the test table. */
function slackEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  return {
    SLACK_SIGNING_SECRET: 'test-signing-secret',
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_CHANNEL_ID: 'C0123456789',
    SLACK_API_URL: `http://127.0.0.1:${closedPort}/api/`,
    DYNAMODB_TABLE: 'ecr-check-cli-test',
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamodbEndpoint'),
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'us-east-1',
    ECR_CHECK_ACCOUNT_ID: '111122223333',
    ECR_CHECK_REGIONS: 'eu-west-1',
    ...extra,
  };
}

describe('ecr-check serve and digest when something is in the way', () => {
  it('says the port is in use, with exit status 2', async () => {
    const out = await runCli(['serve'], { env: slackEnv({ PORT: String(busyPort) }) });

    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`Port ${busyPort} is already in use`);
    expect(out.stderr).not.toContain('unexpected error');
  });

  it('says a --host that does not exist is not known', async () => {
    const out = await runCli(['serve', '--host', 'no-such-host.invalid'], {
      env: slackEnv({ PORT: '0' }),
    });

    expect(out.code).toBe(2);
    expect(out.stderr).toContain('"no-such-host.invalid" is not known');
    expect(out.stderr).not.toContain('unexpected error');
  });

  it('says the Slack Web API of SLACK_API_URL cannot be reached, before scanning', async () => {
    const out = await runCli(['digest'], { env: slackEnv() });

    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`Slack Web API at http://127.0.0.1:${closedPort}/api/`);
    expect(out.stderr).toContain('SLACK_API_URL');
    expect(out.stderr).toContain('ECONNREFUSED');
    expect(out.stderr).not.toContain('unexpected error');
  });
});
