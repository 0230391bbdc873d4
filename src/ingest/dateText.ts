/** A calendar date or instant recognised in source text. */
export interface DateText {
  /** Milliseconds since the epoch, UTC (offsets applied; no offset means the wall clock is UTC). */
  ms: number;
  /** False for a bare calendar date ("2000-01-01", "Jan 1 2000"). */
  hasTime: boolean;
  /** For a/b/yyyy dates: both parts ≤ 12, so the order was assumed, not read. */
  ambiguousOrder: boolean;
  /** For a/b/yyyy dates: which order the text forces (first part > 12 → 'dmy'), or null. */
  forcedOrder: 'mdy' | 'dmy' | null;
}

export type SlashOrder = 'mdy' | 'dmy';

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10,
  nov: 11, november: 11, dec: 12, december: 12,
};

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([ap]\.?m\.?)?\s*(z|utc|gmt|[+-]\d{2}(?::?\d{2})?)?`;
const WEEKDAY = String.raw`(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?`;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO = new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:T|\s+)${TIME})?$`, 'i');
const YMD_SLASH = new RegExp(String.raw`^(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?:(?:T|\s+)${TIME})?$`, 'i');
const ABY = new RegExp(String.raw`^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:(?:T|\s+|,\s*)${TIME})?$`, 'i');
const MDY_NAMED = new RegExp(String.raw`^${WEEKDAY}([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:(?:T|\s+|,\s*)${TIME})?$`, 'i');
const DMY_NAMED = new RegExp(String.raw`^${WEEKDAY}(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]{3,9})\.?,?[\s-]+(\d{4})(?:(?:T|\s+|,\s*)${TIME})?$`, 'i');
const MY_NAMED = /^([a-z]{3,9})\.?,?\s+(\d{4})$/i;
const YEAR_MONTH = /^(\d{4})-(\d{2})$/;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysIn = (y: number, m: number) => (m === 2 && isLeap(y) ? 29 : DAYS[m - 1]!);

/** True when y-m-d is a real calendar day (month 1–12, day within the month). */
export const validDay = (y: number, m: number, d: number): boolean => m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m);

function utcMs(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, msec = 0): number {
  // Date.UTC maps years 0–99 to 1900–1999; set the full year explicitly.
  const dt = new Date(Date.UTC(2000, mo - 1, d, h, mi, s, msec));
  dt.setUTCFullYear(y);
  return dt.getTime();
}

/** m[i..i+5] are the TIME groups; returns ms of day and offset minutes, or null if out of range. */
function timeOf(m: RegExpExecArray, i: number): { ms: number; offsetMin: number } | null {
  let h = Number(m[i]);
  const mi = Number(m[i + 1]);
  const s = m[i + 2] === undefined ? 0 : Number(m[i + 2]);
  const frac = m[i + 3] === undefined ? 0 : Math.round(Number(`0.${m[i + 3]}`) * 1000);
  const ampm = m[i + 4]?.toLowerCase();
  if (ampm) {
    if (h < 1 || h > 12) return null;
    if (ampm.startsWith('p') && h !== 12) h += 12;
    if (ampm.startsWith('a') && h === 12) h = 0;
  }
  if (h > 23 || mi > 59 || s > 59) return null;
  let offsetMin = 0;
  const z = m[i + 5]?.toLowerCase();
  if (z && z !== 'z' && z !== 'utc' && z !== 'gmt') {
    const sign = z[0] === '-' ? -1 : 1;
    const digits = z.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (oh > 14 || om > 59) return null;
    offsetMin = sign * (oh * 60 + om);
  }
  return { ms: ((h * 60 + mi) * 60 + s) * 1000 + frac, offsetMin };
}

