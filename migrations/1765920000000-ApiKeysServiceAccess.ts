import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `catalog.api_keys` was FORCEd with no policy at all, so a service role that owns the tables but is
 * not a superuser (as on a managed database) could not create or look up a key: "new row violates
 * row-level security policy". Keys span tenants by nature (the lookup finds the tenant), so the
 * service role gets full access, as on the other catalog tables; the reader role still gets no
 * policy and no grant, so user queries never see a key.
 */
export class ApiKeysServiceAccess1765920000000 implements MigrationInterface {
  name = 'ApiKeysServiceAccess1765920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DO $$ BEGIN
      IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
         AND NOT EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = 'catalog.api_keys'::regclass AND polname = 'service_access') THEN
        EXECUTE format('CREATE POLICY service_access ON catalog.api_keys TO %I USING (true) WITH CHECK (true)', current_user);
      END IF;
    END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP POLICY IF EXISTS service_access ON catalog.api_keys`);
  }
}
