import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type IngestionStatus = 'running' | 'succeeded' | 'failed' | 'unchanged';
export type IngestionMode = 'create' | 'replace' | 'append';

const bigintNumber = { to: (v: number) => v, from: (v: string | number | null) => (v == null ? 0 : Number(v)) };

/** One attempt to load a file or stream into a dataset, successful or not. */
@Entity({ schema: 'catalog', name: 'ingestion_runs' })
export class IngestionRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The tenant that owns it (see src/auth/principal.ts). */
  @Column({ type: 'text', name: 'tenant_id' })
  tenantId!: string;

  /** Null until the dataset exists (a failed first load never creates one). */
  @Column({ type: 'uuid', name: 'dataset_id', nullable: true })
  datasetId!: string | null;

  @Column({ type: 'text', name: 'dataset_name' })
  datasetName!: string;

  @Column({ type: 'text' })
  status!: IngestionStatus;

  @Column({ type: 'text' })
  mode!: IngestionMode;

  @Column({ type: 'text', nullable: true })
  format!: string | null;

  @Column({ type: 'text', nullable: true })
  source!: string | null;

  @Column({ type: 'text', name: 'content_hash', nullable: true })
  contentHash!: string | null;

  /** The client's idempotency key of an append: a resend with the same key adds nothing. */
  @Column({ type: 'text', name: 'idempotency_key', nullable: true })
  idempotencyKey!: string | null;

  @Column({ type: 'bigint', name: 'rows_read', default: 0, transformer: bigintNumber })
  rowsRead!: number;

  @Column({ type: 'bigint', name: 'rows_loaded', default: 0, transformer: bigintNumber })
  rowsLoaded!: number;

  @Column({ type: 'bigint', name: 'rows_rejected', default: 0, transformer: bigintNumber })
  rowsRejected!: number;

  @Column({ type: 'bigint', default: 0, transformer: bigintNumber })
  bytes!: number;

  @Column({ type: 'timestamptz', name: 'started_at' })
  startedAt!: Date;

  @Column({ type: 'timestamptz', name: 'finished_at', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'integer', name: 'duration_ms', nullable: true })
  durationMs!: number | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ type: 'text', name: 'error_code', nullable: true })
  errorCode!: string | null;

  /** What the dataset's cleaning recipe did to this load (appends and replaces of a cleaned dataset). */
  @Column({ type: 'jsonb', nullable: true })
  recipe!: RecipeReplayReport | null;
}

/** Which recipe steps a load went through, and which it skipped and why. */
export interface RecipeReplayReport {
  /** `input`: the batch had the recipe's source columns and went through every step; `current`: it had the cleaned columns; `rerun`: a replacing load, cleaned from scratch. */
  shape: 'input' | 'current' | 'rerun';
  applied: string[];
  skipped: { step: string; reason: string }[];
}
