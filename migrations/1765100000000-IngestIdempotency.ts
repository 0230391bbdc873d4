import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An append may carry an idempotency key (the `Idempotency-Key` header of an upload, or the
 * `idempotencyKey` argument of `ingestDataset`): a resend with a key already applied to the
 * dataset adds no rows. Looked up under the dataset's lock, by dataset and key.
 */
export class IngestIdempotency1765100000000 implements MigrationInterface {
  name = 'IngestIdempotency1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE catalog.ingestion_runs ADD COLUMN idempotency_key text`);
    await q.query(`CREATE INDEX ingestion_runs_idempotency ON catalog.ingestion_runs (dataset_id, idempotency_key) WHERE idempotency_key IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE catalog.ingestion_runs DROP COLUMN idempotency_key`);
  }
}
