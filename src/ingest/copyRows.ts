import type { SqlType } from '../shared/catalog.js';
import { copyEscape } from './copyText.js';
import type { SlashOrder } from './dateText.js';
import { makeFieldConverter, Rejected, type FieldConverter } from './inferTypes.js';
import type { RecordOrBad } from './types.js';

export type RejectRow = (line: number, raw: string, reason: string) => void;

/**
 * COPY text gathered as bytes, whole rows at a time, handed out in chunks. Rows never outlive their
 * batch as strings: lines kept until a chunk is full would keep every parsed chunk they slice
 * alive, and that promoted hundreds of MB of garbage per million rows into the old generation.
 */
export class CopyBuffer {
  private buf: Buffer;
  private pos = 0;

  constructor(private readonly initialBytes = 320 * 1024) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.pos;
  }

  /** Whole rows of COPY text (each ending in a newline), written as UTF-8. */
  rows(text: string): void {
    const need = this.pos + text.length * 3;
    if (need > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, need));
      this.buf.copy(next, 0, 0, this.pos);
      this.buf = next;
    }
    this.pos += this.buf.write(text, this.pos, 'utf8');
  }

  /** Room for `bytes` more bytes at `length`: the buffer to write them into (then `advance`). */
  reserve(bytes: number): Buffer {
    if (this.pos + bytes > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + bytes));
      this.buf.copy(next, 0, 0, this.pos);
      this.buf = next;
    }
    return this.buf;
  }

  /** Counts `bytes` written into the buffer `reserve` gave (whole rows only). */
  advance(bytes: number): void {
    this.pos += bytes;
  }

  /** Hands out the rows written so far (a buffer of its own, transferable) and starts an empty one. */
  take(): Buffer {
    const out = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(this.initialBytes);
    this.pos = 0;
    return out;
  }
}

/** Writes batches of source records as COPY text rows; returns the rows read and loaded. */
export type RowEncoder = (batch: readonly RecordOrBad[], out: CopyBuffer, reject: RejectRow) => { read: number; loaded: number };

/**
 * A row encoder for a target's column types: each value goes through its column's converter; only
 * text can hold the characters COPY escapes (the other converters emit digits, signs, dates and
 * t/f), so only text is escaped. A row with a value that does not convert is passed to `reject`
 * with the column's label, its line and its raw text (built only then); nothing of it is written.
 */
export function makeRowEncoder(types: readonly SqlType[], labels: readonly string[], slashOrders?: readonly (SlashOrder | undefined)[]): RowEncoder {
  const width = types.length;
  const converters: FieldConverter[] = types.map((t, i) => makeFieldConverter(t, { slashOrder: slashOrders?.[i] }));
  const isText = types.map((t) => t === 'text');
  return (batch, out, reject) => {
    let loaded = 0;
    // Rows are joined per batch and written once: a native write per field costs more than the
    // joins, and the strings die with the batch (no row outlives it, so none is promoted).
    const lines: string[] = [];
    for (const r of batch) {
      if (!r.ok) {
        reject(r.bad.line, r.bad.raw, r.bad.reason);
        continue;
      }
      const values = r.record.values;
      let line = '';
      let failed: string | null = null;
      let i = 0;
      for (; i < width; i++) {
        const v = converters[i]!(values[i] ?? null);
        if (v instanceof Rejected) {
          failed = v.reason;
          break;
        }
        const f = v === null ? '\\N' : isText[i] ? copyEscape(v) : v;
        line = i === 0 ? f : line + '\t' + f;
      }
      if (failed !== null) {
        reject(r.record.line, r.record.raw, `column '${labels[i]}': ${failed}`);
        continue;
      }
      lines.push(line);
      loaded++;
    }
    if (lines.length) {
      lines.push('');
      out.rows(lines.join('\n'));
    }
    return { read: batch.length, loaded };
  };
}
