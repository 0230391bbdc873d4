import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Conversation retention deletes by last use; this keeps that delete from scanning every conversation. */
export class ConversationRetention1765100000001 implements MigrationInterface {
  name = 'ConversationRetention1765100000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX conversations_updated_idx ON chat.conversations (updated_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX chat.conversations_updated_idx`);
  }
}
