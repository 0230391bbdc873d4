import 'reflect-metadata';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { DataSource, type Logger as OrmLogger } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { AppError, ErrorCode, isAppError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { ENTITIES } from './entities/index.js';
import { PGlitePool } from './pglitePool.js';
import type { ConnectionPool, PoolClient, SqlRunner } from './sqlRunner.js';
import { translateDbError } from './dbErrors.js';
import { currentShareKey, FairGate } from './fairShare.js';
import { LoadLocks } from './loadLocks.js';
import { cursorRead, type CursorBatch } from './cursorRead.js';
import { DATE, INT8, openEmbedded, parseInt8, TIMESTAMP } from './embeddedDb.js';

/** Beside the embedded database: the migrations it has, so a start with nothing new skips the check. */
const MIGRATED_STAMP = 'insightql.migrated';
import { currentTenant } from '../auth/requestScope.js';
import { scopeStatements } from './rowSecurity.js';
import { scopedReadQuery } from './scopedQuery.js';

export type WarehouseKind = 'postgres' | 'embedded';

export interface WarehouseOptions {
  /** postgres://… for a real server; null for the embedded database in `dataDir`. */
  databaseUrl: string | null;
  /** Embedded storage folder; `memory://` keeps it in memory (tests). */
  dataDir: string;
  logger: Logger;
  poolSize?: number;
  /** Server-side statement timeout of `readQuery` (user queries). Default 15 s. */
  queryTimeoutMs?: number;
  /** User queries one key may have waiting for a reader (see FairGate). Default 100. */
  readerQueuePerKey?: number;
  /**
   * Embedded only: a one-command process (the CLI) starts PGlite with small shared buffers. The
   * WASM build zeroes all of them at start, and 128 MB of them is most of a CLI command's time.
   */
  shortLived?: boolean;
  /** Embedded only: the database already being opened (the CLI starts it while its modules load). */
  embeddedDb?: Promise<PGlite>;
}

/** Counts statements sent, so tests can prove batching (N+1 would show here). */
export interface StatementCounter {
  statements: number;
  /** FETCHes from server-side cursors (exports), to show a read waits for its client. */
  cursorFetches?: number;
}

// The same JS types from both drivers (see embeddedDb.ts): int8 as a number, date and timestamp as text.
pg.types.setTypeParser(INT8, parseInt8);
pg.types.setTypeParser(DATE, (v) => v);
pg.types.setTypeParser(TIMESTAMP, (v) => v);

/**
 * The warehouse: the one place that talks to the database. It owns the connection pool (pg, or
 * the embedded PGlite behind a pg-compatible pool), the TypeORM DataSource for the catalog, and
 * the raw paths the hot code needs: bulk COPY and read-only queries with a server-side timeout.
 */
export class Warehouse implements SqlRunner {
  private constructor(
    readonly counter: StatementCounter,
    readonly kind: WarehouseKind,
    readonly dataSource: DataSource,
    private readonly pool: ConnectionPool,
    private readonly embedded: PGlitePool | null,
    private readonly readers: pg.Pool | null,
    private readonly queryTimeoutMs: number,
    private readonly log: Logger,
  ) {}

  private databaseUrl: string | null = null;
  /** The embedded database's folder (null on PostgreSQL). */
  private dataDir: string | null = null;

  /** Shares the reader pool among keys (set in open). */
  private gate!: FairGate;

  /** Which process owns each running load (set in open). */
  loadLocks!: LoadLocks;

  /**
   * The server's connection string, for a loader in another thread that opens a connection of its
   * own to run a COPY (null for the embedded database, which only this thread can reach).
   */
  copyConnectionString(): string | null {
    return this.databaseUrl;
  }

  private epoch = 0;

  /**
   * Bumped by every write this process makes (a committed transaction, a non-SELECT statement, a
   * COPY), so in-process caches of catalog reads know when to look again.
   */
  get writeEpoch(): number {
    return this.epoch;
  }

  /**
   * Runs one user query read-only under the server-side statement timeout. On real Postgres: one
   * round trip (scope and query pipelined) on a connection whose every transaction is read-only
   * and time-limited. Embedded:
   * BEGIN READ ONLY with SET LOCAL statement_timeout (also used for a timeout other than the pool's).
   */
  async readQuery<R = Record<string, unknown>>(text: string, values?: readonly unknown[], timeoutMs = this.queryTimeoutMs): Promise<R[]> {
    return this.gate.run(currentShareKey(), async () => {
      if (!this.readers || timeoutMs !== this.queryTimeoutMs) return this.readOnly(timeoutMs, (tx) => tx.query<R>(text, values));
      // The reader connection is read-only and time-limited for every statement already; the
      // query's implicit transaction adds the reader role and the tenant, both ending with it.
      let c: pg.PoolClient;
      try {
        c = await this.readers.connect();
        this.listenForErrors(c);
      } catch (e) {
        throw translateDbError(e);
      }
      let broken: Error | undefined;
      try {
        // One round trip: the scope (reader role, tenant) and the query share one implicit
        // transaction that ends, with both settings, at the pipeline's Sync (scopedQuery.ts).
        this.counter.statements += 2;
        return await scopedReadQuery<R>(c, currentTenant(), text, values);
      } catch (e) {
        const t = translateDbError(e);
        // A connection whose backend went away must not go back to the pool.
        if (isAppError(t, ErrorCode.DATABASE_UNAVAILABLE)) broken = t;
        throw t;
      } finally {
        c.release(broken);
      }
    });
  }

  /**
   * A user query's rows through a server-side cursor, `batchRows` at a time, pulled by the caller
   * (see cursorRead.ts): for results too large to hold in memory. Scoped like `readQuery`.
   */
  openCursor(text: string, values: readonly unknown[], opts: { batchRows: number; idleMs: number }): AsyncGenerator<CursorBatch> {
    const src = { readers: this.readers, embedded: this.embedded, gate: this.gate, queryTimeoutMs: this.queryTimeoutMs, countStatement: (fetch = false) => void (this.counter.statements++, fetch && (this.counter.cursorFetches = (this.counter.cursorFetches ?? 0) + 1)), listenForErrors: (c: object) => this.listenForErrors(c) };
    return cursorRead(src, { text, values, tenant: currentTenant(), shareKey: currentShareKey(), ...opts });
  }

  /** Opens the database, runs pending migrations and cleans up after an interrupted run. */
  static async open(opts: WarehouseOptions): Promise<Warehouse> {
    const log = opts.logger.child({ component: 'warehouse' });
    let pool: ConnectionPool;
    let embedded: PGlitePool | null = null;
    let readers: pg.Pool | null = null;
    let driver: unknown;
    if (opts.databaseUrl) {
      const p = new pg.Pool({
        connectionString: opts.databaseUrl,
        max: opts.poolSize ?? 10,
        // Fail fast instead of queueing forever when the server is gone.
        connectionTimeoutMillis: 5_000,
        idleTimeoutMillis: 30_000,
        application_name: 'insightql',
      });
      // An idle client's error (server restart, network) must not crash the process.
      p.on('error', (e) => log.warn({ err: e.message }, 'idle database connection failed; it will be replaced'));
      // pg-pool hears a client's errors only while it is idle: a backend terminated while its client
      // is checked out between statements would emit 'error' with nobody listening and end the
      // process. Every client gets a listener for its whole life; the statement in flight still
      // rejects with the error, and a broken client is released as broken by its user.
      p.on('connect', (c) => c.on('error', (e) => log.warn({ err: e.message }, 'database connection failed during use')));
      pool = p as unknown as ConnectionPool;
      driver = { ...pg, Pool: function PoolShim() { return p; } };
      // User queries get connections that are read-only and time-limited by the server itself for
      // every statement, so each query is one round trip (no BEGIN/SET/COMMIT around it).
      const timeout = Math.max(1, Math.round(opts.queryTimeoutMs ?? 15_000));
      readers = new pg.Pool({
        connectionString: opts.databaseUrl,
        max: opts.poolSize ?? 10,
        connectionTimeoutMillis: 5_000,
        idleTimeoutMillis: 30_000,
        application_name: 'insightql-reader',
        options: `-c default_transaction_read_only=on -c statement_timeout=${timeout}`,
      });
      readers.on('error', (e) => log.warn({ err: e.message }, 'idle reader connection failed; it will be replaced'));
      readers.on('connect', (c) => c.on('error', (e) => log.warn({ err: e.message }, 'reader connection failed during use')));
    } else {
      const db = await (opts.embeddedDb ?? openEmbedded(opts.dataDir, opts.shortLived ?? false));
      embedded = new PGlitePool(db);
      pool = embedded as unknown as ConnectionPool;
      const shared = embedded;
      driver = { Pool: function PoolShim() { return shared; } };
    }
    const counter: StatementCounter = { statements: 0 };
    const dataSource = new DataSource({
      type: 'postgres',
      driver,
      entities: ENTITIES,
      migrations: MIGRATIONS,
      migrationsTableName: 'insightql_migrations',
      synchronize: false,
      installExtensions: false,
      uuidExtension: 'pgcrypto',
      logging: false,
      logger: countingLogger(counter),
    } as ConstructorParameters<typeof DataSource>[0]);
    try {
      await dataSource.initialize();
    } catch (e) {
      await pool.end().catch(() => undefined);
      await readers?.end().catch(() => undefined);
      throw translateDbError(e);
    }
    const wh = new Warehouse(counter, opts.databaseUrl ? 'postgres' : 'embedded', dataSource, pool, embedded, readers, opts.queryTimeoutMs ?? 15_000, log);
    wh.databaseUrl = opts.databaseUrl;
    wh.loadLocks = new LoadLocks(opts.databaseUrl, log);
    // Embedded: one query runs at a time anyway; two slots keep the queue (and its fairness) here.
    wh.gate = new FairGate({ slots: readers ? (opts.poolSize ?? 10) : 2, queuePerKey: opts.readerQueuePerKey ?? 100, maxWaitMs: opts.queryTimeoutMs ?? 15_000 });
    wh.dataDir = opts.databaseUrl ? null : opts.dataDir;
    return wh;
  }

  /** Applies pending migrations; returns the names applied. */
  async migrate(): Promise<string[]> {
    // The embedded database belongs to this install alone: once it has every migration this build
    // knows, a stamp beside it says so and later starts skip the check (a CLI command's round trips).
    const stamp = this.dataDir && !this.dataDir.startsWith('memory://') ? join(this.dataDir, MIGRATED_STAMP) : null;
    const want = MIGRATIONS.map((m) => m.name).join('\n');
    if (stamp && existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return [];
    const done = await this.dataSource.runMigrations({ transaction: 'each' });
    if (stamp) writeFileSync(stamp, want);
    return done.map((m) => m.name);
  }

  /** Runs one statement on any free connection. */
  async query<R = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<R[]> {
    const c = await this.connect();
    let broken: Error | undefined;
    try {
      return await runOn<R>(c, this.counter, text, values);
    } catch (e) {
      // A connection whose backend went away must not go back to the pool.
      if (isAppError(e, ErrorCode.DATABASE_UNAVAILABLE)) broken = e;
      throw e;
    } finally {
      c.release(broken);
      if (!/^\s*(SELECT|WITH)\b/i.test(text)) this.epoch++;
    }
  }

  /** Runs `fn` in one read-write transaction; rolls back on any error. */
  async transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T> {
    return this.inTransaction('BEGIN', null, fn);
  }

  /**
   * Runs `fn` in a read-only transaction whose statements the server itself stops after
   * `timeoutMs` (SET LOCAL, so the limit ends with the transaction and the connection is clean).
   */
  async readOnly<T>(timeoutMs: number, fn: (tx: SqlRunner) => Promise<T>): Promise<T> {
    return this.inTransaction('BEGIN READ ONLY', timeoutMs, fn);
  }

  /**
   * Streams rows in COPY text format into `schema.table(columns)`. Chunks are whole lines.
   * Real Postgres: one COPY … FROM STDIN with backpressure. Embedded: one COPY per chunk from a
   * blob, taking the database only per chunk so other requests are served in between.
   */
  async copyIn(schema: string, table: string, columns: readonly string[], chunks: AsyncIterable<string | Uint8Array>): Promise<void> {
    // No column list for a table without columns (every record rejected): `()` is a syntax error.
    const target = `${quoteIdent(schema)}.${quoteIdent(table)}${columns.length ? ` (${columns.map(quoteIdent).join(', ')})` : ''}`;
    if (this.embedded) {
      for await (const chunk of chunks) {
        if (!chunk.length) continue;
        this.counter.statements++;
        await this.embedded.exclusive((db) => db.query(`COPY ${target} FROM '/dev/blob'`, [], { blob: new Blob([chunk]) }));
      }
      return;
    }
    const { copyInto } = await import('./pgCopy.js');
    const c = await this.connect();
    try {
      this.counter.statements++;
      await copyInto(c, `COPY ${target} FROM STDIN`, chunks);
      c.release();
    } catch (e) {
      c.release(e as Error);
      throw translateDbError(e);
    }
  }

  /** Closes the pool (and the embedded database). */
  async close(): Promise<void> {
    await this.readers?.end().catch(() => undefined);
    await this.loadLocks?.close();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    else await this.pool.end();
  }

  private async inTransaction<T>(begin: string, timeoutMs: number | null, fn: (tx: SqlRunner) => Promise<T>): Promise<T> {
    const c = await this.connect();
    const counter = this.counter;
    const tx: SqlRunner = { query: (text, values) => runOn(c, counter, text, values) };
    let broken = false;
    try {
      // One round trip: BEGIN and the transaction-local timeout travel together. The timeout is an
      // integer the server computed from its configuration, never client text.
      if (timeoutMs !== null && !Number.isFinite(timeoutMs)) throw new Error(`statement timeout must be a finite number, got ${timeoutMs}`);
      const ms = timeoutMs === null ? null : Math.max(1, Math.round(timeoutMs));
      // Every transaction is the current tenant's (RLS and column defaults read it); read-only
      // ones also run as the reader role, which RLS holds to that tenant.
      const readOnly = begin.includes('READ ONLY');
      const scope = scopeStatements(currentTenant(), readOnly);
      await runOn(c, counter, ms === null ? `${begin}; ${scope}` : `${begin}; SET LOCAL statement_timeout = ${ms}; ${scope}`);
      const out = await fn(tx);
      await runOn(c, counter, 'COMMIT');
      if (!readOnly) this.epoch++;
      return out;
    } catch (e) {
      try {
        await c.query('ROLLBACK');
      } catch {
        broken = true; // the connection is gone; the pool must not reuse it
      }
      throw translateDbError(e);
    } finally {
      c.release(broken ? new Error('connection broken') : undefined);
    }
  }

  /**
   * A checked-out pg client whose backend is terminated emits 'error' on itself (the pool only
   * listens while it is idle): unheard, that ends the process. The query in flight fails on its
   * own, so the listener only logs; release(err) then discards the client.
   */
  private listenForErrors(c: object): void {
    const emitter = c as { on?: (ev: string, fn: (e: Error) => void) => void };
    if (!emitter.on || heard.has(c)) return;
    heard.add(c);
    emitter.on('error', (e) => this.log.warn({ err: e.message }, 'database connection failed during use'));
  }

  private async connect(): Promise<PoolClient> {
    try {
      const c = await this.pool.connect();
      this.listenForErrors(c);
      return c;
    } catch (e) {
      this.log.warn({ err: (e as Error).message }, 'cannot get a database connection');
      throw translateDbError(e);
    }
  }
}

/** Clients that already carry the error listener (pg reuses them across checkouts). */
const heard = new WeakSet<object>();

async function runOn<R>(c: PoolClient, counter: StatementCounter, text: string, values?: readonly unknown[]): Promise<R[]> {
  counter.statements++;
  try {
    const r = await c.query(text, values);
    return r.rows as R[];
  } catch (e) {
    throw translateDbError(e);
  }
}

/** Quotes an SQL identifier ("a""b"); the only way a name may reach SQL text. */
export function quoteIdent(name: string): string {
  if (name.includes('\u0000')) throw new AppError(ErrorCode.BAD_INPUT, 'identifier contains a NUL byte');
  return `"${name.replace(/"/g, '""')}"`;
}

function countingLogger(counter: StatementCounter): OrmLogger {
  return {
    logQuery: () => void counter.statements++,
    logQueryError: () => undefined,
    logQuerySlow: () => undefined,
    logSchemaBuild: () => undefined,
    logMigration: () => undefined,
    log: () => undefined,
  };
}
