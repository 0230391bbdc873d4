import type { Parse } from './coerce.js';
import { isDisguisedNull } from './nulls.js';

/**
 * Loose date parsing: ISO dates and timestamps, numeric day/month orders, month names, compact
 * YYYYMMDD. Impossible calendar dates (Feb 30, month 13) fail with kind `impossible`, so the
 * impossible-dates detector can tell them from text that is not a date at all.
 */

export interface ParsedDate {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** Offset from UTC in minutes when the text carried one. */
  offsetMinutes: number | null;
  hasTime: boolean;
  /** "YYYY-MM-DD", or "YYYY-MM-DDTHH:MM:SS(.sss)" when there is a time (offset not applied). */
  iso: string;
}

export interface DateRules {
  /** Order of numeric day/month: `mdy` (default, also used by `auto` when both are ≤ 12), `dmy`, `ymd`. */
  order?: 'auto' | 'mdy' | 'dmy' | 'ymd';
  /** Two-digit years below this become 20xx, others 19xx (default 50). */
  pivotYear?: number;
}

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
};
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MON = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const TIME = '(?:[T\\s]+(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?\\s*(am|pm)?\\s*(z|utc|gmt|[+-]\\d{2}:?\\d{2})?)?';
const WEEKDAY = /^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+/i;

const ISO_RE = new RegExp(`^(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})${TIME}$`, 'i');
const NUMERIC_RE = new RegExp(`^(\\d{1,2})[-/.](\\d{1,2})[-/.](\\d{2}|\\d{4})${TIME}$`, 'i');
const COMPACT_RE = /^(\d{4})(\d{2})(\d{2})$/;
const MDY_NAME_RE = new RegExp(`^${MON}\\s*[-\\s]\\s*(\\d{1,2})(?:st|nd|rd|th)?,?\\s*[-\\s,]\\s*(\\d{4}|\\d{2})${TIME}$`, 'i');
const DMY_NAME_RE = new RegExp(`^(\\d{1,2})(?:st|nd|rd|th)?\\s*[-\\s.]\\s*${MON}\\s*[-\\s.,]\\s*(\\d{4}|\\d{2})${TIME}$`, 'i');

type TimeGroups = [string?, string?, string?, string?, string?, string?];

/** True for a leap year of the proleptic Gregorian calendar. */
export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Days in a month (1–12) of a year. */
export function daysInMonth(y: number, m: number): number {
  return [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Parses a date or timestamp written loosely ("2020-02-29", "3/14/2015", "Jun 12 1998", "1 Jan 2000 10:30"). */
export function parseDateLoose(input: unknown, rules: DateRules = {}): Parse<ParsedDate> {
  if (input instanceof Date) {
    if (Number.isNaN(input.getTime())) return { ok: false, kind: 'malformed', reason: 'invalid Date object' };
    return build(input.getUTCFullYear(), input.getUTCMonth() + 1, input.getUTCDate(), [
      String(input.getUTCHours()), String(input.getUTCMinutes()), String(input.getUTCSeconds()), String(input.getUTCMilliseconds()).padStart(3, '0'), undefined, 'z',
    ]);
  }
  if (input === null || input === undefined) return { ok: false, kind: 'empty', reason: 'no value' };
  if (typeof input !== 'string') return { ok: false, kind: 'malformed', reason: `not a date: ${typeof input}` };
  if (isDisguisedNull(input)) return input.trim() === '' ? { ok: false, kind: 'empty', reason: 'empty text' } : { ok: false, kind: 'null', reason: `null marker "${input.trim()}"` };
  const s = input.trim().replace(WEEKDAY, '').replace(/\s+/g, ' ');
  const pivot = rules.pivotYear ?? 50;
  const year = (y: string): number => (y.length === 2 ? (Number(y) < pivot ? 2000 : 1900) + Number(y) : Number(y));
  let m: RegExpExecArray | null;
  if ((m = ISO_RE.exec(s))) return build(Number(m[1]), Number(m[2]), Number(m[3]), m.slice(4) as TimeGroups);
  if ((m = COMPACT_RE.exec(s))) return build(Number(m[1]), Number(m[2]), Number(m[3]), []);
  if ((m = MDY_NAME_RE.exec(s))) return build(year(m[3]!), MONTHS[m[1]!.toLowerCase()]!, Number(m[2]), m.slice(4) as TimeGroups);
  if ((m = DMY_NAME_RE.exec(s))) return build(year(m[3]!), MONTHS[m[2]!.toLowerCase()]!, Number(m[1]), m.slice(4) as TimeGroups);
  if ((m = NUMERIC_RE.exec(s))) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const y = year(m[3]!);
    const order = rules.order ?? 'auto';
    // `auto` follows the evidence (a part above 12 must be the day) and otherwise reads month first.
    const dmy = order === 'dmy' || (order === 'auto' && a > 12 && b <= 12);
    if (order === 'ymd') return { ok: false, kind: 'malformed', reason: `expected year first: "${s}"` };
    return dmy ? build(y, b, a, m.slice(4) as TimeGroups) : build(y, a, b, m.slice(4) as TimeGroups);
  }
  return { ok: false, kind: 'malformed', reason: `not a date: "${s}"` };
}

function build(y: number, mo: number, d: number, t: TimeGroups): Parse<ParsedDate> {
  if (mo < 1 || mo > 12) return { ok: false, kind: 'impossible', reason: `month ${mo} does not exist` };
  if (d < 1 || d > daysInMonth(y, mo)) return { ok: false, kind: 'impossible', reason: `${MONTH_NAMES[mo - 1]} ${d} does not exist in ${y}` };
  const hasTime = t[0] !== undefined;
  let hour = hasTime ? Number(t[0]) : 0;
  const minute = hasTime ? Number(t[1]) : 0;
  const second = t[2] ? Number(t[2]) : 0;
  const millisecond = t[3] ? Math.floor(Number(`0.${t[3]}`) * 1000) : 0;
  const ampm = t[4]?.toLowerCase();
  if (ampm) {
    if (hour < 1 || hour > 12) return { ok: false, kind: 'impossible', reason: `hour ${hour} with ${ampm}` };
    hour = (hour % 12) + (ampm === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 60) return { ok: false, kind: 'impossible', reason: `time ${t[0]}:${t[1]}:${t[2] ?? '00'} does not exist` };
  let offsetMinutes: number | null = null;
  const z = t[5]?.toLowerCase();
  if (z === 'z' || z === 'utc' || z === 'gmt') offsetMinutes = 0;
  else if (z) {
    const sign = z[0] === '-' ? -1 : 1;
    const digits = z.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  }
  const date = `${pad(y, 4)}-${pad(mo)}-${pad(d)}`;
  const iso = hasTime ? `${date}T${pad(hour)}:${pad(minute)}:${pad(second)}${millisecond ? `.${pad(millisecond, 3)}` : ''}` : date;
  return { ok: true, value: { year: y, month: mo, day: d, hour, minute, second, millisecond, offsetMinutes, hasTime, iso }, notes: ['text'] };
}
