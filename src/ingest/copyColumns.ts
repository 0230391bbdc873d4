import type { SqlType } from '../shared/catalog.js';
import type { CopyBuffer, RejectRow } from './copyRows.js';
import { copyEscape } from './copyText.js';
import type { SlashOrder } from './dateText.js';
import { makeFieldConverter, Rejected, type FieldConverter } from './inferTypes.js';
import { PLAIN_CODE, valueAt, type FlatColumn } from './parquetColumns.js';
import { cell, ParquetRecord } from './parquetSource.js';
import type { ColumnBlock } from './types.js';

/** Writes a block of decoded columns as COPY text rows; returns the rows read and loaded. */
export type BlockEncoder = (block: ColumnBlock, out: CopyBuffer, reject: RejectRow) => { read: number; loaded: number };

/**
 * COPY fields as UTF-8 bytes: field i is bytes[start[i]..start[i+1]), less its separator byte.
 * `bad[i]` says why field i does not convert (null: all do).
 */
interface FieldBytes {
  bytes: Buffer;
  start: Int32Array;
  bad: (string | null)[] | null;
  /** The longest field's bytes, separator included. */
  longest: number;
}

const NEWLINE = 10;
const TAB = 9;
const NULL_FIELD = '\\N';

/**
 * Fields joined by newlines and encoded at once, then split at the newline bytes: a COPY field
 * never holds a raw newline (text escapes it as \n; numbers, dates and booleans have none), and
 * no UTF-8 multibyte sequence contains the byte 10.
 */
function toBytes(fields: string[], bad: (string | null)[] | null): FieldBytes {
  fields.push('');
  const bytes = Buffer.from(fields.join('\n'), 'utf8');
  fields.pop();
  const start = new Int32Array(fields.length + 1);
  let k = 1;
  let longest = 0;
  for (let i = 0; i < bytes.length && k < start.length; i++) {
    if (bytes[i] !== NEWLINE) continue;
    start[k] = i + 1;
    longest = Math.max(longest, start[k]! - start[k - 1]!);
    k++;
  }
  return { bytes, start, bad, longest };
}

/**
 * The column-wise twin of makeRowEncoder (copyRows.ts), for parquet blocks. Each column's fields
 * are converted in one loop and encoded to UTF-8 at once; a dictionary's entries are converted
 * and encoded once and shared by every row that uses them (four of five columns of the flights
 * file); rows are then assembled by copying bytes. Joining per-row strings and encoding them was
 * most of the time of a parquet load. Values, conversions and rejections are the row encoder's:
 * the same converters over the same cell values.
 */
