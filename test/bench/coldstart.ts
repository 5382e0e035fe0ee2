/**
 * Cold-start bench (`npm run bench:coldstart`): bundles each Lambda function with the stack's
 * esbuild options, then loads every bundle in fresh Node processes and prints its size and the
 * median time `import()` takes, next to a naive bundle that eagerly imports Bolt and the ECR, ECR
 * Public and DynamoDB clients, measured in the same run, interleaved so machine noise hits all
 * alike. Target: the edge function loads in at most 60% of the naive bundle's time.
 *
 * Only module loading is measured (what a cold start adds before the handler runs), not Node's
 * own start-up, and on this machine's Node rather than Lambda's, so the ratio matters more than
 * the milliseconds. Then the edge bundle answers a signed `/ecr-check help` as the first request
 * of fresh processes (secrets from a local Secrets Manager stand-in, auth.test from the Slack
 * stand-in), so the time to a cold answer is shown too and the bundle is seen to work with the
 * packages it stubs. Nothing is asserted: time is not a test.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { BUNDLING, ENTRY_POINTS, PROJECT_ROOT } from '../../infra/bundling';
import { startSlackStandin } from '../../src/local/slack-standin';
import { signSlackRequest, slashCommandBody } from '../../src/local/slack-standin/requests';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const TARGET_RATIO = 0.6;
const run = promisify(execFile);

/** What a first version of the edge function would do: import everything at the top. */
const NAIVE_ENTRY = `
import * as bolt from '@slack/bolt';
import * as ecr from '@aws-sdk/client-ecr';
import * as ecrPublic from '@aws-sdk/client-ecr-public';
import * as dynamodb from '@aws-sdk/client-dynamodb';
export const modules = [bolt, ecr, ecrPublic, dynamodb];
export async function handler() { return modules.length; }
`;

/** The `--alias` arguments of BUNDLING (pkg=replacement), as esbuild's `alias` option. */
function aliasesOf(args: BundlingArgs | undefined): Record<string, string> {
  const values = args?.['--alias'];
  const list = Array.isArray(values) ? values : typeof values === 'string' ? [values] : [];
  return Object.fromEntries(
    list.map((item) => [item.slice(0, item.indexOf('=')), item.slice(item.indexOf('=') + 1)]),
  );
}
type BundlingArgs = typeof BUNDLING.esbuildArgs;

/**
 * The esbuild options NodejsFunction derives from the stack's BUNDLING settings (run from the
 * project root, as NodejsFunction does, so the aliases' relative paths resolve the same).
 */
const OPTIONS: BuildOptions = {
  absWorkingDir: PROJECT_ROOT,
  bundle: true,
  platform: 'node',
  format: BUNDLING.format,
  target: BUNDLING.target,
  mainFields: BUNDLING.mainFields,
  minify: BUNDLING.minify,
  sourcemap: BUNDLING.sourceMap ? 'linked' : false,
  sourcesContent: BUNDLING.sourcesContent,
  external: BUNDLING.externalModules,
  banner: BUNDLING.banner ? { js: BUNDLING.banner } : undefined,
  alias: aliasesOf(BUNDLING.esbuildArgs),
  logLevel: 'error',
};

/** The naive bundle keeps esbuild's defaults for what it includes: no stubbed packages. */
const NAIVE_OPTIONS: BuildOptions = { ...OPTIONS, alias: {} };

interface Bundle {
  name: string;
  file: string;
  bytes: number;
  times: number[];
  /** Bytes in the bundle by npm package (or source folder), largest first. */
  parts: Array<[string, number]>;
}

async function bundle(outdir: string, name: string, entry: string | undefined): Promise<Bundle> {
  const file = join(outdir, name, 'index.mjs');
  const result = await build({
    ...(entry ? OPTIONS : NAIVE_OPTIONS),
    metafile: true,
    outfile: file,
    ...(entry
      ? { entryPoints: [entry] }
      : { stdin: { contents: NAIVE_ENTRY, resolveDir: PROJECT_ROOT, loader: 'ts' } }),
  });
  return { name, file, bytes: statSync(file).size, times: [], parts: partsOf(result.metafile) };
}

