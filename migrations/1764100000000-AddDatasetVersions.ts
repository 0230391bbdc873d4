import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Non-destructive cleaning: every version of a dataset keeps its rows in its own warehouse table
 * (catalog.datasets.table_name points at the current one), with its lineage; and the dataset's
 * recipe, the ordered cleaning steps that are replayed on demand and on appended batches.
 */
export class AddDatasetVersions1764100000000 implements MigrationInterface {
  name = 'AddDatasetVersions1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE catalog.dataset_versions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      dataset_id uuid NOT NULL REFERENCES catalog.datasets(id) ON DELETE CASCADE,
      version integer NOT NULL,
      table_name text NOT NULL,
      parent_version integer,
      step text NOT NULL,
      params jsonb NOT NULL DEFAULT '{}'::jsonb,
      counts jsonb NOT NULL DEFAULT '{}'::jsonb,
      columns jsonb NOT NULL DEFAULT '[]'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by text,
      pruned_at timestamptz,
      UNIQUE (dataset_id, version)
    )`);
    await q.query(`CREATE TABLE catalog.recipes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      dataset_id uuid NOT NULL REFERENCES catalog.datasets(id) ON DELETE CASCADE,
      position integer NOT NULL,
      step text NOT NULL,
      params jsonb NOT NULL DEFAULT '{}'::jsonb,
      resolved jsonb,
      enabled boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (dataset_id, position)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE catalog.recipes`);
    await q.query(`DROP TABLE catalog.dataset_versions`);
  }
}
