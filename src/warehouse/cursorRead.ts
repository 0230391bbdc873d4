import type pg from 'pg';
import { translateDbError } from './dbErrors.js';
import type { FairGate } from './fairShare.js';
import type { PGlitePool } from './pglitePool.js';
import { openCursor } from './cursorOpen.js';
import { scopeStatements } from './rowSecurity.js';

/**
 * Server-side cursor reads: a user query's rows in batches, for results too large to hold (exports
 * of millions of rows). The consumer pulls: the next batch is fetched only when it asks, so a slow
 * client slows the read instead of filling memory, and stopping early (`return()`, a thrown error)
 * closes the cursor and ends its transaction.
 *
 * - Real Postgres: one reader connection (read-only, the server's statement timeout on each FETCH)
 *   held for the whole read, inside a transaction scoped to the tenant as the reader role, with an
 *   idle-in-transaction timeout so a stalled client cannot keep the transaction open. The first
 *   batch comes in one round trip with BEGIN, the scope and DECLARE (cursorOpen.ts).
 * - Embedded: PGlite is one session that other requests share, so the cursor is declared WITH HOLD
 *   (the result is materialized inside the database at COMMIT, under the same scope) and each FETCH
 *   takes the database only for itself; other requests are served between batches.
 */

export interface CursorBatch {
  /** Output column names, in the order of each row's values. */
  fields: string[];
  rows: unknown[][];
}

export interface CursorSource {
  readers: pg.Pool | null;
  embedded: PGlitePool | null;
  gate: FairGate;
  queryTimeoutMs: number;
  /** Counts a statement sent (`fetch`: a FETCH). */
  countStatement(fetch?: boolean): void;
  listenForErrors(client: object): void;
}

export interface CursorRequest {
  text: string;
  values: readonly unknown[];
  tenant: string;
  shareKey: string;
  /** Rows per FETCH. */
  batchRows: number;
  /** Postgres: how long the transaction may sit idle between batches (a stalled client). */
  idleMs: number;
}

let cursorSeq = 0;

export function cursorRead(src: CursorSource, req: CursorRequest): AsyncGenerator<CursorBatch> {
  if (!Number.isSafeInteger(req.batchRows) || req.batchRows < 1) throw new Error(`batchRows must be a positive integer, got ${req.batchRows}`);
  if (!Number.isSafeInteger(req.idleMs) || req.idleMs < 1) throw new Error(`idleMs must be a positive integer, got ${req.idleMs}`);
  // The name is ours (a counter), never client text.
  const name = `insightql_cursor_${++cursorSeq}`;
  return src.readers ? pgCursor(src, src.readers, req, name) : embeddedCursor(src, src.embedded!, req, name);
}

/** Holds one gate slot until `release` is called (the read holds a reader connection that long). */
async function holdSlot(gate: FairGate, key: string): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await new Promise<void>((entered, refused) => {
    gate.run(key, () => (entered(), held)).catch(refused);
  });
  return release;
}

async function* pgCursor(src: CursorSource, readers: pg.Pool, req: CursorRequest, name: string): AsyncGenerator<CursorBatch> {
  const freeSlot = await holdSlot(src.gate, req.shareKey);
  let c: pg.PoolClient | null = null;
  let open = false;
  let broken = false;
  try {
    let first: pg.QueryArrayResult;
    try {
      c = await readers.connect();
      src.listenForErrors(c);
      // BEGIN, the scope, DECLARE and the first FETCH in one round trip (cursorOpen.ts); from here
      // on the connection holds our transaction (open or aborted) until COMMIT or ROLLBACK below.
      open = true;
      src.countStatement();
      src.countStatement(true);
      first = await openCursor(c, { text: req.text, values: req.values, tenant: req.tenant, name, batchRows: req.batchRows, idleMs: req.idleMs });
    } catch (e) {
      throw translateDbError(e);
    }
    // One FETCH ahead: the server produces the next batch while this one is formatted and sent
    // (the pipeline is one batch deep, so a client that stops reading still stops the read).
    const client = c;
    const fetchNext = (): Promise<pg.QueryArrayResult> => {
      src.countStatement(true);
      const p = client.query({ text: `FETCH FORWARD ${req.batchRows} FROM ${name}`, rowMode: 'array' });
      p.catch(() => undefined); // awaited below, or abandoned when the reader stops early
      return p;
    };
    let pending: Promise<pg.QueryArrayResult> | null = Promise.resolve(first);
    while (pending) {
      let r: pg.QueryArrayResult;
      try {
        r = await pending;
      } catch (e) {
        pending = null;
        throw translateDbError(e);
      }
      pending = r.rows.length === req.batchRows ? fetchNext() : null;
      if (r.rows.length) yield { fields: r.fields.map((f) => f.name), rows: r.rows };
    }
    src.countStatement();
    await c.query('COMMIT');
    open = false;
  } finally {
    // Stopped early or failed: the transaction (and with it the cursor) ends here.
    if (c && open) await c.query('ROLLBACK').catch(() => (broken = true));
    c?.release(broken ? new Error('connection broken') : undefined);
    freeSlot();
  }
}

async function* embeddedCursor(src: CursorSource, pool: PGlitePool, req: CursorRequest, name: string): AsyncGenerator<CursorBatch> {
  const timeout = Math.max(1, Math.round(src.queryTimeoutMs));
  await src.gate.run(req.shareKey, () =>
    pool.exclusive(async (db) => {
      try {
        src.countStatement();
        await db.exec(`BEGIN READ ONLY; SET LOCAL statement_timeout = ${timeout}; ${scopeStatements(req.tenant, true)}`);
        await db.query(`DECLARE ${name} NO SCROLL CURSOR WITH HOLD FOR ${req.text}`, req.values as unknown[]);
        // WITH HOLD: COMMIT runs the query to its end and keeps the result for this session.
        await db.exec('COMMIT');
      } catch (e) {
        await db.exec('ROLLBACK').catch(() => undefined);
        throw translateDbError(e);
      }
    }),
  );
  try {
    for (;;) {
      const r = await src.gate.run(req.shareKey, () =>
        pool.exclusive(async (db) => {
          src.countStatement(true);
          try {
            return await db.query<unknown[]>(`FETCH FORWARD ${req.batchRows} FROM ${name}`, [], { rowMode: 'array' });
          } catch (e) {
            throw translateDbError(e);
          }
        }),
      );
      if (!r.rows.length) break;
      yield { fields: r.fields.map((f) => f.name), rows: r.rows };
      if (r.rows.length < req.batchRows) break;
    }
  } finally {
    // A held cursor outlives its transaction: close it, or it keeps its rows until the session ends.
    await pool.exclusive((db) => db.exec(`CLOSE ${name}`)).catch(() => undefined);
  }
}
