import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from './1765000000000-Tenancy.js';

/**
 * Recommendations: what users opened (a recommended question or auto insight), per tenant and
 * dataset, with the conversation it was opened from (deleted with it by retention) and its owner.
 * The table gets the FORCEd tenant policy every chat table has. Indexes let the recommender
 * read a dataset's recent questions and the tenant's latest verdict without scanning every tenant's.
 */
export class OpenedItems1765910000001 implements MigrationInterface {
  name = 'OpenedItems1765910000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE chat.opened_items (
      id bigserial PRIMARY KEY,
      tenant_id text NOT NULL,
      dataset text NOT NULL,
      conversation_id uuid REFERENCES chat.conversations(id) ON DELETE CASCADE,
      owner text,
      kind text NOT NULL CHECK (kind IN ('question', 'insight')),
      item_id text NOT NULL,
      text text NOT NULL,
      opened_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX opened_items_dataset_idx ON chat.opened_items (tenant_id, lower(dataset), id DESC)`);
    await q.query(`CREATE INDEX messages_tenant_dataset_idx ON chat.messages (tenant_id, lower(dataset), created_at DESC)`);
    await q.query(`CREATE INDEX feedback_tenant_idx ON chat.feedback (tenant_id, created_at DESC)`);
    await protectTenantTable(q, 'chat.opened_items');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS chat.messages_tenant_dataset_idx`);
    await q.query(`DROP INDEX IF EXISTS chat.feedback_tenant_idx`);
    await q.query(`DROP TABLE chat.opened_items`);
  }
}
