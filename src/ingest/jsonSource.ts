import { AppError, ErrorCode } from '../shared/errors.js';
import { bad, capRaw, RAW_MAX_CHARS, type RecordOrBad } from './types.js';

/** Objects whose keys make the labels; keys first seen later are rejected (see openJsonRecords). */
export const LABEL_SAMPLE_OBJECTS = 1_000;
/** One JSON element or NDJSON line larger than this is rejected without being held in memory. */
export const JSON_MAX_ELEMENT_CHARS = 32 * 1024 * 1024;

/** One top-level JSON value cut out of the stream: its text, or why it could not be. */
type Piece = { pos: number; text: string; reason?: undefined } | { pos: number; text: string; reason: string };

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const STRUCTURAL = /["{}[\]]/g;
const STRING_SPECIAL = /["\\]/g;
const BARE_END = /[\s,\]}]/g;

/**
 * Splits a JSON text stream into its records without parsing the whole file: the elements of a
 * top-level array, or a sequence of top-level values (one object, or concatenated objects).
 * Positions are 1-based element ordinals.
 */
export async function* splitJson(chunks: AsyncIterable<Buffer>): AsyncGenerator<Piece> {
  const decoder = new TextDecoder('utf-8');
  let mode: 'start' | 'array' | 'values' | 'done' = 'start';
  let kind: 0 | 1 | 2 | 3 = 0; // 0 between elements, 1 object/array, 2 string, 3 number/literal
  let depth = 0;
  let inString = false;
  let parts: string[] = [];
  let partsLen = 0;
  let oversize = false;
  let pos = 0;
  let trailingReported = false;
  let pendingEscape = false;
  const out: Piece[] = [];

  const keep = (s: string) => {
    if (oversize) return;
    partsLen += s.length;
    if (partsLen > JSON_MAX_ELEMENT_CHARS) {
      oversize = true;
      parts = [parts.join('').slice(0, RAW_MAX_CHARS)];
      return;
    }
    parts.push(s);
  };
  const finish = (tail: string) => {
    keep(tail);
    const text = parts.length === 1 ? parts[0]! : parts.join('');
    out.push(oversize ? { pos, text: capRaw(text), reason: `element larger than ${JSON_MAX_ELEMENT_CHARS / 1024 / 1024} MB` } : { pos, text });
    parts = [];
    partsLen = 0;
    oversize = false;
    kind = 0;
  };

  const scan = (s: string) => {
    let i = 0;
    let start = 0;
    const n = s.length;
    while (i < n) {
      if (kind === 0) {
        const c = s.charCodeAt(i);
        if (WS.has(c)) {
          i++;
          continue;
        }
        if (mode === 'start') {
          if (c === 0x5b) {
            mode = 'array';
            i++;
            continue;
          }
          if (c !== 0x7b) throw new AppError(ErrorCode.BAD_INPUT, `not JSON: expected '[' or '{' at the start, found '${s[i]}'`);
          mode = 'values';
        }
        if (c === 0x2c) {
          i++;
          continue;
        }
        if (mode === 'array' && c === 0x5d) {
          mode = 'done';
          i++;
          continue;
        }
        if (mode === 'done') {
          if (!trailingReported) out.push({ pos: pos + 1, text: capRaw(s.slice(i)), reason: "content after the closing ']' of the top-level array" });
          trailingReported = true;
          return;
        }
        pos++;
        start = i;
        if (c === 0x5d || c === 0x7d || c === 0x3a) {
          out.push({ pos, text: s[i]!, reason: `unexpected '${s[i]}' between elements` });
          i++;
          continue;
        }
        if (c === 0x7b || c === 0x5b) {
          kind = 1;
          depth = 1;
          i++;
        } else if (c === 0x22) {
          kind = 2;
          inString = true;
          i++;
        } else kind = 3;
        continue;
      }
      if (inString) {
        STRING_SPECIAL.lastIndex = i;
        const m = STRING_SPECIAL.exec(s);
        if (!m) {
          i = n;
          break;
        }
        if (m[0] === '\\') {
          // Skip the escaped character (it may be the next chunk's first).
          if (m.index + 1 >= n) {
            keep(s.slice(start, n));
            start = 0;
            pendingEscape = true;
            return;
          }
          i = m.index + 2;
          continue;
        }
        inString = false;
        i = m.index + 1;
        if (kind === 2) finish(s.slice(start, i));
        continue;
      }
      if (kind === 1) {
        STRUCTURAL.lastIndex = i;
        const m = STRUCTURAL.exec(s);
        if (!m) {
          i = n;
          break;
        }
        i = m.index + 1;
        const ch = m[0];
        if (ch === '"') inString = true;
        else if (ch === '{' || ch === '[') depth++;
        else if (--depth === 0) finish(s.slice(start, i));
        continue;
      }
      BARE_END.lastIndex = i;
      const m = BARE_END.exec(s);
      if (!m) {
        i = n;
        break;
      }
      i = m.index;
      finish(s.slice(start, i));
    }
    if (kind !== 0) keep(s.slice(start, n));
  };

  for await (const chunk of chunks) {
    let s = decoder.decode(chunk, { stream: true });
    if (pos === 0 && mode === 'start' && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    if (pendingEscape && s.length) {
      keep(s[0]!);
      s = s.slice(1);
      pendingEscape = false;
    }
    scan(s);
    if (out.length) yield* out.splice(0, out.length);
  }
  scan(decoder.decode());
  // `scan` changes `kind` behind the compiler's back.
  const endKind = kind as number;
  if (endKind === 3) finish('');
  else if (endKind !== 0) {
    const text = capRaw(parts.join(''));
    out.push({ pos, text, reason: `unexpected end of file inside element ${pos} (was the file cut off?)` });
  }
  if (out.length) yield* out.splice(0, out.length);
}

/** Splits NDJSON into lines; positions are 1-based line numbers; blank lines are skipped. */
export async function* splitNdjson(chunks: AsyncIterable<Buffer>): AsyncGenerator<Piece> {
  const decoder = new TextDecoder('utf-8');
  let carry = '';
  let oversize = false;
  let line = 0;
  const out: Piece[] = [];
  const emit = (text: string) => {
    line++;
    const t = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (oversize) out.push({ pos: line, text: capRaw(t), reason: `line longer than ${JSON_MAX_ELEMENT_CHARS / 1024 / 1024} MB` });
    else if (t.trim() !== '') out.push({ pos: line, text: t });
    oversize = false;
  };
  const scan = (s: string) => {
    let from = 0;
    for (;;) {
      const nl = s.indexOf('\n', from);
      if (nl < 0) break;
      const piece = s.slice(from, nl);
      emit(carry ? carry + piece : piece);
      carry = '';
      from = nl + 1;
    }
    if (from < s.length) {
      if (oversize) return;
      carry += s.slice(from);
      if (carry.length > JSON_MAX_ELEMENT_CHARS) {
        oversize = true;
        carry = capRaw(carry);
      }
    }
  };
  for await (const chunk of chunks) {
    let s = decoder.decode(chunk, { stream: true });
    if (line === 0 && !carry && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    scan(s);
    if (out.length) yield* out.splice(0, out.length);
  }
  scan(decoder.decode());
  if (carry || oversize) emit(carry);
  if (out.length) yield* out.splice(0, out.length);
}

type Parsed = { pos: number; raw: string; obj: Record<string, unknown> } | { pos: number; raw: string; reason: string };

/** Deepest nesting of objects and arrays a record may have (its cells are stored as JSON text). */
export const JSON_MAX_DEPTH = 64;

/** True when `text` nests objects/arrays deeper than `limit` (outside strings); linear, no parse. */
export function nestsDeeper(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

function parsePiece(p: Piece, what: 'element' | 'line'): Parsed {
  if (p.reason !== undefined) return { pos: p.pos, raw: p.text, reason: p.reason };
  // Turning a nested value into its cell text recurses: 100,000 levels would overflow the stack.
  if (nestsDeeper(p.text, JSON_MAX_DEPTH)) return { pos: p.pos, raw: capRaw(p.text), reason: `${what} nests objects or arrays deeper than ${JSON_MAX_DEPTH} levels` };
  let v: unknown;
  try {
    v = JSON.parse(p.text);
  } catch (e) {
    return { pos: p.pos, raw: p.text, reason: `malformed JSON: ${(e as Error).message}` };
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    const found = v === null ? 'null' : Array.isArray(v) ? 'an array' : `a ${typeof v}`;
    return { pos: p.pos, raw: p.text, reason: `${what} is ${found}, not an object` };
  }
  return { pos: p.pos, raw: p.text, obj: v as Record<string, unknown> };
}

/** Nested objects and arrays become their JSON text; missing keys become null. */
function cell(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  return typeof v === 'object' ? JSON.stringify(v) : v;
}

/**
 * Records from a stream of JSON objects. Labels are the union of the keys of the first 1,000
 * objects, in order of first appearance. Keeping it simple: a later object with a key outside
 * that set (and a non-null value there) is a BadRecord "unexpected field 'x'" rather than a
 * schema change mid-stream.
 */
export async function openJsonRecords(
  pieces: AsyncIterable<Piece>,
  what: 'element' | 'line',
): Promise<{ labels: string[]; records: AsyncIterable<RecordOrBad> }> {
  const it = pieces[Symbol.asyncIterator]();
  const head: Parsed[] = [];
  const keys: string[] = [];
  const keySet = new Set<string>();
  let objects = 0;
  let exhausted = false;
  while (objects < LABEL_SAMPLE_OBJECTS) {
    const n = await it.next();
    if (n.done) {
      exhausted = true;
      break;
    }
    const p = parsePiece(n.value, what);
    head.push(p);
    if ('obj' in p) {
      objects++;
      for (const k of Object.keys(p.obj)) {
        if (!keySet.has(k)) {
          keySet.add(k);
          keys.push(k);
        }
      }
    }
  }
  const labels = keys.map((k, i) => k.trim() || `column_${i + 1}`);
  const toRecord = (p: Parsed): RecordOrBad => {
    if (!('obj' in p)) return bad(p.pos, p.raw, p.reason);
    const o = p.obj;
    for (const k in o) {
      if (!keySet.has(k) && o[k] !== null && o[k] !== undefined) {
        return bad(p.pos, p.raw, `unexpected field '${k}' (not among the fields of the first ${LABEL_SAMPLE_OBJECTS} records)`);
      }
    }
    const values = new Array<unknown>(keys.length);
    for (let i = 0; i < keys.length; i++) values[i] = cell(o[keys[i]!]);
    return { ok: true, record: { line: p.pos, values, raw: capRaw(p.raw) } };
  };
  async function* records(): AsyncGenerator<RecordOrBad> {
    for (const p of head.splice(0, head.length)) yield toRecord(p);
    if (exhausted) return;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      yield toRecord(parsePiece(n.value, what));
    }
  }
  return { labels, records: records() };
}
