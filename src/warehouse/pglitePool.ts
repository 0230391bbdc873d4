import { EventEmitter } from 'node:events';
import type { PGlite } from '@electric-sql/pglite';
import { Mutex } from '../shared/mutex.js';
import type { PoolClient } from './sqlRunner.js';

type Callback = (err: Error | null, client?: PoolClient, done?: (err?: unknown) => void) => void;

/**
 * A pg-compatible pool over one embedded PGlite instance.
 *
 * PGlite is a single session: two "connections" that each open a transaction would interleave in
 * it (a rolled-back row could be seen as committed). So the pool hands out one client at a time;
 * a second caller waits until the first releases. Callers must never hold a client while asking
 * the pool for another, or they wait on themselves.
 */
export class PGlitePool extends EventEmitter {
  private readonly lock = new Mutex();
  private ended = false;

  constructor(readonly db: PGlite) {
    super();
  }

  /** Exclusive client; promise style (warehouse) or callback style (TypeORM). */
  connect(): Promise<PoolClient>;
  connect(cb: Callback): void;
  connect(cb?: Callback): Promise<PoolClient> | void {
    const p = this.acquire();
    if (!cb) return p;
    p.then(
      (c) => cb(null, c, (e) => c.release(e as Error)),
      (e: Error) => cb(e),
    );
  }

  /** One statement on a short-lived client (TypeORM calls this for pool-level queries). */
  async query(text: string, values?: readonly unknown[]): Promise<{ rows: unknown[]; rowCount: number }> {
    const c = await this.acquire();
    try {
      return (await c.query(text, values)) as { rows: unknown[]; rowCount: number };
    } finally {
      c.release();
    }
  }

  async end(cb?: (err?: Error) => void): Promise<void> {
    this.ended = true;
    // Wait for the holder to finish before closing the database under it.
    const release = await this.lock.acquire();
    try {
      if (!this.db.closed) await this.db.close();
      cb?.();
    } catch (e) {
      if (cb) cb(e as Error);
      else throw e;
    } finally {
      release();
    }
  }

  /** Runs `fn` with the raw PGlite instance while no client is out (bulk COPY from a blob). */
  async exclusive<T>(fn: (db: PGlite) => Promise<T>): Promise<T> {
    if (this.ended) throw new Error('embedded database is closed');
    return this.lock.run(() => fn(this.db));
  }

  private async acquire(): Promise<PoolClient> {
    if (this.ended) throw new Error('embedded database is closed');
    const release = await this.lock.acquire();
    const db = this.db;
    let done = false;
    // TypeORM listens for 'error' on its connections, so a client is an EventEmitter too.
    return Object.assign(new EventEmitter(), {
      async query(text: string, values?: readonly unknown[]) {
        if (done) throw new Error('client already released');
        if (values && values.length) {
          const r = await db.query(text, values as unknown[]);
          return { rows: r.rows, rowCount: r.rows.length || (r.affectedRows ?? 0) };
        }
        // Without parameters the statement may be several (migrations); return the last result.
        const rs = await db.exec(text);
        const last = rs[rs.length - 1];
        return { rows: last?.rows ?? [], rowCount: last?.rows.length || (last?.affectedRows ?? 0) };
      },
      release() {
        if (done) return;
        done = true;
        release();
      },
    });
  }
}
