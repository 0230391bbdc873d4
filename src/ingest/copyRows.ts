import type { SqlType } from '../shared/catalog.js';
import { copyEscape } from './copyText.js';
import type { SlashOrder } from './dateText.js';
import { makeConverter, type Converter } from './inferTypes.js';
import type { RecordOrBad } from './types.js';

export type RejectRow = (line: number, raw: string, reason: string) => void;

/** Turns batches of source records into COPY text lines (no trailing newline), one per loadable row. */
export type RowEncoder = (batch: readonly RecordOrBad[], out: string[], reject: RejectRow) => { read: number; loaded: number; chars: number };

/**
 * A row encoder for a target's column types: each value goes through its column's converter; only
 * text can hold the characters COPY escapes (the other converters emit digits, signs, dates and
 * t/f), so only text is escaped. A row with a value that does not convert is passed to `reject`
 * with the column's label, its line and its raw text (built only then); it is not emitted.
 */
export function makeRowEncoder(types: readonly SqlType[], labels: readonly string[], slashOrders?: readonly (SlashOrder | undefined)[]): RowEncoder {
  const width = types.length;
  const converters: Converter[] = types.map((t, i) => makeConverter(t, { slashOrder: slashOrders?.[i] }));
  const escape = types.map((t) => t === 'text');
  return (batch, out, reject) => {
    let loaded = 0;
    let chars = 0;
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
        const c = converters[i]!(values[i] ?? null);
        if (!c.ok) {
          failed = c.reason;
          break;
        }
        const v = c.value;
        const f = v === null ? '\\N' : escape[i] ? copyEscape(v) : v;
        line = i === 0 ? f : line + '\t' + f;
      }
      if (failed !== null) {
        reject(r.record.line, r.record.raw, `column '${labels[i]}': ${failed}`);
        continue;
      }
      out.push(line);
      chars += line.length + 1;
      loaded++;
    }
    return { read: batch.length, loaded, chars };
  };
}
