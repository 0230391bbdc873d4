import { StringDecoder } from 'node:string_decoder';
import { Parser } from 'csv-parse';
import { AppError, ErrorCode } from '../shared/errors.js';
import type { PeekedInput } from './byteInput.js';
import { detectHeader, sampleRows, sniffDelimiter, type Delimiter } from './csvSniff.js';
import { CsvTokenizer } from './csvTokenizer.js';
import { bad, capRaw, RAW_MAX_CHARS, recordsAndBatches, type RecordOrBad, type SourceRecord } from './types.js';

/** A record longer than this cannot be recovered from by csv-parse (it stops), so the load fails. */
export const CSV_MAX_RECORD_CHARS = 64 * 1024 * 1024;

/** Fields rebuilt as CSV text; the original bytes are not kept (csv-parse's raw copy is costly). */
function toCsvText(values: readonly string[], delimiter: string): string {
  let out = '';
  for (let i = 0; i < values.length && out.length < RAW_MAX_CHARS; i++) {
    const v = values[i]!;
    if (i) out += delimiter;
    out += v.includes(delimiter) || v.includes('"') || v.includes('\n') || v.includes('\r') ? `"${v.replace(/"/g, '""')}"` : v;
  }
  return capRaw(out);
}

/** A CSV row whose raw text is only built when asked for (rejections). */
class CsvRecord implements SourceRecord {
  constructor(
    readonly line: number,
    readonly values: string[],
    private readonly delimiter: string,
  ) {}

  get raw(): string {
    return toCsvText(this.values, this.delimiter);
  }
}

function allBlank(fields: readonly string[]): boolean {
  for (const v of fields) if (v.trim() !== '') return false;
  return true;
}

type Item = { kind: 'row'; line: number; fields: string[] } | { kind: 'bad'; line: number; raw: string; reason: string };

interface CsvApi {
  parse(buf: Buffer | undefined, end: boolean, push: (r: string[]) => void, close: () => void): Error | undefined;
  info: { lines: number; empty_lines: number };
  state: { record?: string[]; field?: { toString(enc: string): string } };
}

const csvErrorReason = (code: string | undefined, message: string): string => {
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'unterminated quoted field at the end of the file (was the file cut off?)';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quoted field is followed by other characters before the delimiter';
    default:
      return message;
  }
};

