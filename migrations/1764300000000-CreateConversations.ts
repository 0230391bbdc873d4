import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The chat layer's memory: conversations and their messages (so follow-ups work across restarts),
 * feedback on answers, what feedback taught (learned synonyms and training examples, per dataset
 * name so they survive a dataset being replaced), and the trained intent model, stored so it is
 * not retrained at every start.
 */
export class CreateConversations1764300000000 implements MigrationInterface {
  name = 'CreateConversations1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS chat`);
    await q.query(`CREATE TABLE chat.conversations (
      id uuid PRIMARY KEY,
      owner text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE chat.messages (
      id uuid PRIMARY KEY,
      conversation_id uuid NOT NULL REFERENCES chat.conversations(id) ON DELETE CASCADE,
      seq integer NOT NULL,
      role text NOT NULL CHECK (role IN ('user', 'assistant')),
      question text NOT NULL,
      dataset text,
      plan jsonb,
      answer jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (conversation_id, seq)
    )`);
    await q.query(`CREATE TABLE chat.feedback (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      message_id uuid NOT NULL REFERENCES chat.messages(id) ON DELETE CASCADE,
      helpful boolean NOT NULL,
      correction jsonb,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX feedback_message_idx ON chat.feedback (message_id)`);
    await q.query(`CREATE TABLE chat.learned_synonyms (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      dataset_name text NOT NULL,
      phrase text NOT NULL,
      target jsonb NOT NULL,
      message_id uuid REFERENCES chat.messages(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (dataset_name, phrase)
    )`);
    await q.query(`CREATE TABLE chat.training_examples (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      dataset_name text NOT NULL,
      question_key text NOT NULL,
      text text NOT NULL,
      intent text NOT NULL,
      query jsonb,
      message_id uuid REFERENCES chat.messages(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (dataset_name, question_key)
    )`);
    await q.query(`CREATE TABLE chat.intent_models (
      fingerprint text PRIMARY KEY,
      model text NOT NULL,
      examples integer NOT NULL,
      trained_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA chat CASCADE`);
  }
}
