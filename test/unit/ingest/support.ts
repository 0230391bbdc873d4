import { join } from 'node:path';
import { openSource } from '../../../src/ingest/parse.js';
import type { BadRecord, Format, ParsedSource, RecordOrBad, SourceRecord } from '../../../src/ingest/types.js';

/** vega-datasets' data folder, from the package folder on disk (its exports map hides data/). */
export const VEGA = join(process.cwd(), 'node_modules', 'vega-datasets', 'data');

/** A byte stream over the given text or bytes, cut into chunks of `size` bytes. */
export async function* chunked(data: string | Buffer, size = 1 << 16): AsyncGenerator<Buffer> {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

export interface Collected {
  src: ParsedSource;
  records: SourceRecord[];
  bad: BadRecord[];
  all: RecordOrBad[];
}

/** Drains a source. */
export async function collect(src: ParsedSource): Promise<Collected> {
  const all: RecordOrBad[] = [];
  for await (const r of src.records) all.push(r);
  return {
    src,
    all,
    records: all.flatMap((r) => (r.ok ? [r.record] : [])),
    bad: all.flatMap((r) => (r.ok ? [] : [r.bad])),
  };
}

/** Opens and drains inline text. */
export async function parseText(text: string | Buffer, opts: { format?: Format; fileName?: string; chunk?: number } = {}): Promise<Collected> {
  return collect(await openSource({ stream: chunked(text, opts.chunk), format: opts.format, fileName: opts.fileName }));
}
