import type { AsyncBuffer, FileMetaData, SchemaElement } from 'hyparquet';
import { parquetHeader, readPage } from 'hyparquet/src/column.js';
import { DEFAULT_PARSERS, convert } from 'hyparquet/src/convert.js';
import { decompressPage, readDataPage, readDataPageV2 } from 'hyparquet/src/datapage.js';
import { readPlain } from 'hyparquet/src/plain.js';
import { getMaxDefinitionLevel, getSchemaPath, isFlatColumn } from 'hyparquet/src/schema.js';
import type { ColumnDecoder, Compressors, DataPage, DataPageHeader, DecodedArray } from 'hyparquet/src/types.js';
import { bitWidth, MAX_FAST_WIDTH, readHybrid } from './rleHybrid.js';

/**
 * A faster decoder for the common parquet shape: flat columns (no lists, no maps), read page by
 * page with hyparquet's own page decoders. What it skips is hyparquet's general Dremel assembly,
 * which walks every value of an optional column one push at a time even when the page has no
 * nulls (it was ~40% of decoding the flights file), and the per-value BigInt arithmetic and Date
 * of 64-bit integers and timestamps: those come out of the page as 64-bit words and are turned
 * into numbers (and Dates) from their two 32-bit halves. Nested files return null and take the
 * general path.
 */

type Column = ArrayLike<unknown>;

/** 2^32, to join the two halves of a 64-bit word. */
const TWO_32 = 4294967296;
/** A high half within this keeps the whole value a safe integer (|v| < 2^53). */
const SAFE_HIGH = 2 ** 21;
const TIME_UNIT_MS: Record<string, number> = { MILLIS: 1, MICROS: 1e-3, NANOS: 1e-6 };

/** 64-bit integers as numbers when every one is a safe integer; null otherwise (the caller keeps the BigInts). */
export function int64ToNumbers(data: BigInt64Array, scale = 1): Float64Array | null {
  const halves = new Int32Array(data.buffer, data.byteOffset, data.length * 2);
  const out = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) {
    // Little-endian: the low half first (unsigned), then the signed high half.
    const hi = halves[2 * i + 1]!;
    if (hi >= SAFE_HIGH || hi < -SAFE_HIGH) return null;
    out[i] = (hi * TWO_32 + (halves[2 * i]! >>> 0)) * scale;
  }
  return out;
}

/** The timestamp unit of a column (ms per unit), or null when it is not a 64-bit timestamp. */
function timestampScale(e: SchemaElement): number | null {
  if (e.type !== 'INT64') return null;
  if (e.logical_type?.type === 'TIMESTAMP') return TIME_UNIT_MS[e.logical_type.unit] ?? null;
  if (e.converted_type === 'TIMESTAMP_MILLIS') return 1;
  if (e.converted_type === 'TIMESTAMP_MICROS') return 1e-3;
  return null;
}

/** A column as the record builder takes it: safe 64-bit integers as numbers, timestamps as Dates. */
function finish(values: DecodedArray, e: SchemaElement, tsScale: number | null): Column {
  if (!(values instanceof BigInt64Array)) return values;
  const nums = int64ToNumbers(values, tsScale ?? 1);
  if (!nums) return tsScale === null ? values : Array.from(values, (v) => new Date(Number(v) * tsScale));
  if (tsScale === null) return nums;
  const dates = new Array<Date>(nums.length);
  for (let i = 0; i < nums.length; i++) dates[i] = new Date(nums[i]!);
  return dates;
}

/**
 * One flat column of a row group, as decoded: per row a code, ≥ 0 for an entry of `dictionary`,
 * NULL_CODE for null, PLAIN_CODE for a value in `plain` at that row. Dictionary pages stay
 * dictionaries: the COPY encoder converts each entry once (copyColumns.ts), not once per row.
 */
export interface FlatColumn {
  codes: Int32Array;
  dictionary: Column | null;
  plain: unknown[] | null;
}

export const NULL_CODE = -1;
export const PLAIN_CODE = -2;

/** The value of row `r` of a flat column. */
export function valueAt(c: FlatColumn, r: number): unknown {
  const code = c.codes[r]!;
  return code >= 0 ? c.dictionary![code] : code === NULL_CODE ? null : c.plain![r];
}

