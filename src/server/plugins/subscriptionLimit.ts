import { AppError, ErrorCode } from '../../shared/errors.js';

/**
 * Open subscriptions per connection and per key. `open` reserves a slot (or throws
 * RATE_LIMITED); the returned release is idempotent, so the end of a subscription and the close
 * of its socket can both call it.
 */
export class SubscriptionLimiter {
  private readonly perKey = new Map<string, number>();

  constructor(
    private readonly maxPerConnection: number,
    private readonly maxPerKey: number,
  ) {}

  open(key: string, openOnConnection: number): () => void {
    if (openOnConnection >= this.maxPerConnection) {
      throw new AppError(ErrorCode.RATE_LIMITED, `this connection already has ${openOnConnection} subscriptions; the limit is ${this.maxPerConnection}`, { limit: 'subscriptionsPerConnection', max: this.maxPerConnection });
    }
    const n = this.perKey.get(key) ?? 0;
    if (n >= this.maxPerKey) {
      throw new AppError(ErrorCode.RATE_LIMITED, `this key already has ${n} subscriptions; the limit is ${this.maxPerKey}`, { limit: 'subscriptionsPerKey', max: this.maxPerKey });
    }
    this.perKey.set(key, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.perKey.get(key) ?? 1) - 1;
      if (left > 0) this.perKey.set(key, left);
      else this.perKey.delete(key);
    };
  }

  /** Subscriptions `key` holds now. */
  count(key: string): number {
    return this.perKey.get(key) ?? 0;
  }
}
