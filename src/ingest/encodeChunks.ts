import type { BlockEncoder } from './copyColumns.js';
import { CopyBuffer, type RejectRow, type RowEncoder } from './copyRows.js';
import type { ColumnBlock, RecordOrBad } from './types.js';

/** Rows sampled for type inference. */
export const SAMPLE_ROWS = 1_000;
/** COPY text per chunk: large enough that per-write costs vanish. */
export const CHUNK_BYTES = 256 * 1024;

/** Reads batches until SAMPLE_ROWS records are in hand; returns them and the batches read (to load first). */
export async function readSample(batches: AsyncIterator<RecordOrBad[]>): Promise<{ sample: RecordOrBad[]; ahead: RecordOrBad[][] }> {
  const ahead: RecordOrBad[][] = [];
  let sampled = 0;
  while (sampled < SAMPLE_ROWS) {
    const n = await batches.next();
    if (n.done) break;
    ahead.push(n.value);
    sampled += n.value.length;
  }
  return { sample: ahead.flat().slice(0, SAMPLE_ROWS), ahead };
}

/** Rows read and loaded so far, and the milliseconds spent producing chunks (reading, parsing, converting). */
export interface EncodeCounts {
  read: number;
  loaded: number;
  produceMs: number;
}

/**
 * COPY text chunks of whole rows for the batches read ahead, then the rest of the source: as
 * record batches, or as column blocks when `blocks` is given (parquet; `rest` is then not read).
 * Time between a chunk's hand-over and the next request is the consumer's (the database), not counted.
 */
export async function* encodeChunks(
  ahead: RecordOrBad[][],
  rest: AsyncIterator<RecordOrBad[]>,
  encode: RowEncoder,
  reject: RejectRow,
  counts: EncodeCounts,
  blocks?: { rest: AsyncIterator<ColumnBlock>; encode: BlockEncoder },
): AsyncGenerator<Buffer> {
  const out = new CopyBuffer();
  let t = performance.now();
  const take = (batch: RecordOrBad[]) => {
    const r = encode(batch, out, reject);
    counts.read += r.read;
    counts.loaded += r.loaded;
  };
  for (const b of ahead.splice(0)) take(b);
  for (;;) {
    if (out.length >= CHUNK_BYTES) {
      const chunk = out.take();
      counts.produceMs += performance.now() - t;
      yield chunk;
      t = performance.now();
    }
    if (blocks) {
      const n = await blocks.rest.next();
      if (n.done) break;
      const r = blocks.encode(n.value, out, reject);
      counts.read += r.read;
      counts.loaded += r.loaded;
      continue;
    }
    const n = await rest.next();
    if (n.done) break;
    take(n.value);
  }
  counts.produceMs += performance.now() - t;
  if (out.length) yield out.take();
}
