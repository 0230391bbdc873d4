import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Saved questions (the board) and embed tokens. Saved questions live with the catalog and belong
 * to a tenant. Embed tokens and their signing secrets live in their own schema `embed`, which the
 * reader role user queries run as is never granted: secrets are never readable by a query.
 */
export class SavedQuestionsAndEmbedTokens1765300000000 implements MigrationInterface {
  name = 'SavedQuestionsAndEmbedTokens1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE catalog.saved_questions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id text NOT NULL,
      title text NOT NULL,
      question text NOT NULL,
      dataset text NOT NULL,
      plan jsonb NOT NULL,
      source_message_id uuid,
      created_by text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX saved_questions_tenant_idx ON catalog.saved_questions (tenant_id, created_at DESC)`);
    await q.query(`CREATE SCHEMA IF NOT EXISTS embed`);
    await q.query(`CREATE TABLE embed.signing_keys (
      tenant_id text PRIMARY KEY,
      secret text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE embed.tokens (
      id uuid PRIMARY KEY,
      tenant_id text NOT NULL,
      key_id text,
      datasets jsonb NOT NULL,
      row_filters jsonb NOT NULL,
      origins jsonb NOT NULL DEFAULT '[]'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz
    )`);
    await q.query(`CREATE INDEX embed_tokens_key_idx ON embed.tokens (tenant_id, key_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA embed CASCADE`);
    await q.query(`DROP TABLE catalog.saved_questions`);
  }
}
