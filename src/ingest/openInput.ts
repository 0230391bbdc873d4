import { createReadStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { openParquet, openSource } from './parse.js';
import type { Format, ParsedSource } from './types.js';

export type IngestInput =
  | { kind: 'stream'; stream: Readable | AsyncIterable<Buffer>; fileName?: string | null }
  | { kind: 'file'; path: string };

/** True when a file input is read as parquet (by format, else by extension). */
export function isParquetFile(path: string, format: Format | null | undefined): boolean {
  return format === 'parquet' || (!format && /\.parquet$/i.test(path));
}

/**
 * Opens an ingest input as records, passing every source byte to `onBytes` (for the content hash
 * and the byte count). Parquet needs random access: it is parsed from the file and hashed in a
 * separate pass.
 */
export async function openInput(input: IngestInput, format: Format | null | undefined, onBytes: (b: Buffer) => void): Promise<ParsedSource> {
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      onBytes(chunk);
      cb(null, chunk);
    },
  });
  if (input.kind === 'file') {
    const path = input.path;
    if (isParquetFile(path, format)) {
      for await (const b of createReadStream(path)) onBytes(b as Buffer);
      return openParquet(path);
    }
    return openSource({ stream: createReadStream(path).pipe(tap), format: format ?? undefined, fileName: path });
  }
  const { stream, fileName } = input;
  const readable = 'pipe' in stream ? (stream as Readable) : null;
  if (readable) {
    readable.on('error', (e) => tap.destroy(e));
    return openSource({ stream: readable.pipe(tap), format: format ?? undefined, fileName: fileName ?? undefined });
  }
  async function* tapped() {
    for await (const b of stream as AsyncIterable<Buffer>) {
      onBytes(b);
      yield b;
    }
  }
  return openSource({ stream: tapped(), format: format ?? undefined, fileName: fileName ?? undefined });
}