/** A column of plain values (null where missing) as a FlatColumn. */
export function plainColumn(values: Column): FlatColumn {
  const plain = Array.from(values);
  const codes = new Int32Array(plain.length);
  for (let i = 0; i < plain.length; i++) codes[i] = plain[i] === null || plain[i] === undefined ? NULL_CODE : PLAIN_CODE;
  return { codes, dictionary: null, plain };
}

/** Rows s..e of a flat column as plain values (the record path). */
export function columnValues(c: FlatColumn, s: number, e: number): unknown[] {
  const out = new Array<unknown>(e - s);
  for (let r = s; r < e; r++) out[r - s] = valueAt(c, r);
  return out;
}

/** Page values spread over rows from `at`: codes from dictionary indexes, or plain values. */
function place(out: FlatColumn, at: number, n: number, defs: Int32Array | null, maxDef: number, indexes: Int32Array | null, values: Column | null): void {
  const { codes } = out;
  let k = 0;
  if (indexes) {
    if (!defs) codes.set(indexes.subarray(0, n), at);
    else for (let i = 0; i < n; i++) codes[at + i] = defs[i] === maxDef ? indexes[k++]! : NULL_CODE;
    return;
  }
  const plain = (out.plain ??= new Array<unknown>(codes.length).fill(null));
  for (let i = 0; i < n; i++) {
    if (defs && defs[i] !== maxDef) codes[at + i] = NULL_CODE;
    else {
      const v = values![k++];
      codes[at + i] = v === null || v === undefined ? NULL_CODE : PLAIN_CODE;
      plain[at + i] = v;
    }
  }
}

/**
 * A version 1 data page of a flat column read here (definition levels and dictionary indexes
 * with the fast hybrid decoder); null when it has an encoding or width left to hyparquet.
 */
function readV1(bytes: Uint8Array, header: DataPageHeader, maxDef: number): { n: number; defs: Int32Array | null; nulls: number; indexes: Int32Array | null; rest: Uint8Array } | null {
  const n = header.num_values;
  let pos = 0;
  let defs: Int32Array | null = null;
  let nulls = 0;
  if (maxDef > 0) {
    if (header.definition_level_encoding !== 'RLE') return null;
    const len = bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24);
    defs = new Int32Array(n);
    readHybrid(bytes, 4, 4 + len, bitWidth(maxDef), defs, 0, n);
    pos = 4 + len;
    for (let i = 0; i < n; i++) if (defs[i] !== maxDef) nulls++;
    if (nulls === 0) defs = null;
  }
  const rest = bytes.subarray(pos);
  if (header.encoding !== 'RLE_DICTIONARY' && header.encoding !== 'PLAIN_DICTIONARY') return { n, defs, nulls, indexes: null, rest };
  const width = rest[0]!;
  if (width > MAX_FAST_WIDTH) return null;
  const indexes = new Int32Array(n - nulls);
  if (width > 0) readHybrid(rest, 1, rest.byteLength, width, indexes, 0, n - nulls);
  return { n, defs, nulls, indexes, rest };
}

/** One flat column chunk of a row group, decoded page by page into `rows` codes. */
function readChunk(bytes: ArrayBuffer, decoder: ColumnDecoder, rows: number, tsScale: number | null): FlatColumn {
  const reader = { view: new DataView(bytes), offset: 0 };
  const maxDef = getMaxDefinitionLevel(decoder.schemaPath);
  const out: FlatColumn = { codes: new Int32Array(rows), dictionary: null, plain: null };
  let filled = 0;
  let dictionary: DecodedArray | undefined;
  while (filled < rows && reader.offset < bytes.byteLength - 1) {
    const header = parquetHeader(reader);
    if (header.type === 'DICTIONARY_PAGE') {
      const { data } = readPage(reader, header, decoder, dictionary, undefined, 0);
      // Converted once here, so a dictionary-encoded page looks its numbers (and Dates) up ready-made.
      if (data) out.dictionary = dictionary = finish(convert(data, decoder), decoder.element, tsScale) as DecodedArray;
      continue;
    }
    const compressed = new Uint8Array(bytes, reader.offset, header.compressed_page_size);
    reader.offset += header.compressed_page_size;
    if (header.type === 'DATA_PAGE' && header.data_page_header) {
      const daph = header.data_page_header;
      const raw = decompressPage(compressed, header.uncompressed_page_size, decoder.codec, decoder.compressors);
      const fast = readV1(raw, daph, maxDef);
      if (fast?.indexes && dictionary) {
        place(out, filled, fast.n, fast.defs, maxDef, fast.indexes, null);
        filled += fast.n;
        continue;
      }
      if (fast && daph.encoding === 'PLAIN') {
        const values = finish(convert(readPlain({ view: new DataView(fast.rest.buffer, fast.rest.byteOffset, fast.rest.byteLength), offset: 0 }, decoder.type, fast.n - fast.nulls, decoder.element.type_length), decoder), decoder.element, tsScale);
        place(out, filled, fast.n, fast.defs, maxDef, null, values);
        filled += fast.n;
        continue;
      }
      filled += hyparquetPage(out, filled, readDataPage(raw, daph, decoder), daph.encoding, dictionary, decoder, tsScale, maxDef);
    } else if (header.type === 'DATA_PAGE_V2' && header.data_page_header_v2) {
      filled += hyparquetPage(out, filled, readDataPageV2(compressed, header, decoder), header.data_page_header_v2.encoding, dictionary, decoder, tsScale, maxDef);
    }
  }
  if (filled !== rows) throw new Error(`parquet column '${decoder.pathInSchema.join('.')}' holds ${filled} values for ${rows} rows`);
  return out;
}

