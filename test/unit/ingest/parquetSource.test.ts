import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { describe, expect, it } from 'vitest';
import { openParquet, openSource } from '../../../src/ingest/parse.js';
import { collect, VEGA } from './support.js';

const FLIGHTS = join(VEGA, 'flights-3m.parquet');

describe('parquet source', () => {
  it('reads a row range of flights-3m.parquet: labels, BigInt as number, Date kept, positions', async () => {
    const r = await collect(await openParquet(FLIGHTS, { rowStart: 272_720, rowEnd: 272_740 })); // spans two row groups
    expect(r.src.format).toBe('parquet');
    expect(r.src.labels).toEqual(['date', 'delay', 'distance', 'origin', 'destination']);
    expect(r.records).toHaveLength(20);
    expect(r.records.map((x) => x.line)).toEqual(Array.from({ length: 20 }, (_, i) => 272_721 + i));
    // Independent reference: hyparquet's object reader on the same range.
    const ref = await parquetReadObjects({ file: await asyncBufferFromFile(FLIGHTS), compressors, rowStart: 272_720, rowEnd: 272_740 });
    expect(r.records.map((x) => x.values)).toEqual(
      ref.map((o) => [o.date, Number(o.delay), Number(o.distance), o.origin, o.destination]),
    );
    const first = r.records[0]!.values;
    expect(first[0]).toBeInstanceOf(Date);
    expect(typeof first[1]).toBe('number');
    expect(r.records[0]!.raw).toMatch(/^\d{4}-\d\d-\d\dT.*Z,-?\d+,\d+,[A-Z]{3},[A-Z]{3}$/);
  });

  it('streams 2 row groups (545k rows) with bounded heap, then stops early', async () => {
    const src = await openParquet(FLIGHTS);
    let n = 0;
    let peak = 0;
    for await (const rec of src.records) {
      if (rec.ok) n++;
      if (n % 100_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
      if (n === 545_454) break; // two row groups of 272,727
    }
    expect(n).toBe(545_454);
    // Two of eleven row groups read: the byte estimate follows the rows read.
    expect(src.bytesRead() / 13_493_022).toBeCloseTo(2 / 11, 3);
    // Reading all 3M rows as objects at once takes ~0.7 GB (STACK.md); one row group at a time far less.
    expect(peak).toBeLessThan(300 * 1024 * 1024);
  });

  it('reads a parquet stream (an upload) by buffering it', async () => {
    const src = await openSource({ stream: createReadStream(FLIGHTS, { start: 0 }), fileName: 'upload.bin' });
    expect(src.format).toBe('parquet');
    const it = src.records[Symbol.asyncIterator]();
    const first = await it.next();
    expect(first.value?.ok && first.value.record.values[3]).toBeTypeOf('string');
    await it.return?.();
  });
});
