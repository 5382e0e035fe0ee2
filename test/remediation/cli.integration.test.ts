import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EcrEmulator } from '../../src/local/ecr-emulator';
import type { Store } from '../../src/store/store';
import { REGION, runMain as run, startBreakGlassEstate } from './break-glass-setup';

const ORIGINAL =
  '{ "Version": "2012-10-17",\n "Statement": [ {"Effect":"Allow","Principal":"*","Action":"ecr:BatchGetImage"} ] }';

let emulator: EcrEmulator;
let store: Store;
let requestId: string;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ emulator, store, requestId, close } = await startBreakGlassEstate('cli', ORIGINAL, {
    applied: true,
  }));
});

afterAll(async () => {
  await close?.();
});

describe('break-glass commands', () => {
  it('shows the history of a repository', async () => {
    const { code, out } = await run('history', 'web', '--region', REGION);
    expect(code).toBe(0);
    expect(out).toContain(requestId);
    expect(out).toContain('applied');
    expect(out).toContain('backup-written');

    const json = JSON.parse((await run('history', 'web', '--format', 'json')).out);
    expect(json.backups[0].priorText).toBe(ORIGINAL);
  });

  it('explains and changes nothing without --yes, then reverts exactly with --yes', async () => {
    const dry = await run('revert', requestId);
    expect(dry.code).toBe(1);
    expect(dry.out).toContain('Nothing was changed');
    expect(emulator.getRepositoryPolicy(REGION, 'web')).toBeNull();

    const real = await run('revert', requestId, '--yes');
    expect(real.code).toBe(0);
    expect(real.out).toContain('reverted');
    expect(emulator.getRepositoryPolicy(REGION, 'web')).toBe(ORIGINAL);
    const audit = (await store.history('web')).audit.find((e) => e.event === 'reverted');
    expect(audit?.actor?.id).toMatch(/^cli:/);
  });
});
