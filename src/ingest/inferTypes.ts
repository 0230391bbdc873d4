import type { SqlType } from '../shared/catalog.js';
import { assertNever } from '../shared/result.js';
import { formatDateUtc, formatTimestampUtc, isoDayText, isoTimestampText, parseDateText, type SlashOrder } from './dateText.js';
import { parseNumberText } from './numberText.js';

/** Strings that mean "no value" in exported data (compared trimmed, case-insensitively). */
const DISGUISED_NULLS = new Set(['', 'na', 'n/a', '#n/a', 'null', 'nil', 'none', 'nan', '-', '--', '?']);
const TRUE_WORDS = new Set(['true', 'yes', 't']);
const FALSE_WORDS = new Set(['false', 'no', 'f']);
/**
 * Integers stay `integer` while the sample's largest magnitude is under 1/16 of int4's range: a
 * column already near 2^31 in its first rows (money, populations) often passes it later, and a
 * wrong `integer` rejects those rows while `bigint` costs 4 bytes.
 */
const INT4_HEADROOM = 2 ** 27;
const INT8_MAX = 9223372036854775807n;
/** Digits a double keeps exactly; more and the column is `numeric`. */
const DOUBLE_DIGITS = 15;

/** True for null, undefined and the disguised nulls ("", "NA", "N/A", "null", "-", …). */
export function isNullish(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'number') return Number.isNaN(v);
  if (typeof v !== 'string') return false;
  if (v.length > 8) return false;
  // Digits and most letters cannot start a disguised null; skip the trim/lowercase for them.
  const c = v.charCodeAt(0);
  if (c >= 48 && c <= 57) return false;
  return DISGUISED_NULLS.has(v.trim().toLowerCase());
}

/** The result of inferring one column: its type and, for a/b/yyyy dates, the order read. */
export interface ColumnInference {
  type: SqlType;
  /** 'dmy' when the sample shows day-first a/b/yyyy dates; pass it to makeConverter. */
  slashOrder: SlashOrder;
}

/** What one sample value could be. */
type Kind = 'bool' | 'int' | 'dec' | 'date' | 'timestamp' | 'text';

/**
 * The narrowest SQL type that accepts every non-null sample value, tolerant of nulls and disguised
 * nulls. One value that fits nothing but text makes the column text: the sample is the evidence,
 * and a wrong narrow type would reject rows later.
 */
