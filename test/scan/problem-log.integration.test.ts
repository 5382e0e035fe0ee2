import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EcrEmulator, startEcrEmulator } from '../../src/local/ecr-emulator';
import { emulatorEnv } from '../local/ecr-emulator/sdk-env';
import { runCli } from '../support/cli';
import { OWNER } from './estates';

let emulator: EcrEmulator;

beforeAll(async () => {
  emulator = await startEcrEmulator({
    estate: { accountId: OWNER, regions: { 'eu-west-1': { repositories: [{ name: 'api' }] } } },
    failRegions: { 'eu-west-1': 'access-denied' },
  });
});

afterAll(async () => {
  await emulator.close();
});

describe('the log line of a scan problem', () => {
  it('names the AWS service of the failing region, without Powertools dropping the key', async () => {
    const { stderr } = await runCli(['scan', '--regions', 'eu-west-1', '--format', 'json'], {
      env: { ...emulatorEnv(emulator), ECR_CHECK_LOG_LEVEL: 'WARN' },
    });

    expect(stderr).not.toContain('reserved key');
    const problem = stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line))
      .find((entry) => entry.message === 'scan problem');
    expect(problem).toMatchObject({ region: 'eu-west-1', awsService: 'ecr', service: 'ecr-check' });
  });
});
