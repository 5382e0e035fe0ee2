import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EcrEmulator } from '../../src/local/ecr-emulator';
import { REGION, runMain as run, startBreakGlassEstate } from './break-glass-setup';

const ORIGINAL =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:BatchGetImage"}]}';

let emulator: EcrEmulator;
let requestId: string;
let close: () => Promise<void>;

beforeAll(async () => {
  // Requested, never approved: there is nothing to revert.
  ({ emulator, requestId, close } = await startBreakGlassEstate('cli-inputs', ORIGINAL, {
    applied: false,
  }));
});

afterAll(async () => {
  await close?.();
});

describe('revert of a request that was never applied', () => {
  it('says the request is only requested and that there is nothing to revert', async () => {
    const dry = await run('revert', requestId);

    expect(dry.code).toBe(1);
    expect(dry.out).toContain(`Request ${requestId} on web (${REGION}) is requested`);
    expect(dry.out).toContain('nothing to revert');
    expect(dry.out).not.toContain('Reverting would put back');
  });

  it('changes nothing with --yes either', async () => {
    const real = await run('revert', requestId, '--yes');

    expect(real.code).toBe(1);
    expect(real.out).toContain('nothing to revert');
    expect(emulator.getRepositoryPolicy(REGION, 'web')).toBe(ORIGINAL);
  });
});

describe('break-glass commands refuse input that cannot name anything', () => {
  it('says an absurdly long id is not a request id', async () => {
    const out = await run('revert', 'x'.repeat(5000));

    expect(out.code).toBe(2);
    expect(out.err).toContain('is not a request id');
    expect(out.err).toContain('5000 characters');
    expect(out.err).not.toContain('store could not be reached');
  });

  it('says an unknown request id is unknown', async () => {
    const out = await run('revert', '00000000-0000-4000-8000-000000000000');

    expect(out.code).toBe(2);
    expect(out.err).toContain('no remediation request');
  });

  it('asks for a repository name instead of reporting nothing recorded for ""', async () => {
    const out = await run('history', '');

    expect(out.code).toBe(2);
    expect(out.err).toContain('Name a repository');
    expect(out.out).toBe('');
  });

  it('refuses a region that is not an AWS region name', async () => {
    const out = await run('history', 'web', '--region', 'mars-1');

    expect(out.code).toBe(2);
    expect(out.err).toContain('mars-1');
    expect(out.out).toBe('');
  });

  it('still shows the history for a valid region', async () => {
    const out = await run('history', 'web', '--region', REGION);

    expect(out.code).toBe(0);
    expect(out.out).toContain(requestId);
  });
});
