import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['detectors', 'detector_state', 'event_ids', 'event_log', 'alerts', 'alert_feedback', 'threshold_history', 'model_versions'];

/**
 * Real time: detectors and their per-segment state, accepted event ids (dedupe), the event log the
 * scorer drains (durable: an acknowledged event is scored even after a crash), alerts, verdicts,
 * threshold changes and model versions. Every table belongs to a tenant, with an RLS policy on it.
 */
export class CreateRealtime1765200000000 implements MigrationInterface {
  name = 'CreateRealtime1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS realtime`);
    await q.query(`CREATE TABLE realtime.detectors (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id text NOT NULL,
      dataset text NOT NULL,
      kind text NOT NULL,
      measure text,
      agg text NOT NULL,
      grain text,
      segment_by text,
      key_column text,
      window_size integer NOT NULL,
      threshold double precision NOT NULL,
      warmup integer NOT NULL,
      status text NOT NULL DEFAULT 'active',
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX detectors_dataset ON realtime.detectors (tenant_id, lower(dataset))`);
    await q.query(`CREATE TABLE realtime.detector_state (
      tenant_id text NOT NULL,
      detector_id uuid NOT NULL REFERENCES realtime.detectors(id) ON DELETE CASCADE,
      segment text NOT NULL,
      state jsonb NOT NULL,
      multiplier double precision NOT NULL DEFAULT 1,
      PRIMARY KEY (detector_id, segment))`);
    await q.query(`CREATE TABLE realtime.event_ids (
      tenant_id text NOT NULL,
      dataset text NOT NULL,
      event_id text NOT NULL,
      accepted_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, dataset, event_id))`);
    await q.query(`CREATE TABLE realtime.event_log (
      seq bigserial PRIMARY KEY,
      tenant_id text NOT NULL,
      dataset text NOT NULL,
      events jsonb NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      scored boolean NOT NULL DEFAULT false)`);
    await q.query(`CREATE INDEX event_log_unscored ON realtime.event_log (seq) WHERE NOT scored`);
    await q.query(`CREATE TABLE realtime.alerts (
      id bigserial PRIMARY KEY,
      tenant_id text NOT NULL,
      dataset text NOT NULL,
      detector_id uuid NOT NULL REFERENCES realtime.detectors(id) ON DELETE CASCADE,
      event_seq bigint NOT NULL,
      event_index integer NOT NULL,
      event_time timestamptz,
      segment text NOT NULL,
      value jsonb,
      expected double precision,
      lower_bound double precision,
      upper_bound double precision,
      score double precision NOT NULL,
      threshold double precision NOT NULL,
      severity double precision NOT NULL,
      model_version integer NOT NULL DEFAULT 0,
      received_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (detector_id, event_seq, event_index, segment))`);
    await q.query(`CREATE INDEX alerts_dataset ON realtime.alerts (tenant_id, lower(dataset), id)`);
    await q.query(`CREATE TABLE realtime.alert_feedback (
      id bigserial PRIMARY KEY,
      tenant_id text NOT NULL,
      alert_id bigint NOT NULL REFERENCES realtime.alerts(id) ON DELETE CASCADE,
      verdict text NOT NULL,
      note text,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE realtime.threshold_history (
      id bigserial PRIMARY KEY,
      tenant_id text NOT NULL,
      detector_id uuid NOT NULL REFERENCES realtime.detectors(id) ON DELETE CASCADE,
      segment text NOT NULL,
      threshold_before double precision NOT NULL,
      threshold_after double precision NOT NULL,
      verdict text NOT NULL,
      alert_id bigint,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE realtime.model_versions (
      id bigserial PRIMARY KEY,
      tenant_id text NOT NULL,
      detector_id uuid NOT NULL REFERENCES realtime.detectors(id) ON DELETE CASCADE,
      segment text NOT NULL,
      version integer NOT NULL,
      model text NOT NULL,
      reason text NOT NULL,
      backtest_mae_before double precision,
      live_mae_before double precision,
      backtest_mae_after double precision NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
    for (const t of TABLES) {
      await q.query(`ALTER TABLE realtime.${t} ENABLE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY tenant_isolation ON realtime.${t} USING (tenant_id = current_setting('insightql.tenant_id', true)) WITH CHECK (tenant_id = current_setting('insightql.tenant_id', true))`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA realtime CASCADE`);
  }
}
