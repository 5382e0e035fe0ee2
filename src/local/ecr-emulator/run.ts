import { parseArgs } from 'node:util';
import { loadEstateFile, startEcrEmulator } from './index';

const USAGE = `Usage: npx tsx src/local/ecr-emulator/run.ts [--estate FILE] [--port N] [--latency-ms N] [--rate N]

Runs the ECR emulator (ECR, ECR Public, STS GetCallerIdentity, Account ListRegions) on 127.0.0.1
until Ctrl-C, for trying ecr-check without an AWS account.

Options:
  --estate FILE     JSON estate to seed: accountId, regions with repositories and policies,
                    registry policies and scope, public repositories (format: the doc comment of
                    startEcrEmulator in src/local/ecr-emulator/index.ts). Default: an empty
                    account 111122223333.
  --port N          port to listen on (default 0: a free one)
  --latency-ms N    delay before every answer, in milliseconds (default 0)
  --rate N          calls a second allowed per region and service; more get ThrottlingException
  -h, --help        show this help

It prints the variables to export in the shell that runs ecr-check:
  AWS_ENDPOINT_URL_ECR, AWS_ENDPOINT_URL_ECR_PUBLIC, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL_ACCOUNT
  (all the emulator's URL) and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY=test (any value works).
`;

/**
 * Runs the ECR emulator by hand: `tsx src/local/ecr-emulator/run.ts --estate FILE [--port N]
 * [--latency-ms N] [--rate N]` (`--help` explains). Prints the endpoint variables to export, then
 * serves until Ctrl-C. Exit status 2 for bad options or an unreadable estate.
 */
async function run(): Promise<void> {
  const { values } = parseArgs({
    options: {
      estate: { type: 'string' },
      port: { type: 'string', default: '0' },
      'latency-ms': { type: 'string', default: '0' },
      rate: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const port = whole('--port', values.port, 0, 65535);
  const latencyMs = whole('--latency-ms', values['latency-ms'], 0, 60_000);
  const rate = values.rate === undefined ? undefined : whole('--rate', values.rate, 1, 1_000_000);

  const estate = values.estate ? await loadEstateFile(values.estate) : undefined;
  const emulator = await startEcrEmulator({
    ...(estate ? { estate } : {}),
    port,
    latencyMs,
    ...(rate ? { ratePerSecond: rate } : {}),
  });

  process.stdout.write(`ECR emulator for account ${emulator.accountId} on ${emulator.url}\n`);
  for (const [name, value] of Object.entries(emulator.endpointEnv())) {
    process.stdout.write(`export ${name}=${value}\n`);
  }
  process.stdout.write('export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test\n');

  const stop = () => {
    emulator.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function whole(option: string, text: string | undefined, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${option} must be a whole number from ${min} to ${max}, not ${text}.`);
  }
  return value;
}

run().catch((error: unknown) => {
  process.stderr.write(`ecr-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.stderr.write('Run with --help for usage.\n');
  process.exit(2);
});
