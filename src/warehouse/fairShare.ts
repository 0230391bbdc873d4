import { AsyncLocalStorage } from 'node:async_hooks';
import { AppError, ErrorCode } from '../shared/errors.js';

/**
 * Whose share of the reader pool the work in progress spends. The server sets it per request
 * (API key, or client address in local mode); work outside any request shares one key.
 */
const shareScope = new AsyncLocalStorage<string>();
const BACKGROUND = 'background';

export function withShareKey<T>(key: string, fn: () => T): T {
  return shareScope.run(key, fn);
}

export function currentShareKey(): string {
  return shareScope.getStore() ?? BACKGROUND;
}

interface Waiter {
  start(): void;
  fail(e: AppError): void;
  timer: NodeJS.Timeout | null;
}

export interface FairGateOptions {
  /** Queries running at once (the reader pool's size). */
  slots: number;
  /** Queries one key may have waiting; one more is refused with RATE_LIMITED. */
  queuePerKey: number;
  /** Longest wait for a slot before RATE_LIMITED (the pool would otherwise answer "unavailable"). */
  maxWaitMs: number;
}

/**
 * Admits user queries to the reader pool fairly: each key may hold all slots but one, so another
 * client always finds a free connection soon; when queries wait, freed slots go round-robin over
 * the keys that wait, not first-come. A full queue or a long wait answers RATE_LIMITED with a retry
 * hint instead of the pool's connection timeout (which reads as DATABASE_UNAVAILABLE).
 */
export class FairGate {
  private active = 0;
  private readonly running = new Map<string, number>();
  /** Keys in the order they will be served; a key served moves to the back. */
  private readonly queues = new Map<string, Waiter[]>();
  private readonly perKeyMax: number;
  /** Smoothed duration of a query, for the retry hint. */
  private avgMs = 50;

  constructor(private readonly opts: FairGateOptions) {
    this.perKeyMax = Math.max(1, opts.slots - 1);
  }

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    if (!this.tryTake(key)) await this.wait(key);
    const t = performance.now();
    try {
      return await fn();
    } finally {
      this.avgMs = this.avgMs * 0.9 + (performance.now() - t) * 0.1;
      this.active--;
      const n = (this.running.get(key) ?? 1) - 1;
      if (n > 0) this.running.set(key, n);
      else this.running.delete(key);
      this.dispatch();
    }
  }

  /** Queries waiting now, over all keys. */
  get waiting(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.length;
    return n;
  }

  private tryTake(key: string): boolean {
    if (this.active >= this.opts.slots || (this.running.get(key) ?? 0) >= this.perKeyMax || this.queues.has(key)) return false;
    this.take(key);
    return true;
  }

  private take(key: string): void {
    this.active++;
    this.running.set(key, (this.running.get(key) ?? 0) + 1);
  }

  private wait(key: string): Promise<void> {
    const q = this.queues.get(key) ?? [];
    const retryAfterMs = Math.max(50, Math.ceil(this.avgMs * (q.length + 1) / this.perKeyMax));
    if (q.length >= this.opts.queuePerKey) {
      throw new AppError(ErrorCode.RATE_LIMITED, `this key has ${q.length} queries waiting for the database; retry in ${retryAfterMs} ms`, { retryAfterMs, limit: 'readerQueuePerKey' });
    }
    return new Promise<void>((resolve, reject) => {
      const w: Waiter = {
        start: resolve,
        fail: reject,
        timer: setTimeout(() => {
          const list = this.queues.get(key);
          const i = list?.indexOf(w) ?? -1;
          if (i < 0) return;
          list!.splice(i, 1);
          if (!list!.length) this.queues.delete(key);
          w.fail(new AppError(ErrorCode.RATE_LIMITED, `the database is busy; this query waited ${this.opts.maxWaitMs} ms for its share — retry in ${retryAfterMs} ms`, { retryAfterMs, limit: 'readerWait' }));
        }, this.opts.maxWaitMs),
      };
      w.timer!.unref();
      q.push(w);
      this.queues.set(key, q);
    });
  }

  private dispatch(): void {
    while (this.active < this.opts.slots) {
      let next: Waiter | null = null;
      for (const [key, q] of this.queues) {
        if ((this.running.get(key) ?? 0) >= this.perKeyMax) continue;
        next = q.shift()!;
        this.queues.delete(key);
        if (q.length) this.queues.set(key, q); // to the back: the next slot goes to another key
        this.take(key);
        break;
      }
      if (!next) return;
      clearTimeout(next.timer!);
      next.start();
    }
  }
}
