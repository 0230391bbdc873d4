import { compressors } from 'hyparquet-compressors';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import type { SqlType } from '../../../src/shared/catalog.js';
import { makeBlockEncoder } from '../../../src/ingest/copyColumns.js';
import { CopyBuffer, makeRowEncoder } from '../../../src/ingest/copyRows.js';
import { encodeChunks, readSample } from '../../../src/ingest/encodeChunks.js';
import { NULL_CODE, PLAIN_CODE, type FlatColumn } from '../../../src/ingest/parquetColumns.js';
import { openParquetBuffer } from '../../../src/ingest/parquetSource.js';
import type { ColumnBlock, RecordOrBad } from '../../../src/ingest/types.js';

void compressors;
type Rejection = [number, string, string];

/** COPY text and rejections of a parquet buffer, loaded as records or (past the sample) as column blocks. */
async function load(ab: ArrayBuffer, types: SqlType[] | null, columnWise: boolean) {
  const file = { byteLength: ab.byteLength, slice: (s: number, e?: number) => ab.slice(s, e) };
  const src = await openParquetBuffer(file);
  const it = src.batches[Symbol.asyncIterator]();
  const { ahead } = await readSample(it);
  const t = types ?? src.labels.map(() => 'text' as SqlType);
  const rejects: Rejection[] = [];
  const counts = { read: 0, loaded: 0, produceMs: 0 };
  const blocks = columnWise ? { rest: src.blocks!, encode: makeBlockEncoder(t, src.labels) } : undefined;
  const chunks: Buffer[] = [];
  for await (const c of encodeChunks(ahead, it, makeRowEncoder(t, src.labels), (l, raw, why) => void rejects.push([l, raw, why]), counts, blocks)) chunks.push(c);
  return { text: Buffer.concat(chunks).toString('utf8'), rejects, read: counts.read, loaded: counts.loaded };
}

describe('the column-wise COPY encoder for parquet', () => {
  it('writes the same COPY text and rejections as the row encoder, across pages, row groups and blocks', async () => {
    const n = 30_000;
    const word = ['plain', 'tab\there', 'new\nline', 'back\\slash', 'crème brûlée', '😀 emoji', 'cr\rlf'];
    const ab = parquetWriteBuffer({
      columnData: [
        { name: 'id', data: Array.from({ length: n }, (_, i) => BigInt(i)), type: 'INT64' },
        { name: 'at', data: Array.from({ length: n }, (_, i) => (i % 13 === 0 ? null : new Date(Date.UTC(2001, 0, 1) + i * 60_000))), type: 'TIMESTAMP' },
        // Repeats: dictionary pages; every 9th row null.
        { name: 'city', data: Array.from({ length: n }, (_, i) => (i % 9 === 0 ? null : word[i % word.length]!)), type: 'STRING' },
        // Mostly digits; every 1000th row is not a number (rejected when typed integer).
        { name: 'qty', data: Array.from({ length: n }, (_, i) => (i % 1000 === 999 ? `n/a ${i}` : String(i % 50))), type: 'STRING' },
        // All distinct: plain pages.
        { name: 'note', data: Array.from({ length: n }, (_, i) => `note ${i}\t${word[i % 3]}`), type: 'STRING' },
        { name: 'score', data: Array.from({ length: n }, (_, i) => (i % 4 === 0 ? null : i / 8)), type: 'DOUBLE' },
      ],
      rowGroupSize: 7_000,
      pageSize: 4096,
    });
    const types: SqlType[] = ['integer', 'timestamp', 'text', 'integer', 'text', 'double'];
    const rows = await load(ab, types, false);
    const cols = await load(ab, types, true);
    expect(rows.loaded).toBe(n - 30);
    expect(rows.rejects).toHaveLength(30);
    expect(rows.rejects[0]).toEqual([1000, expect.stringContaining('n/a 999'), expect.stringMatching(/^column 'qty': /)]);
    expect(cols.rejects).toEqual(rows.rejects);
    expect([cols.read, cols.loaded]).toEqual([rows.read, rows.loaded]);
    expect(cols.text).toBe(rows.text);
    // And as text columns (nothing rejected).
    const asText = await load(ab, null, true);
    expect(asText.text).toBe((await load(ab, null, false)).text);
    expect(asText.loaded).toBe(n);
  });

  it('handles a chunk whose dictionary overflowed into plain pages, and nulls, in one block', () => {
    // Rows: dictionary entry, null, plain value, rejected dictionary entry, rejected plain value.
    const column = (codes: number[], dictionary: unknown[], plain: unknown[]): FlatColumn => ({ codes: Int32Array.from(codes), dictionary, plain });
    const block: ColumnBlock = {
      firstLine: 41,
      start: 1,
      end: 6,
      columns: [
        column([0, 0, NULL_CODE, PLAIN_CODE, 1, PLAIN_CODE], ['7', 'x'], [null, null, null, '12', null, 'y']),
        column([PLAIN_CODE, PLAIN_CODE, PLAIN_CODE, NULL_CODE, 0, 0], ['a\tb'], ['-', 'p', 'q', null, null, null]),
      ],
    };
    const enc = makeBlockEncoder(['integer', 'text'], ['n', 's']);
    const out = new CopyBuffer(8);
    const rejects: Rejection[] = [];
    const r = enc(block, out, (l, raw, why) => void rejects.push([l, raw, why]));
    expect(r).toEqual({ read: 5, loaded: 3 });
    expect(out.take().toString()).toBe('7\tp\n\\N\tq\n12\t\\N\n');
    expect(rejects.map(([l, , why]) => [l, why])).toEqual([
      [44, expect.stringMatching(/^column 'n': .*x/)],
      [45, expect.stringMatching(/^column 'n': .*y/)],
    ]);
    // The same rows through the row encoder.
    const records: RecordOrBad[] = [
      ['7', 'p'],
      [null, 'q'],
      ['12', null],
      ['x', 'a\tb'],
      ['y', 'a\tb'],
    ].map((values, i) => ({ ok: true, record: { line: 41 + i, values, raw: '' } }));
    const rowOut = new CopyBuffer(8);
    const rowRejects: Rejection[] = [];
    makeRowEncoder(['integer', 'text'], ['n', 's'])(records, rowOut, (l, raw, why) => void rowRejects.push([l, raw, why]));
    expect(rowOut.take().toString()).toBe('7\tp\n\\N\tq\n12\t\\N\n');
    expect(rowRejects.map(([l, , why]) => [l, why])).toEqual(rejects.map(([l, , why]) => [l, why]));
  });
});
