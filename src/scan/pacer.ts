import type { ECRClient } from '@aws-sdk/client-ecr';
import type { ECRPUBLICClient } from '@aws-sdk/client-ecr-public';
import { CallAborted, isThrottling } from './aws-calls';

/** Tuning of a region's pacer; the defaults suit ECR's per-region API rate limits. */
export interface PacerSettings {
  /** Calls a second before anything is known about the region. Default 100. */
  initialRate?: number;
  /** Never slower than this, however often the region throttles. Default 1. */
  minRate?: number;
  /** Never faster than this. Default 2000. */
  maxRate?: number;
}

/** Until the first throttle the rate doubles this often (ms) while callers are waiting. */
const DOUBLING_MS = 250;
/** After a throttle the rate grows by this share a second while callers are waiting. */
const GROWTH_PER_SECOND = 0.2;
/** A throttle cuts the rate to this share of what the region was seen to answer. */
const BACKOFF = 0.85;
/** Throttles closer together than this (ms) are one event: calls already sent come back too. */
const CUT_WINDOW_MS = 300;
/** Local burst: this many milliseconds' worth of calls may leave at once. */
const BURST_MS = 50;

/**
 * The rate at which one region's calls leave, found as the scan goes (grow while calls wait, cut
 * on throttling, like TCP's congestion control; growth is a share of the rate so the same rule
 * works from a few to thousands of calls a second): every attempt, retries included, waits for a
 * token.
 * - Until the region first throttles, the rate doubles every 250 ms while calls are waiting for
 *   it, so a fast region is found within about a second.
 * - A `ThrottlingException` cuts the rate to 85% of the rate the region actually answered over the
 *   last second (once per 300 ms, since the calls already in flight come back throttled too).
 * - Afterwards the rate grows again by 20% a second while calls are waiting, so it sits just under
 *   the region's limit and probes it about once a second (85% and 20% gave fewer throttles and a
 *   higher share of the limit than 80% and 25% in `npm run bench:scan`).
 * The throttled call itself is retried by the SDK's standard retry (with backoff). The SDK's
 * adaptive mode is not used for scanning: after its first throttle it falls to 0.5 calls a second
 * and takes seconds to climb back, which left the scanner at a third of the region's limit.
 * Known limits: a call waiting for a token does not see its own per-call timeout, only the scan
 * deadline (the wait is bounded by the calls in flight divided by the rate). AWS rate limits are
 * per account and region, so the probing may briefly throttle other callers in that region too;
 * their SDKs retry, and `maxRate` caps the scanner when that matters.
 */
export class RegionPacer {
  /** Calls a second now. */
  rate: number;
  private readonly minRate: number;
  private readonly maxRate: number;
  private probing = true;
  private tokens: number;
  private refilledAt = performance.now();
  private cutAt = Number.NEGATIVE_INFINITY;
  private readonly startedAt = performance.now();
  /** When the recent non-throttled answers arrived (the last second). */
  private readonly answers: number[] = [];
  private readonly waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly onDeadline = () => this.close();

  constructor(
    private readonly deadline: AbortSignal,
    settings: PacerSettings = {},
  ) {
    this.minRate = settings.minRate ?? 1;
    this.maxRate = settings.maxRate ?? 2000;
    this.rate = Math.min(this.maxRate, Math.max(this.minRate, settings.initialRate ?? 100));
    this.tokens = this.capacity();
    deadline.addEventListener('abort', this.onDeadline, { once: true });
  }

  /** Waits until the region's rate lets one more call leave; rejects once the deadline passed. */
  take(): Promise<void> {
    if (this.deadline.aborted) return Promise.reject(new CallAborted('deadline'));
    this.refill();
    if (this.waiting.length === 0 && this.tokens >= 1) {
      this.tokens -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.schedule();
    });
  }

  /** An attempt came back: a throttle slows the region down, anything else counts as answered. */
  answered(throttled: boolean): void {
    const now = performance.now();
    if (!throttled) {
      this.answers.push(now);
      return;
    }
    if (now - this.cutAt < CUT_WINDOW_MS) return;
    this.refill();
    const seen = this.answeredRate(now);
    const base = seen > 0 ? Math.min(this.rate, seen) : this.rate;
    this.rate = Math.max(this.minRate, base * BACKOFF);
    this.tokens = Math.min(this.tokens, this.capacity());
    this.probing = false;
    this.cutAt = now;
  }

  /** Stops pacing: calls still waiting are refused as past the deadline. */
  close(): void {
    this.deadline.removeEventListener('abort', this.onDeadline);
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const waiter of this.waiting.splice(0)) waiter.reject(new CallAborted('deadline'));
  }

  private capacity(): number {
    return Math.max(1, (this.rate * BURST_MS) / 1000);
  }

  /** Adds the tokens earned since the last refill; grows the rate while callers wait for it. */
  private refill(): void {
    const now = performance.now();
    const elapsed = now - this.refilledAt;
    this.refilledAt = now;
    if (this.waiting.length > 0) {
      const factor = this.probing
        ? 2 ** (elapsed / DOUBLING_MS)
        : 1 + (GROWTH_PER_SECOND * elapsed) / 1000;
      this.rate = Math.min(this.maxRate, this.rate * factor);
    }
    this.tokens = Math.min(this.capacity(), this.tokens + (elapsed / 1000) * this.rate);
  }

  /** Answers a second over the last second (or since the start, when younger than that). */
  private answeredRate(now: number): number {
    while (this.answers.length > 0 && now - (this.answers[0] ?? now) > 1000) this.answers.shift();
    const span = Math.min(1000, Math.max(100, now - this.startedAt));
    return (this.answers.length * 1000) / span;
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    const wait = Math.max(1, ((1 - this.tokens) / this.rate) * 1000);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.release();
    }, wait);
  }

  private release(): void {
    this.refill();
    while (this.waiting.length > 0 && this.tokens >= 1) {
      this.tokens -= 1;
      this.waiting.shift()?.resolve();
    }
    if (this.waiting.length > 0) this.schedule();
  }
}

/**
 * Makes every attempt of `client` (first tries and the SDK's retries alike) wait for `pacer`, and
 * tells the pacer how each attempt ended. Sits just inside the SDK's retry, so backoff and pacing
 * add up instead of racing each other.
 */
export function paceAttempts(client: ECRClient | ECRPUBLICClient, pacer: RegionPacer): void {
  // The retry middleware sits in this step at high priority, so this one runs inside it.
  (client as ECRClient).middlewareStack.add(
    (next) => async (args) => {
      await pacer.take();
      try {
        const out = await next(args);
        pacer.answered(false);
        return out;
      } catch (error) {
        pacer.answered(isThrottling(error));
        throw error;
      }
    },
    { step: 'finalizeRequest', priority: 'normal', name: 'ecrCheckPace' },
  );
}
