import { checkTenantId } from '../auth/tenantId.js';
import { TENANT_SETTING } from '../auth/requestScope.js';
import type { SqlRunner } from './sqlRunner.js';
import { quoteIdent } from './warehouse.js';

const DATA_SCHEMA = 'warehouse';

/**
 * Row-level security, the second wall behind the application's tenant filters. User queries run
 * as READER_ROLE (owns nothing, NOBYPASSRLS), inside a transaction whose tenant is set with
 * `set_config(…, true)`, so it ends with the transaction and a pooled connection never carries it
 * to the next request. Catalog and chat tables compare their `tenant_id` with that setting (see
 * migrations/1765000000000-Tenancy.ts); the warehouse's data tables have no tenant column, so each
 * gets a policy naming its one tenant when it becomes a dataset version (`guardDataTable`).
 */
export const READER_ROLE = 'insightql_reader';

/** A SQL string literal; only for values checked to a plain form (tenant ids). */
function literal(v: string): string {
  return `'${v.replace(/'/g, "''")}'`;
}

/** Statements that make the open transaction the tenant's (and, for user queries, the reader's). */
export function scopeStatements(tenantId: string, asReader: boolean): string {
  const t = literal(checkTenantId(tenantId));
  return `${asReader ? `SET LOCAL ROLE ${READER_ROLE}; ` : ''}SELECT set_config('${TENANT_SETTING}', ${t}, true)`;
}

/**
 * Puts a warehouse data table under RLS for its tenant: only the reader role running for that
 * tenant sees its rows (any other tenant sees none, even by naming the table). One round trip.
 */
export async function guardDataTable(tx: SqlRunner, table: string, tenantId: string): Promise<void> {
  const t = literal(checkTenantId(tenantId));
  const qualifiedTable = `${DATA_SCHEMA}.${quoteIdent(table)}`;
  await tx.query(
    `ALTER TABLE ${qualifiedTable} ENABLE ROW LEVEL SECURITY; ALTER TABLE ${qualifiedTable} FORCE ROW LEVEL SECURITY;
     DROP POLICY IF EXISTS tenant_isolation ON ${qualifiedTable};
     CREATE POLICY tenant_isolation ON ${qualifiedTable} USING ((SELECT current_setting('${TENANT_SETTING}', true)) = ${t});
     GRANT SELECT ON ${qualifiedTable} TO ${READER_ROLE};
     DO $$ BEGIN
       IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
          AND NOT EXISTS (SELECT 1 FROM pg_policies WHERE policyname = 'service_access' AND schemaname = '${DATA_SCHEMA}' AND tablename = ${literal(table)}) THEN
         EXECUTE format('CREATE POLICY service_access ON %s TO %I USING (true) WITH CHECK (true)', ${literal(qualifiedTable)}, current_user);
       END IF;
     END $$`,
  );
}
