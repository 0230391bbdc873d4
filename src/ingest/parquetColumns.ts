import type { AsyncBuffer, FileMetaData, SchemaElement } from 'hyparquet';
import { parquetHeader, readPage } from 'hyparquet/src/column.js';
import { DEFAULT_PARSERS, convert } from 'hyparquet/src/convert.js';
import { decompressPage, readDataPage, readDataPageV2 } from 'hyparquet/src/datapage.js';
import { getMaxDefinitionLevel, getSchemaPath, isFlatColumn } from 'hyparquet/src/schema.js';
import type { ColumnDecoder, Compressors, DecodedArray } from 'hyparquet/src/types.js';

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

/** Dictionary indexes to their values. */
function lookUp(indexes: DecodedArray, dictionary: Column): Column {
  const out = new Array<unknown>(indexes.length);
  for (let i = 0; i < indexes.length; i++) out[i] = dictionary[indexes[i] as number];
  return out;
}

/** Values spread over their rows: null where the definition level says the value is missing. */
function withNulls(values: Column, defs: ArrayLike<number>, maxDef: number, out: unknown[], at: number): number {
  if (defs.length === 0) {
    for (let i = 0; i < values.length; i++) out[at + i] = values[i];
    return values.length;
  }
  let k = 0;
  for (let i = 0; i < defs.length; i++) out[at + i] = defs[i] === maxDef ? values[k++] : null;
  return defs.length;
}

/** One flat column chunk of a row group, decoded page by page into `rows` values. */
function readChunk(bytes: ArrayBuffer, decoder: ColumnDecoder, rows: number, tsScale: number | null): Column {
  const reader = { view: new DataView(bytes), offset: 0 };
  const maxDef = getMaxDefinitionLevel(decoder.schemaPath);
  const out = new Array<unknown>(rows);
  let filled = 0;
  let dictionary: DecodedArray | undefined;
  while (filled < rows && reader.offset < bytes.byteLength - 1) {
    const header = parquetHeader(reader);
    if (header.type === 'DICTIONARY_PAGE') {
      const { data } = readPage(reader, header, decoder, dictionary, undefined, 0);
      // Converted once here, so a dictionary-encoded page looks its numbers (and Dates) up ready-made.
      if (data) dictionary = finish(convert(data, decoder), decoder.element, tsScale) as DecodedArray;
      continue;
    }
    const compressed = new Uint8Array(bytes, reader.offset, header.compressed_page_size);
    reader.offset += header.compressed_page_size;
    let page;
    let encoding;
    if (header.type === 'DATA_PAGE' && header.data_page_header) {
      page = readDataPage(decompressPage(compressed, header.uncompressed_page_size, decoder.codec, decoder.compressors), header.data_page_header, decoder);
      encoding = header.data_page_header.encoding;
    } else if (header.type === 'DATA_PAGE_V2' && header.data_page_header_v2) {
      page = readDataPageV2(compressed, header, decoder);
      encoding = header.data_page_header_v2.encoding;
    } else continue;
    const values = dictionary && encoding.endsWith('_DICTIONARY') ? lookUp(page.dataPage, dictionary) : finish(convert(page.dataPage, decoder), decoder.element, tsScale);
    filled += withNulls(values, page.definitionLevels ?? [], maxDef, out, filled);
  }
  if (filled !== rows) throw new Error(`parquet column '${decoder.pathInSchema.join('.')}' holds ${filled} values for ${rows} rows`);
  return out;
}

/**
 * Every column of row group `g` (all its rows), or null when a column is nested. 64-bit timestamp
 * columns are read as plain integers (the element is given without its logical type, so hyparquet
 * converts nothing) and become Dates here.
 */
export async function readFlatGroup(file: AsyncBuffer, metadata: FileMetaData, g: number, labels: readonly string[], compressors: Compressors): Promise<Column[] | null> {
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
  const cols: Column[] = [];
  for (const p of plans) cols.push(readChunk(await file.slice(p!.start, p!.end), p!.decoder, rows, p!.tsScale));
  return cols;
}
