/**
 * Parquet's RLE / bit-packed hybrid encoding (definition levels and dictionary indexes), decoded
 * into an Int32Array. hyparquet's decoder writes into a plain (holey) JS array one push at a time;
 * on the flights file its definition levels and dictionary indexes were a third of all decoding.
 * Widths above 24 bits (a dictionary of 16M entries) are not handled here: the caller falls back.
 */
export const MAX_FAST_WIDTH = 24;

/**
 * Decodes `count` values of `width` bits from bytes[pos..end) into out[at..at+count); returns the
 * position after the last run read. Values of a bit-packed run past `count` are skipped.
 */
export function readHybrid(bytes: Uint8Array, pos: number, end: number, width: number, out: Int32Array, at: number, count: number): number {
  const stop = at + count;
  const byteWidth = (width + 7) >> 3;
  const mask = (1 << width) - 1;
  let i = at;
  while (i < stop && pos < end) {
    let header = 0;
    let mul = 1;
    let b: number;
    do {
      b = bytes[pos++]!;
      header += (b & 0x7f) * mul;
      mul *= 128;
    } while (b & 0x80);
    if (header % 2 === 1) {
      // Bit-packed: groups of 8 values, least significant bits first.
      const values = Math.floor(header / 2) * 8;
      const runEnd = pos + (values * width) / 8;
      const last = Math.min(stop, i + values);
      let acc = 0;
      let bits = 0;
      while (i < last) {
        while (bits < width) {
          acc |= bytes[pos++]! << bits;
          bits += 8;
        }
        out[i++] = acc & mask;
        acc >>>= width;
        bits -= width;
      }
      pos = runEnd;
    } else {
      // A run: one value, little-endian in whole bytes, repeated.
      const n = Math.floor(header / 2);
      let v = 0;
      for (let k = 0; k < byteWidth; k++) v |= bytes[pos++]! << (8 * k);
      const last = Math.min(stop, i + n);
      out.fill(v, i, last);
      i = last;
    }
  }
  if (i < stop) throw new Error(`parquet RLE data ends after ${i - at} of ${count} values`);
  return pos;
}

/** Bits needed for values up to `max`. */
export const bitWidth = (max: number): number => (max === 0 ? 0 : 32 - Math.clz32(max));
