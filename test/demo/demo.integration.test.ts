import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoSummary } from '../../src/local/demo/summary';
import { type CliRun, PROJECT_ROOT, runCli } from '../support/cli';

interface DemoRun extends CliRun {
  dir: string;
}

/** Runs `npm run demo`'s script as a new user would, with its output in a temporary folder. */
async function runDemo(dir: string): Promise<DemoRun> {
  const run = await runCli([], {
    script: [join(PROJECT_ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/local/demo/main.ts'],
    // A new user's environment: Node's own warnings stay as they are.
    env: { ECR_CHECK_DEMO_DIR: dir, NO_COLOR: '1', NODE_NO_WARNINGS: process.env.NODE_NO_WARNINGS },
  });
  return { ...run, dir };
}

/**
 * Processes of the demo's groups still running. Zombies (state Z) have already exited: they wait
 * for whoever inherited them to reap them, which in a container without an init may never happen.
 */
function survivors(pids: number[]): string[] {
  const ps = spawnSync('ps', ['-eo', 'pid=,pgid=,stat=,args='], { encoding: 'utf8' });
  return (ps.stdout ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => {
      const [pidText, pgidText, stat = ''] = line.split(/\s+/);
      const [pid, pgid] = [Number(pidText), Number(pgidText)];
      return !stat.startsWith('Z') && (pids.includes(pid) || pids.includes(pgid));
    });
}

describe('npm run demo', () => {
  let run: DemoRun;
  let summary: DemoSummary;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecr-check-demo-'));
    run = await runDemo(dir);
    summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
  }, 240_000);

  afterAll(() => {
    if (run) rmSync(run.dir, { recursive: true, force: true });
  });

  it('exits 0 after every step', () => {
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    for (const step of [
      '1. The daily digest',
      '2. /ecr-check repo',
      '3. Remediate',
      '4. Revert',
      '5. What happened',
    ]) {
      expect(run.stdout).toContain(step);
    }
  });

  it('finds the exposures of the sample estate', () => {
    expect(summary.findings).toBeGreaterThanOrEqual(10);
    expect(run.stdout).toMatch(/public-push/);
  });

  it('changes the policy on approval, then restores it byte for byte on revert', () => {
    expect(summary.policyBefore).not.toBeNull();
    expect(summary.policyAfterRemediation).not.toBe(summary.policyBefore);
    expect(summary.policyAfterRevert).toBe(summary.policyBefore);
    expect(summary.restoredByteForByte).toBe(true);
    expect(run.stdout).toContain('Byte-identical');
  });

  it('refuses the requester approving her own request', () => {
    expect(summary.selfApprovalRefused).toBe(true);
  });

  it("shows the store's audit trail of the remediation and its revert", () => {
    expect(summary.auditTrailShown).toBe(true);
    const audit = readFileSync(join(run.dir, 'audit.txt'), 'utf8');
    expect(audit).toContain(summary.repository);
    expect(audit).toMatch(/approved/);
    expect(audit).toMatch(/reverted/);
  });

  it('writes each Slack message as Block Kit JSON', () => {
    expect(summary.messages.length).toBeGreaterThanOrEqual(6);
    const first = JSON.parse(readFileSync(join(PROJECT_ROOT, summary.messages[0] ?? ''), 'utf8'));
    expect(Array.isArray(first.blocks)).toBe(true);
  });

  it('leaves no process behind', async () => {
    expect(summary.pids.length).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 500));
    expect(survivors(summary.pids)).toEqual([]);
  });
});
