import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Appends merge the batch's profile into the dataset's instead of profiling the whole table again;
 * this counts the rows appended since the last whole profile, so one runs again before the merged
 * figures drift (see src/ingest/profileMerge.ts).
 */
export class AppendProfile1764500000000 implements MigrationInterface {
  name = 'AppendProfile1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE catalog.datasets ADD COLUMN appended_since_profile bigint NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE catalog.datasets DROP COLUMN appended_since_profile`);
  }
}
