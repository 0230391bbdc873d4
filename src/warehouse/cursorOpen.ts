import pg from 'pg';
// pg's own value encoding for bind parameters (dates, arrays, JSON, buffers), as its queries use.
// @ts-expect-error pg ships no types for its lib files
import pgUtils from 'pg/lib/utils.js';
import { TENANT_SETTING } from '../auth/requestScope.js';
import { checkTenantId } from '../auth/tenantId.js';
import { READER_ROLE } from './rowSecurity.js';

const prepareValue = (pgUtils as { prepareValue: (v: unknown) => unknown }).prepareValue;

/** The scope: reader role, tenant and idle timeout, each ending with the transaction (`true`). */
const SCOPE_SQL = `SELECT set_config('role', $1, true), set_config('${TENANT_SETTING}', $2, true), set_config('idle_in_transaction_session_timeout', $3, true)`;

/** Statements before the FETCH whose completions (and the scope's row) are not results. */
const PRELUDE = 3;

interface Conn {
  parse(m: { text: string; name?: string; types?: number[] }): void;
  bind(m: { portal?: string; statement?: string; values?: unknown[] }): void;
  execute(m: { portal?: string; rows?: number }): void;
}

/**
 * Opens a server-side cursor and fetches its first batch in one round trip on real PostgreSQL:
 * BEGIN, the scope, DECLARE (with the query's bind parameters) and the first FETCH go out as one
 * extended-protocol pipeline with one Sync (as BEGIN; … then DECLARE, then FETCH did in three).
 * The BEGIN makes the transaction explicit, so it outlives the Sync and the cursor with it; the
 * scope's settings last exactly as long as that transaction. An error in any step makes the server
 * skip to the Sync, leaving the transaction aborted for the caller's ROLLBACK. The values are
 * encoded before a byte is written, so a value that cannot be encoded sends nothing.
 */
class CursorOpenQuery extends (pg.Query as unknown as new (config: object) => {
  prepare(connection: unknown): void;
  handleDataRow(msg: unknown): void;
  handleCommandComplete(msg: unknown, connection: unknown): void;
}) {
  private completed = 0;
  private readonly declareValues: unknown[];

  constructor(
    private readonly declare: string,
    values: readonly unknown[],
    private readonly scope: [string, string, string],
    fetch: string,
    callback: (err: Error | null, res?: pg.QueryArrayResult) => void,
  ) {
    super({ text: fetch, values: [], queryMode: 'extended', rowMode: 'array', callback });
    this.declareValues = values.map((v) => prepareValue(v));
  }

  override prepare(connection: Conn): void {
    connection.parse({ text: 'BEGIN', name: '', types: [] });
    connection.bind({ portal: '', statement: '', values: [] });
    connection.execute({ portal: '', rows: 0 });
    connection.parse({ text: SCOPE_SQL, name: '', types: [] });
    connection.bind({ portal: '', statement: '', values: [...this.scope] });
    connection.execute({ portal: '', rows: 0 });
    connection.parse({ text: this.declare, name: '', types: [] });
    connection.bind({ portal: '', statement: '', values: this.declareValues });
    connection.execute({ portal: '', rows: 0 });
    super.prepare(connection);
  }

  override handleDataRow(msg: unknown): void {
    if (this.completed >= PRELUDE) super.handleDataRow(msg);
  }

  override handleCommandComplete(msg: unknown, connection: unknown): void {
    if (this.completed++ < PRELUDE) return;
    super.handleCommandComplete(msg, connection);
  }
}

export interface CursorOpen {
  /** The cursor's SELECT (user query text with $n parameters). */
  text: string;
  values: readonly unknown[];
  tenant: string;
  /** Cursor name: ours (a counter), never client text. */
  name: string;
  batchRows: number;
  idleMs: number;
}

/**
 * Runs BEGIN, the reader scope, DECLARE and the first FETCH on `client` in one round trip (see
 * CursorOpenQuery); resolves with the first batch. Whatever happens, the caller owns an open (or
 * aborted) transaction on `client` from the moment this is called, and ends it.
 */
export function openCursor(client: pg.PoolClient, o: CursorOpen): Promise<pg.QueryArrayResult> {
  const tenant = checkTenantId(o.tenant);
  return new Promise((resolve, reject) => {
    const q = new CursorOpenQuery(`DECLARE ${o.name} NO SCROLL CURSOR FOR ${o.text}`, o.values, [READER_ROLE, tenant, String(o.idleMs)], `FETCH FORWARD ${o.batchRows} FROM ${o.name}`, (err, res) =>
      err ? reject(err) : resolve(res!),
    );
    client.query(q as unknown as pg.QueryConfig);
  });
}
