import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EcrEmulator, startEcrEmulator } from '../../src/local/ecr-emulator';
import { sdkSafetyEnv } from '../local/ecr-emulator/sdk-env';
import { runCli } from '../support/cli';

const ACCOUNT = '111122223333';

let silent: Server;
let silentUrl: string;
const sockets = new Set<Socket>();
let refusedUrl: string;
let emulator: EcrEmulator;

beforeAll(async () => {
  // Accepts connections and never answers: the endpoint that used to hang the CLI forever.
  silent = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  silentUrl = await listen(silent);

  // A port that was free a moment ago and is closed now: connections are refused.
  const closed = createServer();
  refusedUrl = await listen(closed);
  await new Promise((done) => closed.close(done));

  emulator = await startEcrEmulator({
    estate: { accountId: ACCOUNT, regions: { 'eu-west-1': { repositories: [] } } },
    denyListRegions: true,
  });
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((done) => silent.close(done));
  await emulator.close();
});

function listen(server: Server): Promise<string> {
  return new Promise((done) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      done(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
    });
  });
}

function endpointsAt(url: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_ECR: url,
    AWS_ENDPOINT_URL_ECR_PUBLIC: url,
    AWS_ENDPOINT_URL_STS: url,
    AWS_ENDPOINT_URL_ACCOUNT: url,
  };
}

/** Runs `node src/cli/bin.js scan ...` with a short setup timeout so failures come quickly. */
function scan(args: string[], extraEnv: Record<string, string | undefined>) {
  return runCli(['scan', ...args], {
    env: { ...sdkSafetyEnv(), ECR_CHECK_AWS_TIMEOUT_MS: '300', ...extraEnv },
  });
}

const NO_CREDENTIALS = { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined };

describe('ecr-check scan before the scan starts', () => {
  it('gives up on an STS endpoint that never answers, naming it', async () => {
    const out = await scan(['--regions', 'eu-west-1'], endpointsAt(silentUrl));

    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`STS at ${silentUrl} (AWS_ENDPOINT_URL_STS)`);
    expect(out.stderr).toMatch(/did not answer \(TimeoutError: .*300 ms/);
    expect(out.stderr).toContain('(aws-unavailable)');
  });

  it('gives up on an Account API that never answers when it has to find the regions', async () => {
    const out = await scan([], { ...endpointsAt(silentUrl), ECR_CHECK_ACCOUNT_ID: ACCOUNT });

    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`Account API at ${silentUrl} (AWS_ENDPOINT_URL_ACCOUNT)`);
    expect(out.stderr).toContain('TimeoutError');
    expect(out.stderr).toContain('--regions');
  });

  it('says the STS endpoint refused the connection, not that credentials are wrong', async () => {
    const out = await scan(['--regions', 'eu-west-1'], endpointsAt(refusedUrl));

    expect(out.code).toBe(2);
    expect(out.stderr).toContain('ECONNREFUSED');
    expect(out.stderr).toContain('(aws-unavailable)');
    expect(out.stderr).not.toMatch(/credentials/i);
  });

  it('says there are no credentials when there are none', async () => {
    const out = await scan(['--regions', 'eu-west-1'], {
      ...emulator.endpointEnv(),
      ...NO_CREDENTIALS,
    });

    expect(out.code).toBe(2);
    expect(out.stderr).toContain('no AWS credentials found');
    expect(out.stderr).toContain('Could not load credentials');
    expect(out.stderr).toContain('(config-invalid)');
  });

  it('does not offer naming regions as the fix for missing credentials', async () => {
    const out = await scan([], {
      ...emulator.endpointEnv(),
      ...NO_CREDENTIALS,
      ECR_CHECK_ACCOUNT_ID: ACCOUNT,
    });

    expect(out.code).toBe(2);
    expect(out.stderr).toContain('no AWS credentials found');
    expect(out.stderr).not.toContain('Name the regions instead');
  });

  it('offers naming regions when listing them is denied', async () => {
    const out = await scan([], emulator.endpointEnv());

    expect(out.code).toBe(2);
    expect(out.stderr).toContain('account:ListRegions was denied');
    expect(out.stderr).toContain('Name the regions instead');
    expect(out.stderr).toContain('(aws-access-denied)');
  });

  it('refuses a setup timeout that is not a number', async () => {
    const out = await scan(['--regions', 'eu-west-1'], {
      ...emulator.endpointEnv(),
      ECR_CHECK_AWS_TIMEOUT_MS: 'soon',
    });

    expect(out.code).toBe(2);
    expect(out.stderr).toContain('ECR_CHECK_AWS_TIMEOUT_MS');
  });
});
