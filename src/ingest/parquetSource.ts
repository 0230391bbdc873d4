import { stat } from 'node:fs/promises';
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { AppError, ErrorCode } from '../shared/errors.js';
import { capRaw, type ParsedSource, type RecordOrBad, type SourceRecord } from './types.js';

export interface ParquetOptions {
  /** First row to read (0-based, inclusive). */
  rowStart?: number;
  /** Row to stop before (0-based, exclusive). */
  rowEnd?: number;
}

/** Parquet values as the converters expect them: safe BigInts as numbers, others as digit strings. */
function cell(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  switch (typeof v) {
    case 'bigint':
      return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
    case 'object':
      if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
      if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
      return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x instanceof Uint8Array ? Buffer.from(x).toString('base64') : x));
    default:
      return v;
  }
}

/** A parquet row whose raw text (for rejections) is only built when asked for. */
class ParquetRecord implements SourceRecord {
  constructor(
    readonly line: number,
    readonly values: unknown[],
  ) {}

  get raw(): string {
    return capRaw(this.values.map((v) => (v === null ? '' : v instanceof Date ? v.toISOString() : String(v))).join(','));
  }
}

/**
 * Reads a parquet source one row group at a time (hyparquet decodes whole column chunks, so a
 * row group is the natural unit): memory follows the largest row group, not the file.
 */
export async function openParquetBuffer(file: AsyncBuffer, opts: ParquetOptions = {}): Promise<ParsedSource> {
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (e) {
    throw new AppError(ErrorCode.UNSUPPORTED_FORMAT, `not a readable parquet file: ${(e as Error).message}`);
  }
  const labels = parquetSchema(metadata).children.map((c) => c.element.name);
  const total = Number(metadata.num_rows);
  const from = Math.max(0, opts.rowStart ?? 0);
  const to = Math.min(total, opts.rowEnd ?? total);
  let rowsDone = 0;
  async function* records(): AsyncGenerator<RecordOrBad> {
    let groupStart = 0;
    for (const rg of metadata.row_groups) {
      const groupEnd = groupStart + Number(rg.num_rows);
      const s = Math.max(from, groupStart);
      const e = Math.min(to, groupEnd);
      groupStart = groupEnd;
      if (s >= e) continue;
      let rows: unknown[][] = [];
      await parquetRead({ file, metadata, compressors, rowStart: s, rowEnd: e, onComplete: (r: unknown[][]) => (rows = r) });
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        const values = new Array<unknown>(row.length);
        for (let j = 0; j < row.length; j++) values[j] = cell(row[j]);
        rowsDone++;
        yield { ok: true, record: new ParquetRecord(s + i + 1, values) };
      }
      rows = [];
      if (groupStart >= to) return;
    }
  }
  const span = Math.max(1, to - from);
  return { format: 'parquet', labels, records: records(), bytesRead: () => Math.round((file.byteLength * rowsDone) / span) };
}

/** Opens a parquet file for streaming reads by row group, optionally a row range only. */
export async function openParquet(filePath: string, opts: ParquetOptions = {}): Promise<ParsedSource> {
  const { size } = await stat(filePath);
  if (size === 0) throw new AppError(ErrorCode.BAD_INPUT, 'file is empty');
  return openParquetBuffer(await asyncBufferFromFile(filePath), opts);
}
