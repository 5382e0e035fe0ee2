import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type InMemoryStore,
  LOCAL_DYNAMODB_SETTINGS,
  startInMemoryStore,
} from '../../store/embedded';
import { ensureTable } from '../../store/table';
import { type EcrEmulator, type Estate, startEcrEmulator } from '../ecr-emulator';
import { type DemoChild, onCleanup, sleep, startChild } from './cleanup';

/** The repository root (where `package.json` and `src/cli/bin.js` are). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The CLI entry point, run with the current Node so no global install is needed. */
export const CLI = join(ROOT, 'src/cli/bin.js');

/** Fixed identities of the demo workspace. */
export const DEMO = {
  table: 'ecr-check-demo',
  signingSecret: 'demo-signing-secret-not-a-real-one',
  botToken: 'xoxb-demo-not-a-real-token',
  teamId: 'TDEMO0001',
  channelId: 'CDEMO0001',
  alice: { id: 'UALICE0001', name: 'alice' },
  bob: { id: 'UBOB00001', name: 'bob' },
} as const;

/** Loads the sample estate that ships next to this file. */
export function loadDemoEstate(): Estate {
  return JSON.parse(readFileSync(join(ROOT, 'src/local/demo/estate.json'), 'utf8')) as Estate;
}

/** Starts the ECR emulator in this process, seeded with the estate; stopped on cleanup. */
export async function startEmulator(estate: Estate): Promise<EcrEmulator> {
  const emulator = await startEcrEmulator({ estate });
  onCleanup('ECR emulator', () => emulator.close());
  return emulator;
}

/** Starts an in-memory DynamoDB Local (it dies with the demo) and creates the table. */
export async function startStore(): Promise<InMemoryStore> {
  const store = await startInMemoryStore();
  onCleanup('DynamoDB Local', () => store.stop());
  const client = new DynamoDBClient({ ...LOCAL_DYNAMODB_SETTINGS, endpoint: store.endpoint });
  try {
    await ensureTable(client, DEMO.table);
  } finally {
    client.destroy();
  }
  return store;
}

/**
 * The environment every ecr-check child gets: fake credentials, the emulator and the store as
 * endpoints, the demo workspace's Slack settings, and Alice and Bob as approvers.
 */
export function childEnvironment(
  emulator: EcrEmulator,
  store: InMemoryStore,
  slackApiUrl: string,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const inherited: NodeJS.ProcessEnv = {};
  for (const key of ['PATH', 'HOME', 'JAVA_HOME', 'TMPDIR', 'LANG', 'NODE_OPTIONS']) {
    if (process.env[key] !== undefined) inherited[key] = process.env[key];
  }
  return {
    ...inherited,
    AWS_ACCESS_KEY_ID: 'demo',
    AWS_SECRET_ACCESS_KEY: 'demo',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...emulator.endpointEnv(),
    AWS_ENDPOINT_URL_DYNAMODB: store.endpoint,
    DYNAMODB_TABLE: DEMO.table,
    ECR_CHECK_ACCOUNT_ID: emulator.accountId,
    ECR_CHECK_APPROVERS: `${DEMO.alice.id},${DEMO.bob.id}`,
    SLACK_SIGNING_SECRET: DEMO.signingSecret,
    SLACK_BOT_TOKEN: DEMO.botToken,
    SLACK_CHANNEL_ID: DEMO.channelId,
    SLACK_TEAM_ID: DEMO.teamId,
    SLACK_API_URL: slackApiUrl,
    ECR_CHECK_LOG_LEVEL: 'WARN',
    NODE_NO_WARNINGS: '1',
    ...extra,
  };
}

/** Starts `ecr-check serve` on a free port and waits until it answers HTTP. */
export async function startServe(
  env: NodeJS.ProcessEnv,
): Promise<{ child: DemoChild; url: string }> {
  const port = await freePort();
  const child = startChild('ecr-check serve', process.execPath, [CLI, 'serve'], {
    ...env,
    PORT: String(port),
  });
  const url = `http://127.0.0.1:${port}/slack/events`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const exited = await Promise.race([child.exited.then(() => true), sleep(0).then(() => false)]);
    if (exited) throw new Error(`ecr-check serve stopped at start:\n${child.output()}`);
    try {
      await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1_000) });
      return { child, url };
    } catch {
      await sleep(200);
    }
  }
  throw new Error(`ecr-check serve did not answer within 60 s:\n${child.output()}`);
}

/**
 * A free port on 127.0.0.1 for `serve` (it takes `PORT`). Known shortcoming: another program could
 * take the port between this check and `serve` binding it; the demo then stops with serve's error.
 */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}
