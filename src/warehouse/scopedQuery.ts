import type pg from 'pg';
import { TENANT_SETTING } from '../auth/requestScope.js';
import { checkTenantId } from '../auth/tenantId.js';
import { pipelinedQuery } from './pipelinedQuery.js';
import { READER_ROLE } from './rowSecurity.js';

/** The scope statement: the reader role and the tenant, both ending with the implicit transaction. */
const SCOPE_SQL = `SELECT set_config('role', $1, true), set_config('${TENANT_SETTING}', $2, true)`;

/**
 * Runs `text` as the reader role of `tenantId` on `client`: the query and its tenant scope in one
 * round trip on real PostgreSQL. Both statements go out as one extended-protocol pipeline
 * (pipelinedQuery.ts: Parse/Bind/Execute of the scope, then of the query, then one Sync), so they
 * share one implicit transaction: `set_config(…, true)` makes the reader role and the tenant last
 * exactly until that transaction ends at the Sync, and a pooled connection never carries either
 * into the next request (as BEGIN; SET LOCAL ROLE; set_config; query; COMMIT did, in three round
 * trips). The query keeps its bind parameters. An error in either statement makes the server skip
 * to the Sync and roll back. The scope's own row and completion are not results.
 */
export async function scopedReadQuery<R>(client: pg.PoolClient, tenantId: string, text: string, values?: readonly unknown[]): Promise<R[]> {
  const tenant = checkTenantId(tenantId);
  const res = await pipelinedQuery<{ rows?: R[] } | undefined>(client, [{ text: SCOPE_SQL, values: [READER_ROLE, tenant] }], { text, values: values ?? [] });
  return res?.rows ?? [];
}
