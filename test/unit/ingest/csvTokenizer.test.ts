import { describe, expect, it } from 'vitest';
import { peekInput } from '../../../src/ingest/byteInput.js';
import { openCsv } from '../../../src/ingest/csvSource.js';
import { CsvTokenizer, FAST_MAX_RECORD_CHARS } from '../../../src/ingest/csvTokenizer.js';
import type { RecordOrBad } from '../../../src/ingest/types.js';
import { chunked } from './support.js';

/** Feeds text in pieces of `size` chars; returns the records and where the tokenizer stopped. */
function tokenize(text: string, size = text.length || 1, delimiter = ',') {
  const t = new CsvTokenizer(delimiter);
  const out: [number, string[]][] = [];
  const emit = (line: number, fields: string[]) => void out.push([line, fields]);
  for (let i = 0; i < text.length; i += size) {
    if (!t.push(text.slice(i, i + size), false, emit)) {
      // What csv-parse would read: the text handed over, then everything not pushed yet.
      const r = t.rest()!;
      return { out, rest: { text: r.text + text.slice(i + size), line: r.line } };
    }
  }
  t.push('', true, emit);
  return { out, rest: t.rest() };
}

describe('CsvTokenizer', () => {
  it('splits plain, quoted and CRLF records with their start lines', () => {
    const text = 'a,b,c\r\n1,"x,y",3\n\n"he said ""hi""",,"two\nlines"\nlast,row,end';
    for (const size of [1, 2, 5, 1000]) {
      expect(tokenize(text, size)).toEqual({
        out: [
          [1, ['a', 'b', 'c']],
          [2, ['1', 'x,y', '3']],
          [4, ['he said "hi"', '', 'two\nlines']],
          [6, ['last', 'row', 'end']],
        ],
        rest: null,
      });
    }
  });

  it('keeps quotes inside unquoted fields literally, and empty quoted fields as empty', () => {
    expect(tokenize('5\'10",b""c,"",x\n').out).toEqual([[1, ['5\'10"', 'b""c', '', 'x']]]);
  });

  it('honours another delimiter and a trailing delimiter', () => {
    expect(tokenize('a;b;\n1;"2;3";\n', 4, ';').out).toEqual([
      [1, ['a', 'b', '']],
      [2, ['1', '2;3', '']],
    ]);
  });

  it.each([
    ['a closing quote followed by text', 'a,b\n1,2\n3,"x"y\n4,5\n', 3, '3,"x"y\n4,5\n'],
    ['a lone CR', 'a,b\n1,2\r3,4\n', 2, '1,2\r3,4\n'],
    ['a CR inside quotes', 'a,b\n"x\ry",1\n', 2, '"x\ry",1\n'],
    ['an unterminated quote at the end', 'a,b\n1,"cut', 2, '1,"cut'],
  ])('stops before %s and hands over the rest with its line', (_what, text, line, rest) => {
    for (const size of [1, 3, 100]) {
      const r = tokenize(text, size);
      expect(r.rest).toEqual({ text: rest, line });
      expect(r.out.every(([l]) => l < line)).toBe(true);
    }
  });

  it('hands over a record longer than its carry limit', () => {
    const big = 'x'.repeat(2 * FAST_MAX_RECORD_CHARS);
    const r = tokenize(`a,b\n1,${big}\n2,3\n`, 1 << 16);
    expect(r.out.map(([line, f]) => [line, f.length])).toEqual([[1, 2]]);
    expect(r.rest!.line).toBe(2);
    expect(r.rest!.text.startsWith('1,xxx')).toBe(true);
  });
});

/** Everything a CSV source yields, in a comparable form. */
async function readAll(text: string, chunk: number, fastTokenizer: boolean) {
  const input = await peekInput(chunked(text, chunk), 64 * 1024);
  const src = await openCsv(input, { tsv: false, fastTokenizer });
  const rows: unknown[] = [];
  for await (const batch of src.batches) for (const r of batch as RecordOrBad[]) rows.push(r.ok ? ['ok', r.record.line, r.record.values] : ['bad', r.bad.line, r.bad.reason, r.bad.raw]);
  return { labels: src.labels, rows };
}

describe('fast tokenizer against csv-parse (the reference)', () => {
  it('reads random CSV-like text exactly as csv-parse does, whatever the chunking', async () => {
    // The first alphabet mostly drives the tokenizer into hand-overs, the second mostly not.
    const odd = ['a', 'b', '1', ',', ',', '"', '"', '\n', '\n', '\r\n', '\r', ' ', 'é', '東', ';'];
    const regular = ['a', 'b', '1', ',', ',', ',', '"a,b"', '"x""y"', '""', '"l1\nl2"', '\n', '\n', '\r\n', ' ', 'é', '"'];
    let seed = 12345;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    let compared = 0;
    const handedOver = { yes: 0, no: 0 };
    for (let k = 0; k < 800; k++) {
      const alphabet = k % 2 ? odd : regular;
      let text = k % 3 === 0 ? 'h1,h2,h3\n' : '';
      const len = 1 + rnd(40);
      for (let i = 0; i < len; i++) text += alphabet[rnd(alphabet.length)];
      if (text.trim() === '') continue;
      handedOver[tokenize(text).rest ? 'yes' : 'no']++;
      const chunk = [1, 2, 3, 7, 64][rnd(5)]!;
      let ref: Awaited<ReturnType<typeof readAll>> | Error;
      try {
        ref = await readAll(text, 64, false);
      } catch (e) {
        ref = e as Error;
      }
      if (ref instanceof Error) {
        await expect(readAll(text, chunk, true), JSON.stringify(text)).rejects.toThrow(ref.message);
        continue;
      }
      expect(await readAll(text, chunk, true), JSON.stringify(text)).toEqual(ref);
      compared++;
    }
    expect(compared).toBeGreaterThan(600);
    expect(handedOver.yes).toBeGreaterThan(200);
    expect(handedOver.no).toBeGreaterThan(200);
  });

  it('reads a BOM, CRLF, quoted newlines and a cut-off quote as csv-parse does', async () => {
    const text = '\uFEFFid,note,n\r\n1,"a\nb",2\r\n\r\n2,"x ""y""",3\r\n3,plain,4\r\n4,"cut off';
    for (const chunk of [1, 5, 1000]) expect(await readAll(text, chunk, true)).toEqual(await readAll(text, 1000, false));
    const r = await readAll(text, 3, true);
    expect(r.labels).toEqual(['id', 'note', 'n']);
    expect(r.rows.map((x) => (x as unknown[])[1])).toEqual([2, 5, 6, 7]);
  });
});
