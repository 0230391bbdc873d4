import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The catalog: datasets, their columns, ingestion runs and rejected rows; plus the warehouse schema. */
export class CreateCatalog1764000000000 implements MigrationInterface {
  name = 'CreateCatalog1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS catalog`);
    await q.query(`CREATE SCHEMA IF NOT EXISTS warehouse`);
    await q.query(`CREATE TABLE catalog.datasets (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL UNIQUE,
      label text NOT NULL,
      table_name text NOT NULL UNIQUE,
      row_count bigint NOT NULL DEFAULT 0,
      source_format text,
      content_hash text,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE catalog.columns (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      dataset_id uuid NOT NULL REFERENCES catalog.datasets(id) ON DELETE CASCADE,
      position integer NOT NULL,
      name text NOT NULL,
      label text NOT NULL,
      sql_type text NOT NULL,
      role text NOT NULL,
      stats jsonb,
      UNIQUE (dataset_id, name)
    )`);
    await q.query(`CREATE INDEX columns_dataset_idx ON catalog.columns (dataset_id, position)`);
    await q.query(`CREATE TABLE catalog.ingestion_runs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      dataset_id uuid REFERENCES catalog.datasets(id) ON DELETE SET NULL,
      dataset_name text NOT NULL,
      status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'unchanged')),
      mode text NOT NULL CHECK (mode IN ('create', 'replace', 'append')),
      format text,
      source text,
      content_hash text,
      rows_read bigint NOT NULL DEFAULT 0,
      rows_loaded bigint NOT NULL DEFAULT 0,
      rows_rejected bigint NOT NULL DEFAULT 0,
      bytes bigint NOT NULL DEFAULT 0,
      started_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      duration_ms integer,
      error text,
      error_code text
    )`);
    await q.query(`CREATE INDEX ingestion_runs_dataset_idx ON catalog.ingestion_runs (dataset_id, started_at DESC)`);
    await q.query(`CREATE INDEX ingestion_runs_hash_idx ON catalog.ingestion_runs (dataset_name, content_hash) WHERE status = 'succeeded'`);
    await q.query(`CREATE TABLE catalog.rejected_rows (
      id bigserial PRIMARY KEY,
      run_id uuid NOT NULL REFERENCES catalog.ingestion_runs(id) ON DELETE CASCADE,
      line bigint NOT NULL,
      raw text NOT NULL,
      reason text NOT NULL
    )`);
    await q.query(`CREATE INDEX rejected_rows_run_idx ON catalog.rejected_rows (run_id, line)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE catalog.rejected_rows`);
    await q.query(`DROP TABLE catalog.ingestion_runs`);
    await q.query(`DROP TABLE catalog.columns`);
    await q.query(`DROP TABLE catalog.datasets`);
  }
}
