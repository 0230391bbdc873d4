import pg from 'pg';
import type { Logger } from '../shared/logger.js';

/** Advisory-lock class of load ownership (the two-int key space, apart from dataset locks). */
const LOAD_LOCK_CLASS = 7_310_001;

/**
 * Which process owns a running load. Each load holds a session advisory lock, keyed by its run,
 * on a connection of its own for as long as it runs; a process that dies (or whose connection
 * drops) loses it. Start-up recovery takes only the loads whose lock is free, so a starting server
 * or CLI never touches another live process's load. The embedded database admits one process at
 * a time (data-dir lock), so there every load found at start is orphaned.
 */
export class LoadLocks {
  private pool: pg.Pool | null = null;

  constructor(
    private readonly connectionString: string | null,
    private readonly log: Logger,
  ) {}

  /** Takes the lock of `runId` for this process; the returned function gives it back. */
  async hold(runId: string): Promise<() => Promise<void>> {
    const pool = this.lockPool();
    if (!pool) return async () => undefined;
    const c = await pool.connect();
    // Names the run while this load holds the client; taken off at release, since the pool reuses
    // clients and a listener left per load piled up (MaxListenersExceededWarning after ten loads).
    // The pool's 'connect' listener keeps the client heard for its whole life.
    const onError = (e: Error) => this.log.warn({ err: e.message, run: runId }, 'load lock connection failed');
    c.on('error', onError);
    const release = (err?: Error) => {
      c.off('error', onError);
      c.release(err);
    };
    try {
      await c.query(`SELECT pg_advisory_lock($1, hashtext($2))`, [LOAD_LOCK_CLASS, runId]);
    } catch (e) {
      release(e as Error);
      throw e;
    }
    let done = false;
    return async () => {
      if (done) return;
      done = true;
      try {
        await c.query(`SELECT pg_advisory_unlock($1, hashtext($2))`, [LOAD_LOCK_CLASS, runId]);
        release();
      } catch (e) {
        release(e as Error); // a dropped connection has lost the lock anyway
      }
    };
  }

  /**
   * Runs `fn` only if nobody holds `runId`'s lock (its owner is gone), holding it meanwhile so
   * two starting processes do not clean up the same load. Resolves with whether `fn` ran.
   */
  async ifOrphaned(runId: string, fn: () => Promise<void>): Promise<boolean> {
    const pool = this.lockPool();
    if (!pool) {
      await fn();
      return true;
    }
    // No listener of its own: the pool's 'connect' listener hears this client (one added per call piled up).
    const c = await pool.connect();
    try {
      const [r] = (await c.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok`, [LOAD_LOCK_CLASS, runId])).rows;
      if (!r?.ok) return false;
      try {
        await fn();
      } finally {
        await c.query(`SELECT pg_advisory_unlock($1, hashtext($2))`, [LOAD_LOCK_CLASS, runId]);
      }
      return true;
    } finally {
      c.release();
    }
  }

  async close(): Promise<void> {
    await this.pool?.end().catch(() => undefined);
    this.pool = null;
  }

  private lockPool(): pg.Pool | null {
    if (!this.connectionString) return null;
    if (!this.pool) {
      // Apart from the main pool: a lock held for a whole load must never take a connection the
      // load itself needs.
      this.pool = new pg.Pool({ connectionString: this.connectionString, max: 32, idleTimeoutMillis: 10_000, connectionTimeoutMillis: 5_000, application_name: 'insightql-load-owner' });
      this.pool.on('error', (e) => this.log.warn({ err: e.message }, 'idle load-lock connection failed'));
      this.pool.on('connect', (c) => c.on('error', () => undefined)); // checked-out clients: the lock's own query reports it
    }
    return this.pool;
  }
}