function partsOf(metafile: Metafile): Array<[string, number]> {
  const bytes = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(input)?.[1];
      const part = pkg ?? input.split('/').slice(0, 2).join('/');
      bytes.set(part, (bytes.get(part) ?? 0) + bytesInOutput);
    }
  }
  return [...bytes].sort((a, b) => b[1] - a[1]);
}

/** Loads the bundle in a new Node process (with Lambda's source-map flag) and returns the ms. */
async function loadOnce(file: string): Promise<number> {
  const script =
    'const t = performance.now();' +
    `await import(${JSON.stringify(pathToFileURL(file).href)});` +
    'console.log(performance.now() - t);';
  const { stdout } = await run(
    process.execPath,
    ['--enable-source-maps', '--input-type=module', '-e', script],
    { env: { ...process.env, AWS_REGION: 'us-east-1', NODE_OPTIONS: '' } },
  );
  return Number(stdout.trim().split('\n').at(-1));
}

/** Answers GetSecretValue for the two Slack secrets, as the edge reads them at a cold start. */
async function startSecretsStandin(secrets: Record<string, string>): Promise<{
  url: string;
  close: () => void;
}> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const id = (JSON.parse(body || '{}') as { SecretId?: string }).SecretId ?? '';
      const value = secrets[id];
      res.writeHead(value === undefined ? 400 : 200, {
        'content-type': 'application/x-amz-json-1.1',
      });
      res.end(
        JSON.stringify(
          value === undefined
            ? { __type: 'ResourceNotFoundException', message: 'no such secret' }
            : { Name: id, SecretString: value, VersionId: 'bench' },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

/** A Function URL event carrying a signed `/ecr-check help`, as Slack posts it. */
function signedHelpEvent(secret: string, teamId: string): string {
  const body = slashCommandBody({
    text: 'help',
    userId: 'U0BENCH001',
    teamId,
    channelId: 'C0BENCH001',
    responseUrl: 'http://127.0.0.1:9/unused',
  });
  return JSON.stringify({
    version: '2.0',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...signSlackRequest(body, secret),
    },
    body: Buffer.from(body, 'utf8').toString('base64'),
    isBase64Encoded: true,
  });
}

/**
 * Loads the edge bundle in a new Node process and has it answer one signed request; returns the
 * ms to loaded and to answered (both from the start of the import), failing unless Slack would
 * get a 200 with the usage text.
 */
async function firstRequestOnce(
  file: string,
  env: NodeJS.ProcessEnv,
  event: string,
): Promise<{ load: number; answer: number }> {
  const script =
    'const t = performance.now();' +
    `const { handler } = await import(${JSON.stringify(pathToFileURL(file).href)});` +
    'const loaded = performance.now();' +
    'const reply = await handler(JSON.parse(process.env.BENCH_EVENT), {});' +
    'const answered = performance.now();' +
    'console.log(JSON.stringify({ load: loaded - t, answer: answered - t, reply }));';
  const { stdout } = await run(
    process.execPath,
    ['--enable-source-maps', '--input-type=module', '-e', script],
    { env: { ...env, BENCH_EVENT: event, NODE_OPTIONS: '' } },
  );
  const out = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
    load: number;
    answer: number;
    reply: { statusCode: number; body?: string };
  };
  if (out.reply.statusCode !== 200 || !out.reply.body?.includes('Usage')) {
    throw new Error(`the edge bundle did not answer the request: ${JSON.stringify(out.reply)}`);
  }
  return { load: out.load, answer: out.answer };
}

