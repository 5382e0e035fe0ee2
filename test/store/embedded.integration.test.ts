import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureLocalStore, startInMemoryStore, stopLocalStore } from '../../src/store/embedded';
import { openStoreAt } from '../../src/store/open';

const dataDir = mkdtempSync(join(tmpdir(), 'ecr-check-store-'));

afterAll(async () => {
  await stopLocalStore({ dataDir });
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the embedded DynamoDB Local', () => {
  it('says to install Java when there is none', async () => {
    const saved = process.env.JAVA_HOME;
    process.env.JAVA_HOME = join(dataDir, 'no-java-here');
    try {
      await expect(startInMemoryStore()).rejects.toMatchObject({
        code: 'store-unavailable',
        message: expect.stringContaining('apt-get install default-jre-headless'),
      });
    } finally {
      if (saved === undefined) delete process.env.JAVA_HOME;
      else process.env.JAVA_HOME = saved;
    }
  });

  it('is started once for processes that need it at the same time, and keeps its data', async () => {
    const [a, b] = await Promise.all([
      ensureLocalStore({ dataDir }),
      ensureLocalStore({ dataDir }),
    ]);
    expect(a.pid).toBe(b.pid);
    const store = await openStoreAt(a.endpoint, 'shared');
    await store.saveMessageRef('f1', { channel: 'C1', ts: '1.0' });

    const again = await ensureLocalStore({ dataDir });
    expect(again.endpoint).toBe(a.endpoint);
    const reopened = await openStoreAt(again.endpoint, 'shared');
    expect(await reopened.getMessageRef('f1')).toEqual({ channel: 'C1', ts: '1.0' });
  });
});
