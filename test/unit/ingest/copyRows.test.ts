import { describe, expect, it } from 'vitest';
import { CopyBuffer, makeRowEncoder } from '../../../src/ingest/copyRows.js';
import { isPlainDecimal, isPlainInt, makeConverter } from '../../../src/ingest/inferTypes.js';
import { parseNumberText } from '../../../src/ingest/numberText.js';
import type { RecordOrBad } from '../../../src/ingest/types.js';

const rec = (line: number, values: unknown[]): RecordOrBad => ({ ok: true, record: { line, values, raw: values.join(',') } });

/** COPY text-format decoding as the Postgres docs describe it, written independently. */
function decode(text: string): (string | null)[][] {
  const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\' };
  return text
    .split('\n')
    .slice(0, -1)
    .map((line) => line.split('\t').map((f) => (f === '\\N' ? null : f.replace(/\\(.)/g, (_m, c: string) => map[c] ?? c))));
}

describe('makeRowEncoder', () => {
  it('writes COPY rows that decode back to the converted values, and rejects a row whole', () => {
    const encode = makeRowEncoder(['integer', 'text', 'timestamp', 'boolean'], ['id', 'note', 'at', 'ok']);
    const out = new CopyBuffer(16); // tiny, so the buffer has to grow
    const rejected: [number, string][] = [];
    const r = encode(
      [
        rec(2, ['1', 'plain', '2020-01-01 00:01', 'true']),
        rec(3, ['2', 'tab\there\\ and\nnewline\r, Zürich 東京', null, 'no']),
        rec(4, ['x', 'never written', '2020-01-01', 'true']),
        { ok: false, bad: { line: 5, raw: '…', reason: 'expected 4 fields, found 3' } },
        rec(6, ['', '', '2020-02-30', 't']),
      ],
      out,
      (line, _raw, reason) => rejected.push([line, reason]),
    );
    expect(r).toEqual({ read: 5, loaded: 2 });
    expect(decode(out.take().toString('utf8'))).toEqual([
      ['1', 'plain', '2020-01-01T00:01:00.000Z', 't'],
      ['2', 'tab\there\\ and\nnewline\r, Zürich 東京', null, 'f'],
    ]);
    expect(rejected).toEqual([
      [4, "column 'id': 'x' is not an integer"],
      [5, 'expected 4 fields, found 3'],
      [6, "column 'at': '2020-02-30' is not a timestamp"],
    ]);
    expect(out.length).toBe(0);
  });
});

describe('number fast paths', () => {
  it('isPlainInt accepts exactly the texts String(Number(s)) gives back, up to 9 digits', () => {
    let seed = 5;
    const pieces = ['0', '1', '9', '-', '+', '.', ' ', 'e', '5'];
    let accepted = 0;
    for (let k = 0; k < 20_000; k++) {
      let s = '';
      const len = 1 + (k % 11);
      for (let i = 0; i < len; i++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        s += pieces[seed % pieces.length];
      }
      const reference = /^-?\d{1,9}$/.test(s) && String(Number(s)) === s;
      expect(isPlainInt(s), s).toBe(reference);
      if (reference) accepted++;
    }
    expect(accepted).toBeGreaterThan(500);
  });

  it('isPlainDecimal accepts only canonical decimals, which the parser leaves unchanged', () => {
    for (const s of ['0', '-0.5', '582.31', '12', '0.000', '123456789012345']) {
      expect(isPlainDecimal(s), s).toBe(true);
      expect(parseNumberText(s)!.text, s).toBe(s);
    }
    for (const s of ['', '-', '01', '1.', '.5', '+1', '1e5', '1,000', ' 1', '1234567890123456', '--1']) expect(isPlainDecimal(s), s).toBe(false);
  });

  it('converters give the same text on and off the fast paths', () => {
    const dbl = makeConverter('double');
    const int = makeConverter('integer');
    expect(dbl('582.31')).toEqual({ ok: true, value: '582.31' });
    expect(dbl(' 582.31 ')).toEqual({ ok: true, value: '582.31' });
    expect(int('-12')).toEqual({ ok: true, value: '-12' });
    expect(int('007')).toEqual({ ok: true, value: '7' });
    expect(int(' 42 ')).toEqual({ ok: true, value: '42' });
  });
});
