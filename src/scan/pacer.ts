import pLimit, { type LimitFunction } from 'p-limit';

/**
 * Concurrency for one region's policy reads that backs off when the region throttles and creeps
 * back up while calls succeed (additive increase, multiplicative decrease). The SDK's adaptive
 * retry still absorbs each throttled call; this keeps the scanner from provoking them, which is
 * what lets it run close to the region's rate limit instead of oscillating under it.
 */
export class RegionPacer {
  readonly limit: LimitFunction;
  private successes = 0;

  constructor(private readonly max: number) {
    this.limit = pLimit(max);
  }

  /** A throttled answer: cut the calls in flight by a third. */
  throttled(): void {
    this.limit.concurrency = Math.max(1, Math.floor(this.limit.concurrency * 0.66));
    this.successes = 0;
  }

  /** A successful answer: one more call in flight after a full round of successes. */
  succeeded(): void {
    this.successes += 1;
    if (this.successes >= this.limit.concurrency && this.limit.concurrency < this.max) {
      this.limit.concurrency += 1;
      this.successes = 0;
    }
  }
}
