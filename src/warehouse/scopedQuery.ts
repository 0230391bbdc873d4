import pg from 'pg';
import { TENANT_SETTING } from '../auth/requestScope.js';
import { checkTenantId } from '../auth/tenantId.js';
import { READER_ROLE } from './rowSecurity.js';

/** The scope statement: the reader role and the tenant, both ending with the implicit transaction. */
const SCOPE_SQL = `SELECT set_config('role', $1, true), set_config('${TENANT_SETTING}', $2, true)`;

interface Conn {
  parse(m: { text: string; name?: string; types?: number[] }): void;
  bind(m: { portal?: string; statement?: string; values?: unknown[] }): void;
  execute(m: { portal?: string; rows?: number }): void;
}

/**
 * A user query and its tenant scope in one round trip on real PostgreSQL. Both statements go out
 * as one extended-protocol pipeline (Parse/Bind/Execute of the scope, then of the query, then one
 * Sync), so they share one implicit transaction: `set_config(…, true)` makes the reader role and
 * the tenant last exactly until that transaction ends at the Sync, and a pooled connection never
 * carries either into the next request (as BEGIN; SET LOCAL ROLE; set_config; query; COMMIT did,
 * in three round trips). The query keeps its bind parameters. An error in either statement makes
 * the server skip to the Sync and roll back. The scope's own row and completion are not results.
 */
class ScopedQuery extends (pg.Query as unknown as new (config: object) => {
  prepare(connection: unknown): void;
  handleDataRow(msg: unknown): void;
  handleCommandComplete(msg: unknown, connection: unknown): void;
}) {
  private scoped = false;

  constructor(
    text: string,
    values: readonly unknown[] | undefined,
    private readonly tenant: string,
    callback: (err: Error | null, res?: { rows: unknown[] }) => void,
  ) {
    super({ text, values: values ? [...values] : [], queryMode: 'extended', callback });
  }

  override prepare(connection: Conn): void {
    connection.parse({ text: SCOPE_SQL, name: '', types: [] });
    connection.bind({ portal: '', statement: '', values: [READER_ROLE, this.tenant] });
    connection.execute({ portal: '', rows: 0 });
    super.prepare(connection);
  }

  override handleDataRow(msg: unknown): void {
    if (this.scoped) super.handleDataRow(msg);
  }

  override handleCommandComplete(msg: unknown, connection: unknown): void {
    if (!this.scoped) {
      this.scoped = true;
      return;
    }
    super.handleCommandComplete(msg, connection);
  }
}

/** Runs `text` as the reader role of `tenantId` on `client`, in one round trip (see ScopedQuery). */
export function scopedReadQuery<R>(client: pg.PoolClient, tenantId: string, text: string, values?: readonly unknown[]): Promise<R[]> {
  const tenant = checkTenantId(tenantId);
  return new Promise((resolve, reject) => {
    const q = new ScopedQuery(text, values, tenant, (err, res) => (err ? reject(err) : resolve((res?.rows ?? []) as R[])));
    client.query(q as unknown as pg.QueryConfig);
  });
}
