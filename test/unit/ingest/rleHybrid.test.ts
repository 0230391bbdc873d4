import { readRleBitPackedHybrid } from 'hyparquet/src/encoding.js';
import { describe, expect, it } from 'vitest';
import { bitWidth, readHybrid } from '../../../src/ingest/rleHybrid.js';

/** A seeded generator, so a failure repeats. */
function rng(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
}

function varint(out: number[], v: number): void {
  while (v >= 128) {
    out.push((v % 128) | 128);
    v = Math.floor(v / 128);
  }
  out.push(v);
}

/** Parquet RLE / bit-packed hybrid bytes for `values`: runs and bit-packed groups mixed at random. */
function encode(values: number[], width: number, rnd: () => number): Uint8Array {
  const out: number[] = [];
  let i = 0;
  while (i < values.length) {
    let run = 1;
    while (i + run < values.length && values[i + run] === values[i]) run++;
    if (run >= 8 || rnd() < 0.3) {
      varint(out, run * 2);
      for (let k = 0; k < Math.ceil(width / 8); k++) out.push((values[i]! >>> (8 * k)) & 255);
      i += run;
    } else {
      const groups = 1 + Math.floor(rnd() * 3);
      varint(out, groups * 2 + 1);
      let acc = 0n;
      let bits = 0n;
      for (let k = 0; k < groups * 8; k++) {
        acc |= BigInt(values[i + k] ?? 0) << bits;
        bits += BigInt(width);
      }
      for (let b = 0n; b < bits; b += 8n) out.push(Number((acc >> b) & 255n));
      i += groups * 8;
    }
  }
  return Uint8Array.from(out);
}

describe('readHybrid (RLE / bit-packed hybrid into an Int32Array)', () => {
  it('decodes what hyparquet decodes, for widths 0 to 24, runs and bit-packed groups mixed, counts not a multiple of 8', () => {
    const rnd = rng(7);
    for (let width = 0; width <= 24; width++) {
      for (const count of [1, 7, 8, 9, 100, 1001]) {
        const max = width === 0 ? 0 : 2 ** width - 1;
        const values = Array.from({ length: count }, () => (rnd() < 0.4 ? max : Math.floor(rnd() * (max + 1))));
        const bytes = encode(values, width, rnd);
        const got = new Int32Array(count + 2).fill(-7);
        const end = readHybrid(bytes, 0, bytes.length, width, got, 1, count);
        expect(end).toBeLessThanOrEqual(bytes.length);
        expect(Array.from(got.subarray(1, count + 1))).toEqual(values);
        // Nothing written outside the range asked for.
        expect([got[0], got[count + 1]]).toEqual([-7, -7]);
        const ref = new Array<number>(count);
        readRleBitPackedHybrid({ view: new DataView(bytes.buffer), offset: 0 }, width, ref, bytes.length);
        expect(Array.from(got.subarray(1, count + 1))).toEqual(ref);
      }
    }
  });

  it('says so when the data ends before the values do', () => {
    // One run: three 1s (header 3 << 1, then the value in one byte).
    const bytes = Uint8Array.from([6, 1]);
    expect(() => readHybrid(bytes, 0, bytes.length, 2, new Int32Array(5), 0, 5)).toThrow(/ends after 3 of 5/);
  });

  it('bitWidth', () => {
    expect([0, 1, 2, 3, 4, 255, 256].map(bitWidth)).toEqual([0, 1, 2, 2, 3, 8, 9]);
  });
});
