import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from './1765000000000-Tenancy.js';

/**
 * Saved questions live in `catalog`, whose tables the reader role can read through the default
 * privileges of the tenancy migration: without a policy, a user query could read every tenant's.
 * They get the same FORCEd tenant policy as every other catalog table. (`embed.*` is in a schema the
 * reader is never granted, and `realtime.*` likewise.)
 */
export class SavedQuestionsRls1765700000000 implements MigrationInterface {
  name = 'SavedQuestionsRls1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await protectTenantTable(q, 'catalog.saved_questions');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP POLICY IF EXISTS tenant_isolation ON catalog.saved_questions`);
    await q.query(`DROP POLICY IF EXISTS service_access ON catalog.saved_questions`);
    await q.query(`ALTER TABLE catalog.saved_questions NO FORCE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE catalog.saved_questions DISABLE ROW LEVEL SECURITY`);
  }
}
