import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';

const RUN = ['--import', 'tsx', 'src/local/ecr-emulator/run.ts'];

describe('running the ECR emulator by hand', () => {
  it('explains its options, the estate format and the variables it prints with --help', async () => {
    const out = await runCli(['--help'], { script: RUN });

    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^Usage: /);
    expect(out.stdout).toContain('--estate FILE');
    expect(out.stdout).toContain('src/local/ecr-emulator/index.ts');
    expect(out.stdout).toContain('AWS_ENDPOINT_URL_ACCOUNT');
    expect(out.stdout).toContain('AWS_ENDPOINT_URL_STS');
  });

  it('refuses a port that is not a number and points at --help', async () => {
    const out = await runCli(['--port', 'eighty'], { script: RUN });

    expect(out.code).toBe(2);
    expect(out.stderr).toContain('--port must be a whole number');
    expect(out.stderr).toContain('--help');
  });
});
