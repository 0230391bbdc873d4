import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The model registry: every trained model (trend, seasonality, change points, anomalies, forecast)
 * with what it was trained on, so a request can reuse it while the data has not changed.
 * `model_key` identifies "the same question" (dataset, kind, measure, grain, segment, range,
 * parameters); `version` counts retrainings of one key.
 */
export class CreateModelRegistry1764200000000 implements MigrationInterface {
  name = 'CreateModelRegistry1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE catalog.models (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      dataset_id uuid NOT NULL REFERENCES catalog.datasets(id) ON DELETE CASCADE,
      model_key text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('trend', 'seasonality', 'changepoints', 'anomalies', 'forecast')),
      measure text,
      agg text NOT NULL,
      grain text NOT NULL,
      time_column text NOT NULL,
      segment_column text,
      segment_value jsonb,
      range_spec jsonb,
      params jsonb NOT NULL DEFAULT '{}'::jsonb,
      state jsonb NOT NULL,
      series jsonb NOT NULL,
      selection text NOT NULL,
      metrics jsonb,
      notes jsonb NOT NULL DEFAULT '[]'::jsonb,
      data_from text,
      data_to text,
      points_used integer NOT NULL,
      rows_used bigint NOT NULL,
      dataset_version integer NOT NULL,
      dataset_rows bigint NOT NULL,
      dataset_table text NOT NULL,
      version integer NOT NULL,
      trained_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (model_key, version)
    )`);
    await q.query(`CREATE INDEX models_dataset_idx ON catalog.models (dataset_id, trained_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE catalog.models`);
  }
}
