import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every table that holds a tenant's data, and (for RLS) how its rows name their tenant. */
export const TENANT_TABLES = [
  'catalog.datasets',
  'catalog.columns',
  'catalog.ingestion_runs',
  'catalog.rejected_rows',
  'catalog.dataset_versions',
  'catalog.recipes',
  'catalog.models',
  'chat.conversations',
  'chat.messages',
  'chat.feedback',
  'chat.learned_synonyms',
  'chat.training_examples',
] as const;

/** The role user queries run as: it owns nothing, cannot log in and cannot bypass RLS. */
export const READER_ROLE = 'insightql_reader';

// Rows written inside a tenant's transaction take its tenant unless the statement names one;
// rows written before tenancy (and by start-up work outside any request) belong to 'default'.
const TENANT_DEFAULT = `coalesce(nullif(current_setting('insightql.tenant_id', true), ''), 'default')`;

/**
 * Tenancy: every catalog and chat row belongs to a tenant (existing rows to 'default'); dataset
 * names are unique per tenant; API keys (only their hash); and row-level security as a second
 * wall behind the application's own tenant filters: the reader role, FORCEd policies comparing
 * `tenant_id` to the transaction's `insightql.tenant_id`, and default privileges so tables added
 * later in these schemas are readable by the reader only through their own policies.
 */
export class Tenancy1765000000000 implements MigrationInterface {
  name = 'Tenancy1765000000000';

