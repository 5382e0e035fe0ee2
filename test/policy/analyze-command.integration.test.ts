import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, withoutEcrCheckSettings } from '../support/cli';

const folder = mkdtempSync(join(tmpdir(), 'ecr-check-analyze-'));

function policyFile(name: string, statements: unknown[]): string {
  const file = join(folder, name);
  writeFileSync(file, JSON.stringify({ Version: '2012-10-17', Statement: statements }));
  return file;
}

/**
 * Runs the real CLI in a child process, with no ambient ecr-check configuration and Node's own
 * warnings left on, as a user would see them.
 */
function run(args: string[], input?: string, settings: Record<string, string> = {}) {
  return runCli(['analyze', ...args], {
    input,
    env: { ...withoutEcrCheckSettings(), NODE_NO_WARNINGS: undefined, ...settings },
  });
}

const openPull = policyFile('open-pull.json', [
  { Sid: 'Anyone', Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage' },
]);
const orgOnly = policyFile('org-only.json', [
  {
    Effect: 'Allow',
    Principal: '*',
    Action: 'ecr:*',
    Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
  },
]);

describe('ecr-check analyze', () => {
  it('exits 1 for a public policy and prints the verdict and its reasons', async () => {
    const result = await run([openPull, '--account', '111122223333']);

    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${openPull}: public-pull`);
    expect(result.stdout).toContain('statement 0 "Anyone" (Allow): public-pull');
    expect(result.stdout).toContain('any authenticated AWS principal in any account');
  });

  it('exits 0 for a restricted policy read from standard input, as stable JSON', async () => {
    const json = await run(
      ['-', '--format', 'json', '--account', '111122223333'],
      JSON.stringify({
        Statement: {
          Effect: 'Allow',
          Principal: '*',
          Action: 'ecr:*',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
        },
      }),
    );
    expect(json.code).toBe(0);
    const output = JSON.parse(json.stdout);
    expect(output).toMatchObject({ verdict: 'restricted', kind: 'private', reasons: [] });
    expect(output.statements[0]).toMatchObject({ index: 0, sid: null, verdict: 'restricted' });
    expect(output.statements[0].reasons[0]).toMatch(/aws:PrincipalOrgID/);
  });

  it('exits 2 with one clear line for a malformed or empty policy, a missing file or a missing account', async () => {
    const malformed = await run(['-', '--account', '111122223333'], '{"Statement": [');
    const missing = await run([join(folder, 'nope.json'), '--account', '111122223333']);
    const noAccount = await run([orgOnly]);
    const empty = await run(['-', '--account', '111122223333'], '');

    for (const result of [malformed, missing, noAccount, empty]) {
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    expect(malformed.stderr).toMatch(/^ecr-check: Malformed policy: the policy is not valid JSON/);
    expect(missing.stderr).toContain('cannot read');
    expect(noAccount.stderr).toContain('--account');
  });

  it('treats trusted accounts from the command line as the owner', async () => {
    const partner = policyFile('partner.json', [
      { Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 'ecr:BatchGetImage' },
    ]);

    const untrusted = await run([partner, '--account', '111122223333']);
    const trusted = await run([
      partner,
      '--account',
      '111122223333',
      '--trusted-accounts',
      '444455556666',
    ]);

    expect(untrusted.code).toBe(1);
    expect(trusted.code).toBe(0);
  });

  it('reads only the settings it uses, and a flag wins over its environment variable', async () => {
    const unrelated = { ECR_CHECK_APPROVERS: 'zzz', ECR_CHECK_REGIONS: 'mars-1' };
    const publicPolicy = await run([openPull, '--account', '111122223333'], undefined, unrelated);
    expect(publicPolicy.code).toBe(1);
    expect(
      await run([orgOnly], undefined, { ...unrelated, ECR_CHECK_ACCOUNT_ID: '111122223333' }),
    ).toMatchObject({ code: 0, stderr: '' });

    const badEnvAccount = await run([orgOnly, '--account', '111122223333'], undefined, {
      ECR_CHECK_ACCOUNT_ID: 'abc',
    });
    expect(badEnvAccount).toMatchObject({ code: 0, stderr: '' });

    const badAccount = await run([orgOnly], undefined, { ECR_CHECK_ACCOUNT_ID: 'abc' });
    expect(badAccount.code).toBe(2);
    expect(badAccount.stderr).toContain('ECR_CHECK_ACCOUNT_ID: "abc" is not a 12-digit account id');
  });

  it('takes one organization id after --trusted-org and still reads the file argument', async () => {
    const orgPolicy = policyFile('org-pull.json', [
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 'ecr:BatchGetImage',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
      },
    ]);
    const result = await run([
      '--account',
      '111122223333',
      '--trusted-org',
      'o-a1b2c3d4e5',
      orgPolicy,
      '--format',
      'json',
    ]);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).verdict).toBe('restricted');
    const withAccounts = await run([
      orgPolicy,
      '--account',
      '111122223333',
      '--trusted-accounts',
      '444455556666,555566667777',
    ]);
    expect(withAccounts.code).toBe(0);
  });

  it('says in words why a file cannot be read', async () => {
    const directory = await run([folder, '--account', '111122223333']);
    const missing = await run([join(folder, 'nope.json'), '--account', '111122223333']);

    expect(directory.code).toBe(2);
    expect(directory.stderr).toContain('is a directory');
    expect(missing.stderr).toContain('no such file');
    for (const result of [directory, missing]) expect(result.stderr).not.toMatch(/\bE[A-Z]{3,}\b/);
  });

  it('prints a JSON error object on stdout for bad input with --format json, and exits 2', async () => {
    const malformed = await run(
      ['-', '--format', 'json', '--account', '111122223333'],
      '{"Statement": [',
    );
    const directory = await run([folder, '--format', 'json', '--account', '111122223333']);
    const noAccount = await run([orgOnly, '--format', 'json']);

    for (const result of [malformed, directory, noAccount]) {
      expect(result.code).toBe(2);
      const { error } = JSON.parse(result.stdout);
      expect(typeof error.code).toBe('string');
      expect(typeof error.message).toBe('string');
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(JSON.parse(malformed.stdout).error.code).toBe('policy-malformed');
    expect(JSON.parse(noAccount.stdout).error.code).toBe('config-invalid');
  });
});
