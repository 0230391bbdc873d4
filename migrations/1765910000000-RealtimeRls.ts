import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['detectors', 'detector_state', 'event_ids', 'event_log', 'alerts', 'alert_feedback', 'threshold_history', 'model_versions'];

/**
 * The realtime tables had RLS enabled but not FORCEd: a service role that owns them (not a
 * superuser, as on a managed database) was not held to the tenant policy, so one forgotten
 * `tenant_id = $1` in a query would read across tenants. FORCE holds the owner too; the policy is
 * recreated in the InitPlan form (the setting is read once per statement). The scorer and the
 * recovery work drain the event log across tenants on the service connection, so the service role
 * (when it is not a superuser, which bypasses RLS anyway) gets its own policy, as the catalog
 * tables do (`protectTenantTable`). The reader role that user queries run as is granted nothing in
 * `realtime`: a user query cannot name these tables at all.
 */
export class RealtimeRls1765910000000 implements MigrationInterface {
  name = 'RealtimeRls1765910000000';

  async up(q: QueryRunner): Promise<void> {
    for (const t of TABLES) {
      const table = `realtime.${t}`;
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`DROP POLICY IF EXISTS tenant_isolation ON ${table}`);
      await q.query(`CREATE POLICY tenant_isolation ON ${table} USING (tenant_id = (SELECT current_setting('insightql.tenant_id', true))) WITH CHECK (tenant_id = (SELECT current_setting('insightql.tenant_id', true)))`);
      await q.query(`DO $$ BEGIN
        IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
          EXECUTE format('CREATE POLICY service_access ON ${table} TO %I USING (true) WITH CHECK (true)', current_user);
        END IF;
      END $$`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of TABLES) {
      await q.query(`DROP POLICY IF EXISTS service_access ON realtime.${t}`);
      await q.query(`ALTER TABLE realtime.${t} NO FORCE ROW LEVEL SECURITY`);
    }
  }
}
