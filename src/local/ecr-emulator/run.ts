import { parseArgs } from 'node:util';
import { loadEstateFile, startEcrEmulator } from './index';

/**
 * Runs the ECR emulator by hand: `tsx src/local/ecr-emulator/run.ts --estate FILE [--port N]
 * [--latency-ms N] [--rate N]`. Prints the endpoint variables to export, then serves until Ctrl-C.
 */
async function run(): Promise<void> {
  const { values } = parseArgs({
    options: {
      estate: { type: 'string' },
      port: { type: 'string', default: '0' },
      'latency-ms': { type: 'string', default: '0' },
      rate: { type: 'string' },
    },
  });
  const estate = values.estate ? await loadEstateFile(values.estate) : undefined;
  const emulator = await startEcrEmulator({
    ...(estate ? { estate } : {}),
    port: Number(values.port),
    latencyMs: Number(values['latency-ms']),
    ...(values.rate ? { ratePerSecond: Number(values.rate) } : {}),
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

run().catch((error: unknown) => {
  process.stderr.write(`ecr-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
