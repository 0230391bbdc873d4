// The rows a load rejects: the first few kept for the report, the rest written to
// catalog.rejected_rows in batches, up to a cap beyond which they are only counted.
import type { IngestionRunEntity } from '../warehouse/entities/IngestionRunEntity.js';
import type { SqlRunner } from '../warehouse/sqlRunner.js';

/** Rejected rows kept per run; beyond it they are counted, not stored. */
export const MAX_STORED_REJECTS = 100_000;
/** Rejected rows written in one statement. */
const REJECT_BATCH = 500;
/** Rejected rows the report lists. */
const FIRST_REJECTIONS = 10;

export class RejectedRows {
  /** The first rejected rows with their reasons, for the report. */
  readonly first: { line: number; reason: string }[] = [];
  private pending: { line: number; raw: string; reason: string }[] = [];

  constructor(
    private readonly db: SqlRunner,
    private readonly run: IngestionRunEntity,
    /** The load's counts: `rejected` is the number rejected so far (counted by the caller, or set from the worker). */
    private readonly counts: { rejected: number },
  ) {}

  /** Keeps one rejected row (its raw text cut to 2,000 characters) for the report and the table. */
  keep(line: number, raw: string, reason: string): void {
    if (this.first.length < FIRST_REJECTIONS) this.first.push({ line, reason });
    if (this.counts.rejected <= MAX_STORED_REJECTS) this.pending.push({ line, raw: raw.slice(0, 2000), reason });
  }

  /** Rows a worker rejected since its last report, and its running total. */
  fromWorker(rows: { line: number; raw: string; reason: string }[], total: number): void {
    for (const r of rows) {
      this.counts.rejected++;
      this.keep(r.line, r.raw, r.reason);
    }
    this.counts.rejected = total;
  }

  /** Writes the rows held once a batch's worth is waiting. */
  async flushIfFull(): Promise<void> {
    if (this.pending.length >= REJECT_BATCH) await this.flush();
  }

  /** Writes every row held. */
  async flush(): Promise<void> {
    if (!this.pending.length) return;
    const batch = this.pending;
    this.pending = [];
    await this.db.query(
      `INSERT INTO catalog.rejected_rows (tenant_id, run_id, line, raw, reason) SELECT $5, $1::uuid, l, r, why FROM unnest($2::bigint[], $3::text[], $4::text[]) AS x(l, r, why)`,
      [this.run.id, batch.map((b) => b.line), batch.map((b) => b.raw), batch.map((b) => b.reason), this.run.tenantId],
    );
  }
}
