import { stat } from 'node:fs/promises';
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { AppError, ErrorCode } from '../shared/errors.js';
import { plainColumn, readFlatColumns, valueAt, type FlatColumn } from './parquetColumns.js';
import { capRaw, type ColumnBlock, type ParsedSource, type RecordOrBad, type SourceRecord } from './types.js';

export interface ParquetOptions {
  /** First row to read (0-based, inclusive). */
  rowStart?: number;
  /** Row to stop before (0-based, exclusive). */
  rowEnd?: number;
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
/** Records handed on per batch, so the loader starts converting (and COPY runs) before a row group is done. */
const BATCH_ROWS = 8_192;

/** Parquet values as the converters expect them: safe BigInts as numbers, others as digit strings. */
export function cell(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  switch (typeof v) {
    case 'bigint':
      return v >= MIN_SAFE && v <= MAX_SAFE ? Number(v) : v.toString();
    case 'object':
      if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
      if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
      return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x instanceof Uint8Array ? Buffer.from(x).toString('base64') : x));
    default:
      return v;
  }
}

/** A parquet row whose raw text (for rejections) is only built when asked for. */
export class ParquetRecord implements SourceRecord {
  constructor(
    readonly line: number,
    readonly values: unknown[],
  ) {}

  get raw(): string {
    return capRaw(this.values.map((v) => (v === null ? '' : v instanceof Date ? v.toISOString() : String(v))).join(','));
  }
}

type Column = ArrayLike<unknown>;

/** One row group's columns (rows s..e of the file), decoded column-wise without building row objects. */
async function readGroup(file: AsyncBuffer, metadata: FileMetaData, labels: string[], groupStart: number, s: number, e: number): Promise<Column[]> {
  const parts = new Map<string, { rowStart: number; data: Column }[]>();
  try {
    await parquetRead({
      file,
      metadata,
      compressors,
      rowStart: s,
      rowEnd: e,
      onChunk: (c) => {
        let list = parts.get(c.columnName);
        if (!list) parts.set(c.columnName, (list = []));
        list.push({ rowStart: c.rowStart, data: c.columnData as Column });
      },
    });
  } catch (err) {
    // A damaged page (bad compression, thrift header or sizes) is the file's fault, not ours.
    throw new AppError(ErrorCode.UNSUPPORTED_FORMAT, `the parquet file is damaged in the row group starting at row ${groupStart + 1}: ${(err as Error).message}`, { row: groupStart + 1 });
  }
  return labels.map((name) => {
    const list = parts.get(name);
    if (!list?.length) throw new AppError(ErrorCode.UNSUPPORTED_FORMAT, `parquet column '${name}' has no data in the row group starting at row ${groupStart + 1}`);
    if (list.length === 1 && list[0]!.rowStart === s && list[0]!.data.length >= e - s) return list[0]!.data;
    // Several pages, or data outside the range: copy the rows wanted, in order.
    const out = new Array<unknown>(e - s);
    for (const part of list) {
      const from = Math.max(s, part.rowStart);
      const to = Math.min(e, part.rowStart + part.data.length);
      for (let r = from; r < to; r++) out[r - s] = part.data[r - part.rowStart];
    }
    return out;
  });
}

/** A block's rows as records. */
function blockRecords(b: ColumnBlock, width: number): RecordOrBad[] {
  const out = new Array<RecordOrBad>(b.end - b.start);
  for (let r = b.start; r < b.end; r++) {
    const values = new Array<unknown>(width);
    for (let j = 0; j < width; j++) values[j] = cell(valueAt(b.columns[j]!, r));
    out[r - b.start] = { ok: true, record: new ParquetRecord(b.firstLine + r - b.start, values) };
  }
  return out;
}

/**
 * Reads a parquet source one row group at a time (hyparquet decodes whole column chunks, so a
 * row group is the natural unit) and column-wise (no row objects from the reader): memory follows
 * the largest row group, not the file.
 */
export async function openParquetBuffer(file: AsyncBuffer, opts: ParquetOptions = {}): Promise<ParsedSource> {
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (e) {
    throw new AppError(ErrorCode.UNSUPPORTED_FORMAT, `not a readable parquet file: ${(e as Error).message}`);
  }
  const labels = parquetSchema(metadata).children.map((c) => c.element.name);
  const width = labels.length;
  const total = Number(metadata.num_rows);
  const from = Math.max(0, opts.rowStart ?? 0);
  const to = Math.min(total, opts.rowEnd ?? total);
  let rowsDone = 0;
  /** Row groups cut into blocks of BATCH_ROWS rows, decoded column-wise. */
  async function* blockStream(): AsyncGenerator<ColumnBlock> {
    let groupStart = 0;
    for (const [g, rg] of metadata.row_groups.entries()) {
      const groupEnd = groupStart + Number(rg.num_rows);
      const s = Math.max(from, groupStart);
      const e = Math.min(to, groupEnd);
      const start = groupStart;
      groupStart = groupEnd;
      if (s >= e) continue;
      // Flat files decode whole row groups on the fast path (the range is cut from it); nested ones through parquetRead.
      let cols: FlatColumn[] | null;
      try {
        cols = await readFlatColumns(file, metadata, g, labels, compressors);
      } catch (err) {
        // The fast path meets damage the same way parquetRead does: the file's fault, not ours.
        throw new AppError(ErrorCode.UNSUPPORTED_FORMAT, `the parquet file is damaged in the row group starting at row ${start + 1}: ${(err as Error).message}`, { row: start + 1 });
      }
      // Rows of the group are indexed from the group's start (fast path) or from s (parquetRead's range).
      const base = cols ? start : s;
      cols ??= (await readGroup(file, metadata, labels, start, s, e)).map(plainColumn);
      for (let b = s; b < e; b += BATCH_ROWS) {
        const end = Math.min(e, b + BATCH_ROWS);
        rowsDone += end - b;
        yield { firstLine: b + 1, start: b - base, end: end - base, columns: cols };
      }
      cols = null;
      if (groupStart >= to) return;
    }
  }
  const blocks = blockStream();
  async function* batches(): AsyncGenerator<RecordOrBad[]> {
    for (;;) {
      const n = await blocks.next();
      if (n.done) return;
      yield blockRecords(n.value, width);
    }
  }
  const records = batches();
  async function* each(): AsyncGenerator<RecordOrBad> {
    for await (const b of records) yield* b;
  }
  const span = Math.max(1, to - from);
  return { format: 'parquet', labels, records: each(), batches: records, blocks, bytesRead: () => Math.round((file.byteLength * rowsDone) / span) };
}

/** Opens a parquet file for streaming reads by row group, optionally a row range only. */
export async function openParquet(filePath: string, opts: ParquetOptions = {}): Promise<ParsedSource> {
  const { size } = await stat(filePath);
  if (size === 0) throw new AppError(ErrorCode.BAD_INPUT, 'file is empty');
  return openParquetBuffer(await asyncBufferFromFile(filePath), opts);
}