/** A page hyparquet decoded (other encodings, version 2 pages), placed from row `at`; returns its rows. */
function hyparquetPage(out: FlatColumn, at: number, page: DataPage, encoding: string, dictionary: DecodedArray | undefined, decoder: ColumnDecoder, tsScale: number | null, maxDef: number): number {
  const defs = page.definitionLevels?.length ? Int32Array.from(page.definitionLevels) : null;
  const n = defs ? defs.length : page.dataPage.length;
  if (dictionary && encoding.endsWith('_DICTIONARY')) place(out, at, n, defs, maxDef, Int32Array.from(page.dataPage as ArrayLike<number>), null);
  else place(out, at, n, defs, maxDef, null, finish(convert(page.dataPage, decoder), decoder.element, tsScale));
  return n;
}

/**
 * Every column of row group `g` (all its rows), or null when a column is nested. 64-bit timestamp
 * columns are read as plain integers (the element is given without its logical type, so hyparquet
 * converts nothing) and become Dates here.
 */
export async function readFlatGroup(file: AsyncBuffer, metadata: FileMetaData, g: number, labels: readonly string[], compressors: Compressors): Promise<Column[] | null> {
  const cols = await readFlatColumns(file, metadata, g, labels, compressors);
  return cols && cols.map((c) => columnValues(c, 0, c.codes.length));
}

/** readFlatGroup's columns as decoded (codes, dictionary, plain values). */
export async function readFlatColumns(file: AsyncBuffer, metadata: FileMetaData, g: number, labels: readonly string[], compressors: Compressors): Promise<FlatColumn[] | null> {
  const rg = metadata.row_groups[g]!;
  const rows = Number(rg.num_rows);
  const plans = labels.map((label) => {
    const chunk = rg.columns.find((c) => c.meta_data?.path_in_schema.length === 1 && c.meta_data.path_in_schema[0] === label)?.meta_data;
    if (!chunk) return null;
    const schemaPath = getSchemaPath(metadata.schema, chunk.path_in_schema);
    if (!isFlatColumn(schemaPath)) return null;
    const element = schemaPath[schemaPath.length - 1]!.element;
    const tsScale = timestampScale(element);
    const plain: SchemaElement = tsScale === null ? element : { ...element, logical_type: undefined, converted_type: undefined };
    const decoder: ColumnDecoder = {
      pathInSchema: chunk.path_in_schema,
      type: element.type!,
      element: plain,
      schemaPath: tsScale === null ? schemaPath : [...schemaPath.slice(0, -1), { ...schemaPath[schemaPath.length - 1]!, element: plain }],
      codec: chunk.codec,
      parsers: DEFAULT_PARSERS,
      compressors,
      utf8: true,
    };
    const start = Number(chunk.dictionary_page_offset || chunk.data_page_offset);
    return { decoder, tsScale, start, end: start + Number(chunk.total_compressed_size) };
  });
  if (plans.some((p) => p === null)) return null;
  const cols: FlatColumn[] = [];
  for (const p of plans) cols.push(readChunk(await file.slice(p!.start, p!.end), p!.decoder, rows, p!.tsScale));
  return cols;
}