export function inferColumn(samples: readonly unknown[]): ColumnInference {
  const kinds = new Set<Kind>();
  let leadingZero = false;
  let groupedBig = false;
  let plainBig = false;
  let maxMagnitude = 0;
  let bigintBeyondInt8 = false;
  let maxSignificant = 0;
  let mdy = false;
  let dmy = false;
  const text = (): ColumnInference => ({ type: 'text', slashOrder: 'mdy' });
  for (const v of samples) {
    if (isNullish(v)) continue;
    switch (typeof v) {
      case 'boolean':
        kinds.add('bool');
        continue;
      case 'number':
        if (!Number.isFinite(v)) continue;
        if (Number.isInteger(v) && Math.abs(v) <= Number.MAX_SAFE_INTEGER) {
          kinds.add('int');
          maxMagnitude = Math.max(maxMagnitude, Math.abs(v));
        } else kinds.add('dec');
        continue;
      case 'bigint': {
        kinds.add('int');
        const a = v < 0n ? -v : v;
        if (a > INT8_MAX) bigintBeyondInt8 = true;
        maxMagnitude = Math.max(maxMagnitude, Number(a));
        continue;
      }
      case 'object':
        if (v instanceof Date) {
          if (Number.isNaN(v.getTime())) continue;
          kinds.add(v.getTime() % 86_400_000 === 0 ? 'date' : 'timestamp');
          continue;
        }
        return text();
      case 'string':
        break;
      default:
        return text();
    }
    const s = (v as string).trim();
    const lower = s.length <= 5 ? s.toLowerCase() : '';
    if (TRUE_WORDS.has(lower) || FALSE_WORDS.has(lower)) {
      kinds.add('bool');
      continue;
    }
    const n = parseNumberText(s);
    if (n) {
      if (n.integral) {
        kinds.add('int');
        if (n.leadingZero) leadingZero = true;
        if (BigInt(n.text) > INT8_MAX || BigInt(n.text) < -INT8_MAX - 1n) bigintBeyondInt8 = true;
      } else kinds.add('dec');
      if (n.magnitude >= 1000) {
        if (n.grouped) groupedBig = true;
        else plainBig = true;
      }
      maxMagnitude = Math.max(maxMagnitude, n.integral ? n.magnitude : 0);
      maxSignificant = Math.max(maxSignificant, n.significant);
      continue;
    }
    const d = parseDateText(s);
    if (d) {
      kinds.add(d.hasTime ? 'timestamp' : 'date');
      if (d.forcedOrder === 'dmy') dmy = true;
      if (d.forcedOrder === 'mdy') mdy = true;
      continue;
    }
    return text();
  }
  if (kinds.size === 0) return text();
  const has = (k: Kind) => kinds.has(k);
  const only = (...ks: Kind[]) => [...kinds].every((k) => ks.includes(k));
  if (only('bool')) return { type: 'boolean', slashOrder: 'mdy' };
  if (only('int', 'dec')) {
    // Zip codes, account numbers: leading zeros carry meaning that a number would drop.
    if (leadingZero) return text();
    // "1,234" next to "5678" is not one consistent number format (it may be a list).
    if (groupedBig && plainBig) return text();
    if (has('dec')) return { type: maxSignificant > DOUBLE_DIGITS || bigintBeyondInt8 ? 'numeric' : 'double', slashOrder: 'mdy' };
    if (bigintBeyondInt8) return { type: 'numeric', slashOrder: 'mdy' };
    return { type: maxMagnitude < INT4_HEADROOM ? 'integer' : 'bigint', slashOrder: 'mdy' };
  }
  if (only('date', 'timestamp')) {
    if (mdy && dmy) return text();
    return { type: has('timestamp') ? 'timestamp' : 'date', slashOrder: dmy ? 'dmy' : 'mdy' };
  }
  return text();
}

/** The SQL type of a column from a sample of its values (see inferColumn). */
export function inferColumnType(samples: unknown[]): SqlType {
  return inferColumn(samples).type;
}

export type Converted = { ok: true; value: string | null } | { ok: false; reason: string };
export type Converter = (v: unknown) => Converted;

/** Why a value does not fit its column (a class, so the hot path tells it from a string by `instanceof`). */
export class Rejected {
  constructor(readonly reason: string) {}
}

/** A converter for the hot path: the COPY text, null for missing, or a Rejected; nothing allocated per good value. */
export type FieldConverter = (v: unknown) => string | null | Rejected;
const INT4_MIN = -2147483648;
const INT4_MAX = 2147483647;

/** Short quoted rendering of a bad value for a rejection reason. */
function show(v: unknown): string {
  let s: string;
  if (typeof v === 'string') s = v;
  else if (typeof v === 'bigint') s = v.toString();
  else if (v instanceof Date) s = Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
  else if (typeof v === 'object') s = JSON.stringify(v) ?? String(v);
  else s = String(v);
  return `'${s.length > 60 ? `${s.slice(0, 57)}...` : s}'`;
}

const fail = (v: unknown, what: string): Rejected => new Rejected(`${show(v)} is not ${what}`);

