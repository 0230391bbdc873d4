import { AppError, ErrorCode } from '../shared/errors.js';
import type { Format } from './types.js';

const BY_EXTENSION: Record<string, Format> = {
  csv: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  json: 'json',
  ndjson: 'ndjson',
  jsonl: 'ndjson',
  ldjson: 'ndjson',
  parquet: 'parquet',
  pq: 'parquet',
};

/** How many leading bytes the sniffers look at. */
export const SNIFF_BYTES = 64 * 1024;

/** Known binary containers, named in the error so the user knows what to do. */
const MAGICS: { bytes: number[]; what: string }[] = [
  { bytes: [0x1f, 0x8b], what: 'a gzip archive; decompress it first' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a zip archive (or an Excel .xlsx workbook); export it as CSV first' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an Office document (old Excel .xls?); export it as CSV first' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0x42, 0x5a, 0x68], what: 'a bzip2 archive; decompress it first' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], what: 'a zstd archive; decompress it first' },
  { bytes: [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31], what: 'an Arrow IPC file' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
];

const startsWith = (buf: Buffer, bytes: number[]) => buf.length >= bytes.length && bytes.every((b, i) => buf[i] === b);

/** True when the bytes start with the parquet magic number. */
export const isParquetMagic = (buf: Buffer): boolean => startsWith(buf, [0x50, 0x41, 0x52, 0x31]);

/**
 * Throws UNSUPPORTED_FORMAT unless the first bytes look like text: known binary magics, UTF-16,
 * NUL bytes or a high share of invalid UTF-8 / control characters.
 */
export function assertTextBytes(firstBytes: Buffer): void {
  const buf = firstBytes.subarray(0, SNIFF_BYTES);
  for (const m of MAGICS) {
    if (startsWith(buf, m.bytes)) throw new AppError(ErrorCode.UNSUPPORTED_FORMAT, `the file is ${m.what}, not csv, tsv, json, ndjson or parquet`);
  }
  if (startsWith(buf, [0xff, 0xfe]) || startsWith(buf, [0xfe, 0xff])) {
    throw new AppError(ErrorCode.UNSUPPORTED_FORMAT, 'the file is UTF-16 text; save it as UTF-8');
  }
  if (buf.length === 0) return;
  let nul = 0;
  for (let i = 0; i < buf.length; i++) if (buf[i] === 0) nul++;
  // `stream: true` so a multi-byte character cut at the sniff boundary is not counted as invalid.
  const text = new TextDecoder('utf-8').decode(buf, { stream: true });
  let suspicious = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12)) suspicious++;
  }
  // Latin-1 exports have a few invalid bytes (accents) and are still worth loading; binary files
  // have NULs or a large share of garbage.
  if (nul > buf.length / 1000 || suspicious > text.length / 10) {
    throw new AppError(
      ErrorCode.UNSUPPORTED_FORMAT,
      `the file looks binary, not text (${nul} NUL bytes and ${suspicious} invalid or control characters in the first ${buf.length} bytes); expected csv, tsv, json, ndjson or parquet`,
    );
  }
}

/** The extension-implied format of a file name, or null. */
export function formatFromFileName(fileName: string | null | undefined): Format | null {
  if (!fileName) return null;
  const m = /\.([a-z0-9]+)$/i.exec(fileName.trim());
  return m ? (BY_EXTENSION[m[1]!.toLowerCase()] ?? null) : null;
}

/**
 * The format of a source: the file extension when it names one, else sniffed from the first bytes
 * (PAR1 magic, `[`, `{`, tabs vs commas). Throws UNSUPPORTED_FORMAT for binary content.
 */
export function detectFormat(fileNameOrNull: string | null, firstBytes: Buffer): Format {
  const byName = formatFromFileName(fileNameOrNull);
  if (byName === 'parquet' || (!byName && isParquetMagic(firstBytes))) return 'parquet';
  assertTextBytes(firstBytes);
  if (byName) return byName;
  const text = new TextDecoder('utf-8').decode(firstBytes.subarray(0, SNIFF_BYTES), { stream: true }).replace(/^\uFEFF/, '');
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) return 'json';
  if (trimmed.startsWith('{')) {
    const firstLine = trimmed.split('\n', 1)[0]!.trim();
    try {
      const v: unknown = JSON.parse(firstLine);
      if (v !== null && typeof v === 'object') return 'ndjson';
    } catch {
      // A pretty-printed object spans several lines: plain JSON.
    }
    return 'json';
  }
  const lines = trimmed.split('\n', 21).slice(0, 20);
  if (lines.length > 1 && !text.endsWith('\n')) lines.pop(); // the last line may be cut off
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i]!.trim() === '') lines.splice(i, 1);
  if (lines.length === 0) return 'csv';
  const count = (s: string, ch: string) => s.split(ch).length - 1;
  const tabs = lines.map((l) => count(l, '\t'));
  const commas = lines.map((l) => count(l, ','));
  const tabbed = tabs.every((t) => t > 0 && t === tabs[0]);
  return tabbed && tabs[0]! >= Math.min(...commas) ? 'tsv' : 'csv';
}