function build(y: number, mo: number, d: number, m: RegExpExecArray, timeAt: number, extra?: Partial<DateText>): DateText | null {
  if (y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return null;
  const hasTime = m[timeAt] !== undefined;
  let ms = utcMs(y, mo, d);
  if (hasTime) {
    const t = timeOf(m, timeAt);
    if (!t) return null;
    ms += t.ms - t.offsetMin * 60_000;
  }
  return { ms, hasTime, ambiguousOrder: false, forcedOrder: null, ...extra };
}

/**
 * Recognises the date and timestamp spellings found in exported data: ISO 8601 (with or without
 * time and offset), `2015/01/01 01:00:00`, `Jan 1 2000`, `January 1, 2000`, `1 Jan 2000`,
 * `01-Jan-2000`, `Jan 2000`, `2000-01`, and a/b/yyyy (`order` decides ambiguous ones; default
 * m/d/y, but a first part > 12 forces d/m/y). Bare numbers (epochs, years) are never dates.
 */
export function parseDateText(s: string, order: SlashOrder = 'mdy'): DateText | null {
  const c0 = s.charCodeAt(0);
  let m: RegExpExecArray | null;
  if (c0 >= 48 && c0 <= 57) {
    if ((m = ISO_DATE.exec(s))) return build(Number(m[1]), Number(m[2]), Number(m[3]), m, 99);
    if ((m = ISO.exec(s)) || (m = YMD_SLASH.exec(s))) return build(Number(m[1]), Number(m[2]), Number(m[3]), m, 4);
    if ((m = ABY.exec(s))) {
      const a = Number(m[1]);
      const b = Number(m[3]);
      const forcedOrder: SlashOrder | null = a > 12 && b <= 12 ? 'dmy' : b > 12 && a <= 12 ? 'mdy' : null;
      const use = forcedOrder ?? order;
      const [mo, d] = use === 'mdy' ? [a, b] : [b, a];
      return build(Number(m[4]), mo, d, m, 5, { ambiguousOrder: forcedOrder === null && a !== b, forcedOrder });
    }
    if ((m = DMY_NAMED.exec(s))) {
      const mo = MONTHS[m[2]!.toLowerCase()];
      return mo ? build(Number(m[3]), mo, Number(m[1]), m, 4) : null;
    }
    if ((m = YEAR_MONTH.exec(s))) return build(Number(m[1]), Number(m[2]), 1, m, 99);
    return null;
  }
  if ((m = MDY_NAMED.exec(s))) {
    const mo = MONTHS[m[1]!.toLowerCase()];
    return mo ? build(Number(m[3]), mo, Number(m[2]), m, 4) : null;
  }
  if ((m = DMY_NAMED.exec(s))) {
    const mo = MONTHS[m[2]!.toLowerCase()];
    return mo ? build(Number(m[3]), mo, Number(m[1]), m, 4) : null;
  }
  if ((m = MY_NAMED.exec(s))) {
    const mo = MONTHS[m[1]!.toLowerCase()];
    return mo ? build(Number(m[2]), mo, 1, m, 99) : null;
  }
  return null;
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** 'YYYY-MM-DD' of a UTC instant. */
export function formatDateUtc(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

/** ISO 8601 UTC ('YYYY-MM-DDTHH:MM:SS.sssZ') of an instant, years 1–9999 only. */
export function formatTimestampUtc(ms: number): string | null {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  if (!Number.isFinite(ms) || y < 1 || y > 9999) return null;
  return d.toISOString();
}

/** Two ASCII digits at s[i], s[i+1] as a number; -1 when either is not a digit. */
function two(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** True when s[0..10) is a real calendar day written 'YYYY-MM-DD' (year 1–9999). */
function isIsoDay(s: string): boolean {
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  const hi = two(s, 0);
  const lo = two(s, 2);
  if (hi < 0 || lo < 0) return false;
  const y = hi * 100 + lo;
  return y >= 1 && validDay(y, two(s, 5), two(s, 8));
}

/**
 * The text formatTimestampUtc(parseDateText(s).ms) gives, read by char codes for the common ISO
 * spellings: `YYYY-MM-DD`, then optionally `T` or a space, `HH:MM`, `:SS`, `.f` to `.fff` and `Z`.
 * Null for anything else (parseDateText reads those), so the result never differs from the slow path.
 */
export function isoTimestampText(s: string): string | null {
  const n = s.length;
  if (n < 10 || n > 24 || !isIsoDay(s)) return null;
  if (n === 10) return `${s}T00:00:00.000Z`;
  const sep = s.charCodeAt(10);
  if ((sep !== 84 && sep !== 32) || n < 16 || s.charCodeAt(13) !== 58) return null;
  const h = two(s, 11);
  const mi = two(s, 14);
  if (h < 0 || h > 23 || mi < 0 || mi > 59) return null;
  let i = 16;
  let sec = '00';
  let frac = '000';
  if (i < n && s.charCodeAt(i) === 58) {
    const sv = two(s, i + 1);
    if (sv < 0 || sv > 59) return null;
    sec = s.slice(i + 1, i + 3);
    i += 3;
    if (i < n && s.charCodeAt(i) === 46) {
      let j = i + 1;
      while (j < n && j - i <= 3 && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
      if (j === i + 1) return null;
      // Four or more digits round (and may carry into the second): the slow path handles them.
      if (j < n && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) return null;
      frac = s.slice(i + 1, j).padEnd(3, '0');
      i = j;
    }
  }
  if (i < n && s.charCodeAt(i) === 90) i++;
  if (i !== n) return null;
  // Already 'YYYY-MM-DDTHH:MM:SS.sssZ': the text is its own canonical form.
  if (n === 24 && sep === 84 && s.charCodeAt(23) === 90) return s;
  return `${s.slice(0, 10)}T${s.slice(11, 16)}:${sec}.${frac}Z`;
}

/** `s` itself when it is a real calendar day written 'YYYY-MM-DD' (year 1–9999), else null. */
export function isoDayText(s: string): string | null {
  return s.length === 10 && isIsoDay(s) ? s : null;
}
