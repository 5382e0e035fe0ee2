/**
 * A token bucket per key (service and region): `rate` tokens a second, up to `burst` saved up.
 * A call that finds the bucket empty is throttled, as AWS does above an API's rate.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    public rate: number,
    public burst: number,
  ) {}

  /** Takes one token for `key`; false when the caller must be throttled. */
  take(key: string, now = performance.now()): boolean {
    if (!Number.isFinite(this.rate) || this.rate <= 0) return true;
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.rate);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