  async up(q: QueryRunner): Promise<void> {
    for (const t of TENANT_TABLES) {
      await q.query(`ALTER TABLE ${t} ADD COLUMN tenant_id text NOT NULL DEFAULT 'default'`);
      await q.query(`ALTER TABLE ${t} ALTER COLUMN tenant_id SET DEFAULT ${TENANT_DEFAULT}`);
    }
    // Names are unique per tenant (table names stay globally unique: they are random).
    await q.query(`ALTER TABLE catalog.datasets DROP CONSTRAINT IF EXISTS datasets_name_key`);
    await q.query(`CREATE UNIQUE INDEX datasets_tenant_name_idx ON catalog.datasets (tenant_id, lower(name))`);
    await q.query(`ALTER TABLE catalog.models DROP CONSTRAINT IF EXISTS models_model_key_version_key`);
    // A model trained for a key with row filters saw only those rows; it is stored and found apart
    // (row_scope), so no key reads a model of rows it may not see.
    await q.query(`ALTER TABLE catalog.models ADD COLUMN row_scope text NOT NULL DEFAULT ''`);
    await q.query(`CREATE UNIQUE INDEX models_tenant_key_version_idx ON catalog.models (tenant_id, row_scope, model_key, version)`);
    await q.query(`CREATE INDEX ingestion_runs_tenant_idx ON catalog.ingestion_runs (tenant_id, started_at DESC)`);
    await q.query(`CREATE INDEX conversations_tenant_idx ON chat.conversations (tenant_id, owner)`);

    // Learned words and corrections belong to the client or key that taught them (owner), or to
    // the whole tenant (owner NULL and tenant_wide); those learned before scoping were global.
    for (const t of ['chat.learned_synonyms', 'chat.training_examples']) {
      await q.query(`ALTER TABLE ${t} ADD COLUMN owner text`);
      await q.query(`ALTER TABLE ${t} ADD COLUMN tenant_wide boolean NOT NULL DEFAULT false`);
      await q.query(`UPDATE ${t} SET tenant_wide = true`);
    }
    await q.query(`ALTER TABLE chat.learned_synonyms DROP CONSTRAINT IF EXISTS learned_synonyms_dataset_name_phrase_key`);
    await q.query(`CREATE UNIQUE INDEX learned_synonyms_scope_idx ON chat.learned_synonyms (tenant_id, (coalesce(owner, '')), tenant_wide, dataset_name, phrase)`);
    await q.query(`ALTER TABLE chat.training_examples DROP CONSTRAINT IF EXISTS training_examples_dataset_name_question_key_key`);
    await q.query(`CREATE UNIQUE INDEX training_examples_scope_idx ON chat.training_examples (tenant_id, (coalesce(owner, '')), tenant_wide, dataset_name, question_key)`);

    await q.query(`CREATE TABLE catalog.api_keys (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id text NOT NULL,
      role text NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
      row_filters jsonb NOT NULL DEFAULT '[]'::jsonb,
      label text,
      prefix text NOT NULL,
      hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by text,
      revoked_at timestamptz,
      last_used_at timestamptz
    )`);
    await q.query(`CREATE INDEX api_keys_tenant_idx ON catalog.api_keys (tenant_id, created_at)`);

    // Roles are cluster-wide: another database of this server may have made it already.
    await q.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${READER_ROLE}') THEN
        CREATE ROLE ${READER_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
      END IF;
      IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        EXECUTE format('GRANT ${READER_ROLE} TO %I', current_user);
      END IF;
    END $$`);
    for (const schema of ['catalog', 'chat', 'warehouse']) await q.query(`GRANT USAGE ON SCHEMA ${schema} TO ${READER_ROLE}`);
    for (const t of [...TENANT_TABLES]) await protectTenantTable(q, t);
    // Data tables loaded before tenancy belong to 'default' (later ones are guarded as they are made).
    const tables = await q.query(`SELECT DISTINCT t.tablename AS name FROM pg_tables t
      WHERE t.schemaname = 'warehouse' AND (t.tablename IN (SELECT table_name FROM catalog.datasets) OR t.tablename IN (SELECT table_name FROM catalog.dataset_versions))`);
    for (const { name } of tables as { name: string }[]) {
      const ref = `warehouse."${name.replace(/"/g, '""')}"`;
      await q.query(`ALTER TABLE ${ref} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${ref} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY tenant_isolation ON ${ref} USING ((SELECT current_setting('insightql.tenant_id', true)) = 'default')`);
      await q.query(`GRANT SELECT ON ${ref} TO ${READER_ROLE}`);
    }
    // API keys are never readable by user queries, whatever their tenant.
    await q.query(`ALTER TABLE catalog.api_keys ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE catalog.api_keys FORCE ROW LEVEL SECURITY`);
    // Tables other features add later in these schemas are readable by the reader, through the
    // policies those features add on their own tenant_id (without one, RLS shows no row).
    for (const schema of ['catalog', 'chat']) await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT SELECT ON TABLES TO ${READER_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const schema of ['catalog', 'chat']) await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} REVOKE SELECT ON TABLES FROM ${READER_ROLE}`);
    await q.query(`DROP TABLE catalog.api_keys`);
    for (const t of TENANT_TABLES) {
      await q.query(`DROP POLICY IF EXISTS tenant_isolation ON ${t}`);
      await q.query(`DROP POLICY IF EXISTS service_access ON ${t}`);
      await q.query(`ALTER TABLE ${t} NO FORCE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${t} DISABLE ROW LEVEL SECURITY`);
      await q.query(`REVOKE SELECT ON ${t} FROM ${READER_ROLE}`);
    }
    for (const schema of ['catalog', 'chat', 'warehouse']) await q.query(`REVOKE USAGE ON SCHEMA ${schema} FROM ${READER_ROLE}`);
    await q.query(`DROP INDEX chat.training_examples_scope_idx`);
    await q.query(`DROP INDEX chat.learned_synonyms_scope_idx`);
    for (const t of ['chat.learned_synonyms', 'chat.training_examples']) {
      await q.query(`ALTER TABLE ${t} DROP COLUMN tenant_wide`);
      await q.query(`ALTER TABLE ${t} DROP COLUMN owner`);
    }
    await q.query(`DROP INDEX catalog.models_tenant_key_version_idx`);
    await q.query(`ALTER TABLE catalog.models DROP COLUMN row_scope`);
    await q.query(`DROP INDEX catalog.datasets_tenant_name_idx`);
    for (const t of TENANT_TABLES) await q.query(`ALTER TABLE ${t} DROP COLUMN tenant_id`);
    await q.query(`ALTER TABLE catalog.datasets ADD CONSTRAINT datasets_name_key UNIQUE (name)`);
    await q.query(`ALTER TABLE catalog.models ADD CONSTRAINT models_model_key_version_key UNIQUE (model_key, version)`);
    await q.query(`ALTER TABLE chat.learned_synonyms ADD CONSTRAINT learned_synonyms_dataset_name_phrase_key UNIQUE (dataset_name, phrase)`);
    await q.query(`ALTER TABLE chat.training_examples ADD CONSTRAINT training_examples_dataset_name_question_key_key UNIQUE (dataset_name, question_key)`);
  }
}

/**
 * RLS on a table with a `tenant_id` column: FORCEd (its owner is held to it too, though a
 * superuser still is not), readable by the reader role only for the transaction's tenant. Other
 * features call this for the tables they add.
 */
export async function protectTenantTable(q: { query(sql: string): Promise<unknown> }, table: string): Promise<void> {
  await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
  await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
  // The InitPlan form evaluates the setting once per statement, not once per row.
  await q.query(`CREATE POLICY tenant_isolation ON ${table} USING (tenant_id = (SELECT current_setting('insightql.tenant_id', true)))`);
  await q.query(`GRANT SELECT ON ${table} TO ${READER_ROLE}`);
  // FORCE would hold a non-superuser service role that owns the tables to the policy too, and the
  // service's own catalog work spans tenants (key lookup, recovery): it keeps full access, the
  // reader does not. A superuser bypasses RLS anyway.
  await q.query(`DO $$ BEGIN
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
      EXECUTE format('CREATE POLICY service_access ON ${table} TO %I USING (true) WITH CHECK (true)', current_user);
    END IF;
  END $$`);
}