/** Times the edge bundle's first answer in fresh processes against local stand-ins. */
async function firstRequests(file: string): Promise<{ load: number[]; answer: number[] }> {
  const secret = 'bench-signing-secret-0123456789';
  const slack = await startSlackStandin();
  const secrets = await startSecretsStandin({
    'ecr-check/slack-signing-secret': secret,
    'ecr-check/slack-bot-token': slack.token,
  });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDBENCHONLY',
    AWS_SECRET_ACCESS_KEY: 'bench-only',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
    SLACK_SIGNING_SECRET_NAME: 'ecr-check/slack-signing-secret',
    SLACK_BOT_TOKEN_SECRET_NAME: 'ecr-check/slack-bot-token',
    SLACK_CHANNEL_ID: 'C0BENCH001',
    SLACK_API_URL: slack.apiUrl,
    DYNAMODB_TABLE: 'ecr-check-bench',
    WORKER_FUNCTION_NAME: 'ecr-check-bench-worker',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  };
  const times = { load: [] as number[], answer: [] as number[] };
  try {
    for (let round = 0; round < RUNS; round++) {
      const { load, answer } = await firstRequestOnce(
        file,
        env,
        signedHelpEvent(secret, slack.teamId),
      );
      times.load.push(load);
      times.answer.push(answer);
    }
  } finally {
    secrets.close();
    await slack.close();
  }
  return times;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

async function main(): Promise<void> {
  const outdir = mkdtempSync(join(tmpdir(), 'ecr-check-coldstart-'));
  try {
    const bundles = [
      await bundle(outdir, 'edge', ENTRY_POINTS.edge),
      await bundle(outdir, 'worker', ENTRY_POINTS.worker),
      await bundle(outdir, 'digest', ENTRY_POINTS.digest),
      await bundle(outdir, 'naive (Bolt + ECR + ECR Public + DynamoDB)', undefined),
    ];

    await loadOnce(bundles[0]?.file as string); // warms the OS file cache, not the process
    for (let round = 0; round < RUNS; round++) {
      for (const item of bundles) item.times.push(await loadOnce(item.file));
    }

    console.log(
      `Cold load of each bundle in a fresh Node ${process.version} process, ${RUNS} runs`,
    );
    console.log('');
    console.log(
      `${'bundle'.padEnd(44)}${'size'.padStart(10)}${'median'.padStart(10)}${'min'.padStart(9)}${'max'.padStart(9)}`,
    );
    for (const item of bundles) {
      console.log(
        `${item.name.padEnd(44)}${`${(item.bytes / 1024).toFixed(0)} KiB`.padStart(10)}` +
          `${`${median(item.times).toFixed(1)} ms`.padStart(10)}` +
          `${`${Math.min(...item.times).toFixed(1)}`.padStart(9)}` +
          `${`${Math.max(...item.times).toFixed(1)}`.padStart(9)}`,
      );
    }

    const largest = (bundles[0]?.parts ?? []).slice(0, 8);
    console.log('');
    console.log('largest parts of the edge bundle (all parsed at load, even if imported lazily):');
    console.log(
      largest
        .map(([part, size]) => `  ${(size / 1024).toFixed(0).padStart(5)} KiB  ${part}`)
        .join('\n'),
    );

    const edge = median(bundles[0]?.times ?? []);
    const naive = median(bundles[3]?.times ?? []);
    const ratio = edge / naive;
    console.log('');
    console.log(
      `edge / naive: ${(ratio * 100).toFixed(0)}% (target: at most ${TARGET_RATIO * 100}%) ` +
        (ratio <= TARGET_RATIO ? 'within target' : 'OVER TARGET'),
    );

    const first = await firstRequests(bundles[0]?.file as string);
    console.log('');
    console.log(
      `edge, first request of a fresh process (signed /ecr-check help, ${RUNS} runs): ` +
        `loaded ${median(first.load).toFixed(1)} ms, answered ${median(first.answer).toFixed(1)} ms ` +
        `(median; max ${Math.max(...first.answer).toFixed(1)} ms; Slack allows 3,000 ms)`,
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

await main();
