import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Full recipe replay on new data: the columns a dataset's recipe starts from (so a batch in the
 * source's shape can be typed and passed through every step), which of its steps the current rows
 * went through (all, unless a revert went back past some), and what each load's replay did.
 */
export class RecipeReplay1764400000000 implements MigrationInterface {
  name = 'RecipeReplay1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE catalog.datasets ADD COLUMN recipe_input jsonb`);
    // Positions of the recipe steps the current rows went through, when a revert made it fewer than all.
    await q.query(`ALTER TABLE catalog.datasets ADD COLUMN recipe_active jsonb`);
    await q.query(`ALTER TABLE catalog.ingestion_runs ADD COLUMN recipe jsonb`);
    // Recipes started before this column: they started from the first recorded load.
    await q.query(`UPDATE catalog.datasets d SET recipe_input = v.columns
      FROM catalog.dataset_versions v
      WHERE v.dataset_id = d.id AND v.step = 'ingest'
        AND v.version = (SELECT min(version) FROM catalog.dataset_versions w WHERE w.dataset_id = d.id)
        AND EXISTS (SELECT 1 FROM catalog.recipes r WHERE r.dataset_id = d.id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE catalog.ingestion_runs DROP COLUMN recipe`);
    await q.query(`ALTER TABLE catalog.datasets DROP COLUMN recipe_active`);
    await q.query(`ALTER TABLE catalog.datasets DROP COLUMN recipe_input`);
  }
}