export function makeBlockEncoder(types: readonly SqlType[], labels: readonly string[], slashOrders?: readonly (SlashOrder | undefined)[]): BlockEncoder {
  const width = types.length;
  const converters: FieldConverter[] = types.map((t, i) => makeFieldConverter(t, { slashOrder: slashOrders?.[i] }));
  const isText = types.map((t) => t === 'text');
  const field = (j: number, v: unknown): string | Rejected => {
    const f = converters[j]!(cell(v));
    return f === null ? NULL_FIELD : f instanceof Rejected ? f : isText[j] ? copyEscape(f) : f;
  };
  /** A list of values as field bytes (the reasons of those that do not convert kept aside). */
  const convertAll = (j: number, n: number, valueOf: (i: number) => unknown, isNull: (i: number) => boolean): FieldBytes => {
    const fields = new Array<string>(n);
    let bad: (string | null)[] | null = null;
    for (let i = 0; i < n; i++) {
      if (isNull(i)) {
        fields[i] = NULL_FIELD;
        continue;
      }
      const f = field(j, valueOf(i));
      if (typeof f === 'string') fields[i] = f;
      else {
        (bad ??= new Array<string | null>(n).fill(null))[i] = f.reason;
        fields[i] = '';
      }
    }
    return toBytes(fields, bad);
  };
  // One dictionary per column chunk: its entries as field bytes, kept while the chunk is being read.
  const memo: { dictionary: unknown; fields: FieldBytes | null }[] = types.map(() => ({ dictionary: null, fields: null }));
  const dictionaryBytes = (j: number, d: ArrayLike<unknown>): FieldBytes => {
    const m = memo[j]!;
    if (m.dictionary !== d || !m.fields) {
      m.fields = convertAll(j, d.length, (k) => d[k], () => false);
      m.dictionary = d;
    }
    return m.fields;
  };

  return (block, out, reject) => {
    const { start, end } = block;
    const n = end - start;
    // Per column: the field bytes and, per row, which of them (dictionary entry or row's own).
    const sources: FieldBytes[] = [];
    const pick: Int32Array[] = [];
    for (let j = 0; j < width; j++) {
      const c: FlatColumn = block.columns[j]!;
      const { codes, plain } = c;
      const dict = c.dictionary ? dictionaryBytes(j, c.dictionary) : null;
      // Rows' own fields: plain values, and \N for nulls (a dictionary has no entry for them).
      const own = !dict || ownRows(codes, start, end) ? convertAll(j, n, (i) => plain![start + i], (i) => codes[start + i] !== PLAIN_CODE) : null;
      // Row i takes dictionary field codes[r], or its own field i (written -1 - i until merged).
      const which = new Int32Array(n);
      if (!dict) for (let i = 0; i < n; i++) which[i] = i;
      else if (!own) which.set(codes.subarray(start, end));
      else for (let i = 0; i < n; i++) which[i] = codes[start + i]! >= 0 ? codes[start + i]! : -1 - i;
      sources.push(dict && own ? mergeSources(dict, own, which) : (dict ?? own!));
      pick.push(which);
    }
    const anyBad = sources.some((x) => x.bad);
    // Room for the block at once: every row at most its columns' longest fields.
    const buf = out.reserve(n * sources.reduce((a, x) => a + x.longest, 0));
    const begin = out.length;
    let pos = begin;
    let loaded = 0;
    for (let i = 0; i < n; i++) {
      if (anyBad) {
        let failed = -1;
        for (let j = 0; j < width && failed < 0; j++) if (sources[j]!.bad?.[pick[j]![i]!]) failed = j;
        if (failed >= 0) {
          const r = start + i;
          const record = new ParquetRecord(block.firstLine + i, block.columns.map((c) => cell(valueAt(c, r))));
          reject(record.line, record.raw, `column '${labels[failed]}': ${sources[failed]!.bad![pick[failed]![i]!]}`);
          continue;
        }
      }
      for (let j = 0; j < width; j++) {
        const k = pick[j]![i]!;
        const src = sources[j]!;
        let a = src.start[k]!;
        const b = src.start[k + 1]! - 1;
        if (b - a > 32) {
          src.bytes.copy(buf, pos, a, b);
          pos += b - a;
        } else {
          const bytes = src.bytes;
          while (a < b) buf[pos++] = bytes[a++]!;
        }
        buf[pos++] = j === width - 1 ? NEWLINE : TAB;
      }
      loaded++;
    }
    out.advance(pos - begin);
    return { read: n, loaded };
  };
}

/** Whether rows start..end of a column have any row not taken from its dictionary (null or plain). */
function ownRows(codes: Int32Array, start: number, end: number): boolean {
  for (let r = start; r < end; r++) if (codes[r]! < 0) return true;
  return false;
}

/**
 * A column with both dictionary rows and rows of its own (a chunk whose dictionary overflowed):
 * one set of field bytes, the dictionary's first, the rows' own after, `which` rewritten to it.
 */
function mergeSources(dict: FieldBytes, own: FieldBytes, which: Int32Array): FieldBytes {
  const d = dict.start.length - 1;
  const bytes = Buffer.concat([dict.bytes, own.bytes]);
  const start = new Int32Array(d + own.start.length);
  start.set(dict.start.subarray(0, d), 0);
  for (let i = 0; i < own.start.length; i++) start[d + i] = own.start[i]! + dict.bytes.length;
  const bad = dict.bad || own.bad ? [...(dict.bad ?? new Array<null>(d).fill(null)), ...(own.bad ?? new Array<null>(own.start.length - 1).fill(null))] : null;
  for (let i = 0; i < which.length; i++) if (which[i]! < 0) which[i] = d + (-1 - which[i]!);
  return { bytes, start, bad, longest: Math.max(dict.longest, own.longest) };
}
