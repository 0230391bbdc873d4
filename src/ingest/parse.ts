import type { AsyncBuffer } from 'hyparquet';
import { AppError, ErrorCode } from '../shared/errors.js';
import { peekInput, type ByteStream, type PeekedInput } from './byteInput.js';
import { openCsv } from './csvSource.js';
import { assertTextBytes, detectFormat, isParquetMagic, SNIFF_BYTES } from './detectFormat.js';
import { openJsonRecords, splitJson, splitNdjson } from './jsonSource.js';
import { openParquetBuffer } from './parquetSource.js';
import { batchRecords, type Format, type ParsedSource } from './types.js';

export { openParquet, type ParquetOptions } from './parquetSource.js';

/** A parquet upload has no file to seek in, so it is held in memory up to this size. */
export const MAX_BUFFERED_PARQUET_BYTES = 256 * 1024 * 1024;

export interface SourceInput {
  stream: ByteStream;
  format?: Format;
  fileName?: string;
}

/** True when the bytes hold nothing but a BOM and whitespace. */
function isBlank(prefix: Buffer): boolean {
  const s = prefix.toString('utf8').replace(/^\uFEFF/, '');
  return s.trim() === '';
}

async function bufferParquet(input: PeekedInput): Promise<AsyncBuffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const c of input.chunks) {
    size += c.length;
    if (size > MAX_BUFFERED_PARQUET_BYTES) {
      throw new AppError(
        ErrorCode.PAYLOAD_TOO_LARGE,
        `a streamed parquet file is held in memory (parquet needs random access) and this one exceeds ${MAX_BUFFERED_PARQUET_BYTES / 1024 / 1024} MB; load it from a file path instead`,
      );
    }
    parts.push(c);
  }
  const all = Buffer.concat(parts);
  return {
    byteLength: all.length,
    slice: (start: number, end?: number) => {
      const b = all.subarray(start, end);
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
    },
  };
}

/**
 * Opens a byte stream as records: format from `format`, else the file name, else sniffed. Text
 * formats stream with flat memory; parquet from a stream is buffered (see openParquet for files).
 * Throws BAD_INPUT "file is empty" for an empty (or blank) source, UNSUPPORTED_FORMAT for binary.
 */
export async function openSource(input: SourceInput): Promise<ParsedSource> {
  const peeked = await peekInput(input.stream, SNIFF_BYTES);
  if (peeked.prefix.length === 0 || (peeked.ended && isBlank(peeked.prefix))) throw new AppError(ErrorCode.BAD_INPUT, 'file is empty');
  const format = input.format ?? detectFormat(input.fileName ?? null, peeked.prefix);
  const bytesRead = peeked.bytesRead;
  if (format === 'parquet') {
    if (!isParquetMagic(peeked.prefix)) throw new AppError(ErrorCode.UNSUPPORTED_FORMAT, 'not a parquet file: it does not start with the PAR1 magic bytes');
    const src = await openParquetBuffer(await bufferParquet(peeked));
    return { ...src, bytesRead };
  }
  if (input.format) assertTextBytes(peeked.prefix);
  switch (format) {
    case 'csv':
    case 'tsv': {
      const { labels, records, batches } = await openCsv(peeked, { tsv: format === 'tsv' });
      return { format, labels, records, batches, bytesRead };
    }
    case 'json':
    case 'ndjson': {
      const pieces = format === 'json' ? splitJson(peeked.chunks) : splitNdjson(peeked.chunks);
      const { labels, records } = await openJsonRecords(pieces, format === 'json' ? 'element' : 'line');
      return { format, labels, records, batches: batchRecords(records), bytesRead };
    }
    default: {
      const never: never = format;
      throw new AppError(ErrorCode.UNSUPPORTED_FORMAT, `format '${String(never)}' is not one of csv, tsv, json, ndjson, parquet`);
    }
  }
}