function integerConverter(lo: bigint, hi: bigint, what: 'integer' | 'bigint'): FieldConverter {
  const label = what === 'integer' ? 'an integer' : 'a bigint';
  const loN = Number(lo);
  const hiN = Number(hi);
  const inRange = (b: bigint, v: unknown): string | Rejected =>
    b < lo || b > hi ? new Rejected(`${show(v)} is out of range for ${what}`) : b.toString();
  return (v) => {
    // Fast path: canonical digits that always fit int4 are their own COPY text.
    if (typeof v === 'string' && isPlainInt(v)) return v;
    if (isNullish(v)) return null;
    if (typeof v === 'number') {
      if (!Number.isInteger(v)) return fail(v, label);
      if (v < loN || v > hiN) return new Rejected(`${show(v)} is out of range for ${what}`);
      return String(v);
    }
    if (typeof v === 'bigint') return inRange(v, v);
    if (typeof v === 'boolean') return fail(v, label);
    if (typeof v !== 'string') return fail(v, label);
    const s = v.trim();
    // Fast path: up to 9 plain digits always fits int4.
    if (s.length <= 9 && /^-?\d+$/.test(s)) return String(Number(s));
    const n = parseNumberText(s);
    if (!n) return fail(v, label);
    // "3.0" is integral; anything with a real fraction is not.
    let t = n.text;
    if (!n.integral) {
      const x = Number(t);
      if (!Number.isInteger(x) || /e/i.test(t)) return fail(v, label);
      t = t.replace(/\.0*$/, '');
    }
    return inRange(BigInt(t), v);
  };
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/** "0", "7", "-12", "123456789": at most 9 digits, no leading zero, no "+" or "-0" (what String(Number(s)) gives back). */
export function isPlainInt(s: string): boolean {
  const n = s.length;
  let i = n > 0 && s.charCodeAt(0) === 45 ? 1 : 0;
  if (i === n || n - i > 9) return false;
  if (s.charCodeAt(i) === 48) return n === 1;
  for (; i < n; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

/** A plain decimal of at most 15 characters ("-0.5", "582.31", "12"): already canonical for double and numeric. */
export function isPlainDecimal(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 15) return false;
  let i = s.charCodeAt(0) === 45 ? 1 : 0;
  if (i === n) return false;
  if (s.charCodeAt(i) === 48) i++;
  else if (isDigit(s.charCodeAt(i))) while (i < n && isDigit(s.charCodeAt(i))) i++;
  else return false;
  if (i === n) return true;
  if (s.charCodeAt(i) !== 46 || i + 1 === n) return false;
  for (i++; i < n; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

function floatConverter(what: 'double' | 'numeric'): FieldConverter {
  const label = what === 'double' ? 'a number' : 'a decimal number';
  return (v) => {
    // Fast path: plain decimals short enough for a double are already canonical.
    if (typeof v === 'string' && isPlainDecimal(v)) return v;
    if (isNullish(v)) return null;
    if (typeof v === 'number') return Number.isFinite(v) ? String(v) : fail(v, label);
    if (typeof v === 'bigint') return v.toString();
    if (typeof v !== 'string') return fail(v, label);
    const n = parseNumberText(v.trim());
    if (!n) return fail(v, label);
    if (what === 'double' && !Number.isFinite(n.magnitude)) return new Rejected(`${show(v)} is out of range for double`);
    return n.text;
  };
}

function boolConverter(): FieldConverter {
  return (v) => {
    // Fast path: the spellings exporters write.
    if (v === 'true' || v === 'TRUE' || v === 'True') return 't';
    if (v === 'false' || v === 'FALSE' || v === 'False') return 'f';
    if (isNullish(v)) return null;
    if (typeof v === 'boolean') return v ? 't' : 'f';
    if (v === 1 || v === 0) return v === 1 ? 't' : 'f';
    if (typeof v !== 'string') return fail(v, 'a boolean');
    const s = v.trim().toLowerCase();
    if (TRUE_WORDS.has(s) || s === '1') return 't';
    if (FALSE_WORDS.has(s) || s === '0') return 'f';
    return fail(v, 'a boolean (true/false, yes/no, t/f)');
  };
}

/** Instants of 0001-01-01 and 10000-01-01 UTC: the years a date or timestamp column takes. */
const MIN_MS = -62_135_596_800_000;
const END_MS = 253_402_300_800_000;

function timeConverter(type: 'date' | 'timestamp', order: SlashOrder): FieldConverter {
  const convert = timeConverterUncached(type, order);
  // Time series repeat a value over consecutive rows (and parquet dictionaries share Date objects).
  let lastIn: unknown = undefined;
  let lastOut: string | null | Rejected = null;
  return (v) => {
    if (v === lastIn) return lastOut;
    lastOut = convert(v);
    lastIn = v;
    return lastOut;
  };
}

function timeConverterUncached(type: 'date' | 'timestamp', order: SlashOrder): FieldConverter {
  return (v) => {
    if (isNullish(v)) return null;
    let ms: number;
    let hasTime: boolean;
    if (v instanceof Date) {
      ms = v.getTime();
      if (Number.isNaN(ms)) return fail(v, `a ${type}`);
      // Fast path: an instant within years 1–9999 is its ISO text.
      if (type === 'timestamp' && ms >= MIN_MS && ms < END_MS) return v.toISOString();
      hasTime = ms % 86_400_000 !== 0;
    } else if (typeof v === 'string') {
      // Fast path: ISO spellings read by char codes, with the slow path's exact output.
      const fast = type === 'date' ? isoDayText(v) : isoTimestampText(v);
      if (fast !== null) return fast;
      const d = parseDateText(v.trim(), order);
      if (!d) return fail(v, `a ${type}`);
      ms = d.ms;
      hasTime = d.hasTime && ms % 86_400_000 !== 0;
    } else if (typeof v === 'number' || typeof v === 'bigint') {
      return new Rejected(`${show(v)} is a number, not a ${type} (epoch numbers are not read as dates)`);
    } else return fail(v, `a ${type}`);
    if (type === 'date') {
      if (hasTime) return new Rejected(`${show(v)} has a time of day; the column holds dates`);
      const y = new Date(ms).getUTCFullYear();
      if (y < 1 || y > 9999) return new Rejected(`${show(v)} is out of range for date`);
      return formatDateUtc(ms);
    }
    const iso = formatTimestampUtc(ms);
    return iso ? iso : new Rejected(`${show(v)} is out of range for timestamp`);
  };
}

function textConverter(): FieldConverter {
  return (v) => {
    if (v === null || v === undefined) return null;
    let s: string;
    if (typeof v === 'string') s = v;
    else if (typeof v === 'number' || typeof v === 'bigint') s = String(v);
    else if (typeof v === 'boolean') s = v ? 'true' : 'false';
    else if (v instanceof Date) s = Number.isNaN(v.getTime()) ? '' : v.toISOString();
    else s = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)) ?? '';
    // An empty CSV field has no other way to say "missing".
    if (s === '') return null;
    if (s.includes('\u0000')) return new Rejected(`${show(s.replace(/\u0000/g, '\\0'))} contains a NUL character, which Postgres text cannot hold`);
    return s;
  };
}

/**
 * A function turning one source value into Postgres COPY text form (before escaping): integers as
 * digits, numerics as plain decimal text, booleans 't'/'f', dates 'YYYY-MM-DD', timestamps ISO 8601
 * UTC, text as-is; null for missing values; or a Rejected naming the bad value.
 */
export function makeFieldConverter(type: SqlType, opts: { slashOrder?: SlashOrder } = {}): FieldConverter {
  switch (type) {
    case 'boolean':
      return boolConverter();
    case 'integer':
      return integerConverter(BigInt(INT4_MIN), BigInt(INT4_MAX), 'integer');
    case 'bigint':
      return integerConverter(-INT8_MAX - 1n, INT8_MAX, 'bigint');
    case 'double':
      return floatConverter('double');
    case 'numeric':
      return floatConverter('numeric');
    case 'date':
    case 'timestamp':
      return timeConverter(type, opts.slashOrder ?? 'mdy');
    case 'text':
      return textConverter();
    default:
      return assertNever(type, 'sql type');
  }
}

/** makeFieldConverter with the result as a tagged object: `{ ok, value }` or `{ ok: false, reason }`. */
export function makeConverter(type: SqlType, opts: { slashOrder?: SlashOrder } = {}): Converter {
  const convert = makeFieldConverter(type, opts);
  return (v) => {
    const r = convert(v);
    return r instanceof Rejected ? { ok: false, reason: r.reason } : { ok: true, value: r };
  };
}
