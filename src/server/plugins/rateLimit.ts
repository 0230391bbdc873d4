import { AppError, ErrorCode } from '../../shared/errors.js';

/** Keys forgotten once they have been idle long enough to refill completely. */
const SWEEP_EVERY = 10_000;

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per key (API key, or client address in local mode): `perMinute` requests a
 * minute on average with bursts of `burst`. Refusals carry `retryAfterMs`, the time until one
 * request is allowed again. `perMinute` 0 turns it off.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private calls = 0;

  constructor(
    private readonly perMinute: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until `key` may send again (0: it may now); takes nothing. */
  waitMs(key: string): number {
    if (this.perMinute <= 0) return 0;
    const b = this.buckets.get(key);
    if (!b) return 0;
    const perMs = this.perMinute / 60_000;
    const tokens = Math.min(this.burst, b.tokens + (this.now() - b.at) * perMs);
    return tokens >= 1 ? 0 : Math.ceil((1 - tokens) / perMs);
  }

  /** Takes one request from `key`'s bucket or throws RATE_LIMITED. */
  admit(key: string): void {
    if (this.perMinute <= 0) return;
    const t = this.now();
    const perMs = this.perMinute / 60_000;
    if (++this.calls % SWEEP_EVERY === 0) this.sweep(t, perMs);
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: this.burst, at: t };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(this.burst, b.tokens + (t - b.at) * perMs);
    b.at = t;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return;
    }
    const retryAfterMs = Math.ceil((1 - b.tokens) / perMs);
    throw new AppError(ErrorCode.RATE_LIMITED, `too many requests for this key; retry in ${retryAfterMs} ms`, { retryAfterMs, perMinute: this.perMinute });
  }

  private sweep(t: number, perMs: number): void {
    for (const [k, b] of this.buckets) if (b.tokens + (t - b.at) * perMs >= this.burst) this.buckets.delete(k);
  }
}
