import type pg from 'pg';
import { TENANT_SETTING } from '../auth/requestScope.js';
import { checkTenantId } from '../auth/tenantId.js';
import { pipelinedQuery } from './pipelinedQuery.js';
import { READER_ROLE } from './rowSecurity.js';

/** The scope: reader role, tenant and idle timeout, each ending with the transaction (`true`). */
const SCOPE_SQL = `SELECT set_config('role', $1, true), set_config('${TENANT_SETTING}', $2, true), set_config('idle_in_transaction_session_timeout', $3, true)`;

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
 * Opens a server-side cursor and fetches its first batch in one round trip on real PostgreSQL:
 * BEGIN, the scope, DECLARE (with the query's bind parameters) and the first FETCH go out as one
 * extended-protocol pipeline with one Sync (pipelinedQuery.ts; as BEGIN; … then DECLARE, then
 * FETCH did in three). The BEGIN makes the transaction explicit, so it outlives the Sync and the
 * cursor with it; the scope's settings last exactly as long as that transaction. An error in any
 * step makes the server skip to the Sync, leaving the transaction aborted for the caller's
 * ROLLBACK; a value that cannot be encoded sends nothing. Resolves with the first batch. Whatever
 * happens, the caller owns an open (or aborted) transaction on `client` from the moment this is
 * called, and ends it.
 */
export function openCursor(client: pg.PoolClient, o: CursorOpen): Promise<pg.QueryArrayResult> {
  const tenant = checkTenantId(o.tenant);
  const setup = [
    { text: 'BEGIN', values: [] },
    { text: SCOPE_SQL, values: [READER_ROLE, tenant, String(o.idleMs)] },
    { text: `DECLARE ${o.name} NO SCROLL CURSOR FOR ${o.text}`, values: o.values },
  ];
  return pipelinedQuery<pg.QueryArrayResult>(client, setup, { text: `FETCH FORWARD ${o.batchRows} FROM ${o.name}`, values: [], rowMode: 'array' });
}
