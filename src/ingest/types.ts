import type { FlatColumn } from './parquetColumns.js';

/** Source formats the ingest core can read. */
export type Format = 'csv' | 'tsv' | 'json' | 'ndjson' | 'parquet';

/**
 * One source record; `values` aligned with the header (null for missing).
 * `line` locates it in the source: the 1-based physical line where it starts for csv, tsv and
 * ndjson, the 1-based element position for json (arrays are often one long line), the 1-based
 * row position for parquet.
 */
export interface SourceRecord {
  line: number;
  values: unknown[];
  raw: string;
}

/** A record that cannot be aligned (wrong field count, malformed JSON line…). */
export interface BadRecord {
  line: number;
  raw: string;
  reason: string;
}

export type RecordOrBad = { ok: true; record: SourceRecord } | { ok: false; bad: BadRecord };

export interface ParsedSource {
  format: Format;
  labels: string[];
  records: AsyncIterable<RecordOrBad>;
  /** The same records as `records`, an array per parsed chunk (no await per row). Iterate one of the two, not both. */
  batches: AsyncIterable<RecordOrBad[]>;
  bytesRead(): number;
  /**
   * Parquet: the same stream as `batches`, column-wise (no record per row). It continues where
   * `batches` stopped, so a loader reads its sample as records and the rest as blocks.
   */
  blocks?: AsyncIterator<ColumnBlock>;
}

/** Rows start..end (exclusive) of decoded columns; the first is source line `firstLine`. */
export interface ColumnBlock {
  firstLine: number;
  start: number;
  end: number;
  columns: FlatColumn[];
}

/** `records` and `batches` over one batch generator (iterate one of them). */
export function recordsAndBatches(batches: AsyncGenerator<RecordOrBad[]>): { records: AsyncIterable<RecordOrBad>; batches: AsyncIterable<RecordOrBad[]> } {
  async function* records(): AsyncGenerator<RecordOrBad> {
    for await (const b of batches) yield* b;
  }
  return { records: records(), batches };
}

/** Groups a record stream into arrays, for sources that produce one record at a time. */
export async function* batchRecords(records: AsyncIterable<RecordOrBad>, size = 1_000): AsyncGenerator<RecordOrBad[]> {
  let b: RecordOrBad[] = [];
  for await (const r of records) {
    b.push(r);
    if (b.length >= size) {
      yield b;
      b = [];
    }
  }
  if (b.length) yield b;
}

/** Longest `raw` text kept per record, so a 5 MB line is never copied around. */
export const RAW_MAX_CHARS = 2_000;

/** Caps a record's raw text at RAW_MAX_CHARS, copied so it does not pin a large parent string. */
export function capRaw(s: string): string {
  if (s.length <= RAW_MAX_CHARS) return s;
  // A plain slice would be a V8 "sliced string" that keeps the whole multi-megabyte parent alive.
  return Buffer.from(s.slice(0, RAW_MAX_CHARS)).toString();
}

/** Builds a failed RecordOrBad. */
export function bad(line: number, raw: string, reason: string): RecordOrBad {
  return { ok: false, bad: { line, raw: capRaw(raw), reason } };
}
