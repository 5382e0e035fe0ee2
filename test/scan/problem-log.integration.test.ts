import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EcrEmulator, startEcrEmulator } from '../../src/local/ecr-emulator';
import { sdkSafetyEnv } from '../local/ecr-emulator/sdk-env';
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
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const [key, value] of Object.entries({
      ...emulator.endpointEnv(),
      ...sdkSafetyEnv(),
      NODE_NO_WARNINGS: '1',
      ECR_CHECK_LOG_LEVEL: 'WARN',
    })) {
      if (value === undefined) delete env[key];
      else env[key] = value;
    }
    const stderr = await new Promise<string>((resolve) => {
      const child = spawn(
        process.execPath,
        ['src/cli/bin.js', 'scan', '--regions', 'eu-west-1', '--format', 'json'],
        { env },
      );
      let text = '';
      child.stderr.on('data', (c: Buffer) => {
        text += c.toString();
      });
      child.on('close', () => resolve(text));
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