/** Reads records with csv-parse from some text on (the fast tokenizer's leftovers), lines offset to the file's. */
function csvParseReader(delimiter: string, oldMac: boolean, firstLine: number, out: Item[]) {
  let prevEnd = 0;
  let prevEmpty = 0;
  let api: CsvApi;
  const startLine = () => firstLine + prevEnd + (api.info.empty_lines - prevEmpty);
  const mark = () => {
    prevEnd = api.info.lines;
    prevEmpty = api.info.empty_lines;
  };
  const parser = new Parser({
    // The BOM was stripped before any text reached a reader.
    bom: false,
    delimiter,
    record_delimiter: oldMac ? ['\r'] : ['\r\n', '\n'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: CSV_MAX_RECORD_CHARS,
    on_skip: (err) => {
      let raw = '';
      try {
        raw = toCsvText([...(api.state.record ?? []), api.state.field?.toString('utf8') ?? ''], delimiter);
      } catch {
        // csv-parse internals moved: a rejection without its text is still a rejection.
      }
      out.push({ kind: 'bad', line: startLine(), raw, reason: csvErrorReason((err as { code?: string } | undefined)?.code, err?.message ?? 'unreadable row') });
      mark();
      return undefined;
    },
  });
  api = (parser as unknown as { api: CsvApi }).api;
  const push = (fields: string[]) => {
    out.push({ kind: 'row', line: startLine(), fields });
    mark();
  };
  return (text: string, end: boolean) => {
    const e = api.parse(text ? Buffer.from(text, 'utf8') : undefined, end, push, () => undefined);
    if (e) {
      const code = (e as { code?: string }).code;
      const why = code === 'CSV_MAX_RECORD_SIZE' ? `a row is longer than ${CSV_MAX_RECORD_CHARS / 1024 / 1024} MB (an unterminated quote?)` : e.message;
      throw new AppError(ErrorCode.BAD_INPUT, `line ${startLine()}: ${why}`, { line: startLine() });
    }
  };
}

/**
 * Streams a delimited text file. Delimiter (`,` `;` tab `|`) and header are sniffed from the first
 * rows. Records come from the fast tokenizer (csvTokenizer.ts); from the first record it leaves
 * aside (odd quoting, lone CRs, old-Mac line ends) csv-parse reads the rest, so quotes, CRLF and
 * quoted newlines read as csv-parse reads them. The BOM is stripped. A row with the wrong field
 * count is a BadRecord (trailing empty fields are forgiven); rows whose fields are all blank are
 * skipped; an unterminated quote at the end of the file is a BadRecord for the last row. A
 * headerless file gets labels column_1…column_N (N = the most common field count).
 */
export async function openCsv(
  input: PeekedInput,
  opts: { tsv: boolean; /** false: csv-parse reads everything (the reference the tokenizer is tested against). */ fastTokenizer?: boolean },
): Promise<{ labels: string[]; records: AsyncIterable<RecordOrBad>; batches: AsyncIterable<RecordOrBad[]> }> {
  let sniffText = new TextDecoder('utf-8').decode(input.prefix, { stream: !input.ended });
  if (!input.ended) {
    const lastNl = sniffText.lastIndexOf('\n');
    if (lastNl > 0) sniffText = sniffText.slice(0, lastNl + 1);
  }
  const delimiter: Delimiter = opts.tsv ? '\t' : sniffDelimiter(sniffText);
  const sample = sampleRows(sniffText, delimiter);
  const hasHeader = detectHeader(sample);
  const oldMac = !sniffText.includes('\n') && sniffText.includes('\r');

  const queue: Item[] = [];
  const tokenizer = new CsvTokenizer(delimiter);
  const emit = (line: number, fields: string[]) => void queue.push({ kind: 'row', line, fields });
  let slow: ((text: string, end: boolean) => void) | null = null;
  // Without any LF (old Mac line ends) the tokenizer would carry the whole file as one record.
  if (oldMac || opts.fastTokenizer === false) slow = csvParseReader(delimiter, oldMac, 1, queue);
  const decoder = new StringDecoder('utf8');
  let first = true;
  const feed = (text: string, end: boolean) => {
    if (first && text.length) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (!slow) {
      if (tokenizer.push(text, end, emit)) return;
      const rest = tokenizer.rest()!;
      slow = csvParseReader(delimiter, false, rest.line, queue);
      text = rest.text;
    }
    slow(text, end);
  };

  const chunks = input.chunks[Symbol.asyncIterator]();
  let done = false;
  const fill = async (): Promise<boolean> => {
    if (done) return false;
    const n = await chunks.next();
    if (n.done) {
      done = true;
      feed(decoder.end(), true);
    } else feed(decoder.write(n.value), false);
    return true;
  };

  let labels: string[];
  if (hasHeader) {
    while (queue.length === 0 && (await fill()));
    const first = queue.shift();
    if (!first) throw new AppError(ErrorCode.BAD_INPUT, 'file is empty');
    if (first.kind === 'bad') throw new AppError(ErrorCode.BAD_INPUT, `the header line could not be read: ${first.reason}`);
    const header = [...first.fields];
    // "a,b," over rows "1,2": a trailing delimiter on the header line only is not a column.
    const dataWidths = sample.slice(1).map((r) => r.length);
    while (header.length > 1 && header.at(-1)!.trim() === '' && dataWidths.length > 0 && dataWidths.every((w) => w < header.length)) header.pop();
    labels = header.map((l, i) => l.trim() || `column_${i + 1}`);
  } else {
    const freq = new Map<number, number>();
    for (const r of sample) freq.set(r.length, (freq.get(r.length) ?? 0) + 1);
    let width = 1;
    let top = 0;
    for (const [n, f] of freq) if (f > top || (f === top && n > width)) [width, top] = [n, f];
    labels = Array.from({ length: width }, (_, i) => `column_${i + 1}`);
  }
  const width = labels.length;

  const toRecord = (it: Item): RecordOrBad | null => {
    if (it.kind === 'bad') return bad(it.line, it.raw, it.reason);
    let f = it.fields;
    if (allBlank(f)) return null;
    if (f.length > width && f.slice(width).every((v) => v === '')) f = f.slice(0, width);
    if (f.length !== width) return bad(it.line, toCsvText(f, delimiter), `expected ${width} field${width === 1 ? '' : 's'}, found ${f.length}`);
    return { ok: true, record: new CsvRecord(it.line, f, delimiter) };
  };
  async function* batches(): AsyncGenerator<RecordOrBad[]> {
    try {
      for (;;) {
        // The readers hold `queue` itself: take its contents, keep the array.
        const batch = queue.splice(0);
        const out: RecordOrBad[] = [];
        for (const it of batch) {
          const r = toRecord(it);
          if (r) out.push(r);
        }
        if (out.length) yield out;
        if (!(await fill())) return;
      }
    } finally {
      // A consumer that stops early (strict mode, an error) releases the file or socket.
      if (!done) await chunks.return?.();
    }
  }
  return { labels, ...recordsAndBatches(batches()) };
}
