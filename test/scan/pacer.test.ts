import { describe, expect, it } from 'vitest';
import { CallAborted } from '../../src/scan/aws-calls';
import { RegionPacer } from '../../src/scan/pacer';

describe('RegionPacer', () => {
  it('slows a region down when it throttles, once for throttles that come back together', () => {
    const pacer = new RegionPacer(new AbortController().signal, { initialRate: 100 });
    pacer.answered(true);
    const afterFirst = pacer.rate;
    pacer.answered(true);
    pacer.answered(true);
    pacer.close();

    expect(afterFirst).toBeLessThan(100);
    expect(pacer.rate).toBe(afterFirst);
  });

  it('never goes below its floor, whatever the region answers', () => {
    const pacer = new RegionPacer(new AbortController().signal, { initialRate: 2, minRate: 2 });
    pacer.answered(true);
    pacer.close();

    expect(pacer.rate).toBe(2);
  });

  it('refuses calls still waiting for the region when the time budget runs out', async () => {
    const budget = new AbortController();
    const pacer = new RegionPacer(budget.signal, { initialRate: 1, maxRate: 1 });
    await pacer.take();
    const waiting = pacer.take();
    budget.abort();

    await expect(waiting).rejects.toBeInstanceOf(CallAborted);
    await expect(pacer.take()).rejects.toMatchObject({ reason: 'deadline' });
  });
});
