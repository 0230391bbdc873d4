import { parquetMetadata, parquetReadObjects, type AsyncBuffer } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { int64ToNumbers, readFlatGroup } from '../../../src/ingest/parquetColumns.js';
import { openParquetBuffer } from '../../../src/ingest/parquetSource.js';
import { collect } from './support.js';

const asBuffer = (ab: ArrayBuffer): AsyncBuffer => ({ byteLength: ab.byteLength, slice: (s, e) => ab.slice(s, e) });

describe('flat parquet columns on the fast path', () => {
  it('64-bit words become numbers from their halves, negatives included; unsafe ones are refused', () => {
    const xs = BigInt64Array.from([0n, 1n, -1n, 4294967296n, -4294967297n, 978307260000000n, BigInt(Number.MAX_SAFE_INTEGER)]);
    expect(Array.from(int64ToNumbers(xs)!)).toEqual([0, 1, -1, 4294967296, -4294967297, 978307260000000, Number.MAX_SAFE_INTEGER]);
    expect(Array.from(int64ToNumbers(BigInt64Array.from([978307260000000n]), 1e-3)!)).toEqual([978307260000]);
    expect(int64ToNumbers(BigInt64Array.from([1n, 2n ** 62n]))).toBeNull();
  });

  it('equals hyparquet\'s own reader on nulls, plain and dictionary pages, int64, timestamps, text, across row groups', async () => {
    const n = 2500;
    const ids = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? null : BigInt(i * 1_000_003 - 900_000_000)));
    const at = Array.from({ length: n }, (_, i) => (i % 11 === 0 ? null : new Date(Date.UTC(2020, 0, 1) + (i % 40) * 86_400_000)));
    const city = Array.from({ length: n }, (_, i) => (i % 5 === 0 ? null : ['Reno', 'Oslo', 'Lima'][i % 3]!));
    const big = Array.from({ length: n }, (_, i) => (i === 3 ? 2n ** 60n : BigInt(i)));
    const score = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? null : i / 8));
    const ab = parquetWriteBuffer({
      columnData: [
        { name: 'id', data: ids, type: 'INT64' },
        { name: 'at', data: at, type: 'TIMESTAMP' },
        { name: 'city', data: city, type: 'STRING' },
        { name: 'big', data: big, type: 'INT64' },
        { name: 'score', data: score, type: 'DOUBLE' },
      ],
      rowGroupSize: 1000,
    });
    const file = asBuffer(ab);
    const metadata = parquetMetadata(ab);
    expect(metadata.row_groups.length).toBe(3);
    const labels = ['id', 'at', 'city', 'big', 'score'];
    const ref = await parquetReadObjects({ file, compressors });
    let row = 0;
    for (let g = 0; g < metadata.row_groups.length; g++) {
      const cols = (await readFlatGroup(file, metadata, g, labels, compressors))!;
      for (let r = 0; r < cols[0]!.length; r++, row++) {
        const want = ref[row]!;
        // Safe 64-bit integers come out as numbers (a page holding an unsafe one keeps BigInts, which the source converts per cell).
        const norm = (v: unknown): unknown => (typeof v === 'bigint' && v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : (v ?? null));
        expect(labels.map((_, j) => norm(cols[j]![r]))).toEqual(labels.map((l) => norm(want[l])));
      }
    }
    expect(row).toBe(n);
    // Through the source, a row range across groups reads the same rows.
    const part = await collect(await openParquetBuffer(file, { rowStart: 990, rowEnd: 1010 }));
    expect(part.records.map((x) => x.values[0])).toEqual(ids.slice(990, 1010).map((v) => (v === null ? null : Number(v))));
    expect(part.records.map((x) => x.line)).toEqual(Array.from({ length: 20 }, (_, i) => 991 + i));
  });
});
