import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = new URL('../..', import.meta.url).pathname;

describe('npx cdk synth', () => {
  it('synthesizes the stack offline, through cdk.json, with the CLI', async () => {
    const output = mkdtempSync(join(tmpdir(), 'ecr-check-cli-synth-'));

    const { stdout } = await run(
      'npx',
      ['cdk', 'synth', '--quiet', '--output', output, '-c', 'channel=C0123456789'],
      {
        cwd: ROOT,
        // No credentials and no metadata service: nothing to ask AWS even if something tried.
        env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', AWS_PROFILE: '' },
        timeout: 230_000,
      },
    );

    const templatePath = join(output, 'EcrCheck.template.json');
    expect(existsSync(templatePath), stdout).toBe(true);
    const template = JSON.parse(readFileSync(templatePath, 'utf8'));
    expect(Object.keys(template.Resources).length).toBeGreaterThan(10);
    const report = JSON.parse(readFileSync(join(output, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports.map((plugin: { conclusion: string }) => plugin.conclusion)).toEqual(
      report.pluginReports.map(() => 'success'),
    );
  }, 240_000);

  it('keeps CLI telemetry off in cdk.json', () => {
    const cdkJson = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8'));

    expect(cdkJson.context['cli-telemetry']).toBe(false);
    expect(cdkJson.app).toBe('npx tsx infra/app.ts');
  });
});
