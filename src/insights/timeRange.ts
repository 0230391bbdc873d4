import type { Grain } from '../shared/catalog.js';
import { badInput } from '../shared/errors.js';
import type { CompareMode, TimeRange } from './insightQuery.js';

/**
 * Time ranges in absolute terms. All arithmetic is in UTC on naive instants: warehouse time
 * columns are `date` or `timestamp without time zone`, so an ISO string without an offset means
 * exactly what it says. Month arithmetic clamps to the month's end (2016-02-29 minus a year is
 * 2015-02-28), as Postgres' interval arithmetic does, so the bounds agree with SQL's.
 */

/** `[from, to)`: from inclusive, to exclusive; a null bound is open. ISO strings. */
export interface AbsoluteRange {
  from: string | null;
  to: string | null;
}

/** How far the comparison period lies before the current one: whole months or a fixed duration. */
export type PeriodShift = { months: number } | { ms: number };

export interface ComparisonRanges {
  current: { from: string; to: string };
  previous: { from: string; to: string };
  /** Adding this to a previous-period time lands it in the matching current-period place. */
  shift: PeriodShift;
}

const DAY_MS = 86_400_000;
const FIXED_MS: Partial<Record<Grain, number>> = { minute: 60_000, hour: 3_600_000, day: DAY_MS, week: 7 * DAY_MS };
const MONTHS: Partial<Record<Grain, number>> = { month: 1, quarter: 3, year: 12 };

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Parses an ISO date or timestamp into a UTC instant; an offset, when present, is applied. Throws BAD_INPUT. */
export function parseIsoInstant(s: string): Date {
  const m = ISO.exec(s.trim());
  if (!m) throw badInput(`'${s}' is not an ISO date such as 2014-01-01 or 2014-01-01T12:00:00`);
  const [y, mo, d, h = '0', mi = '0', sec = '0', frac = '', zone] = m.slice(1) as string[];
  const ms = Number((frac ?? '').padEnd(3, '0').slice(0, 3) || 0);
  const t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec), ms);
  const date = new Date(t);
  // Date.UTC rolls 2014-02-30 over to March; a calendar-invalid date is a typo, not a date.
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) {
    throw badInput(`'${s}' is not a valid calendar date`);
  }
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
    return new Date(t - sign * offsetMin * 60_000);
  }
  return date;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** ISO text without offset: `YYYY-MM-DD` at midnight, else `YYYY-MM-DDTHH:MM:SS[.sss]`. */
export function formatInstant(d: Date): string {
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const h = d.getUTCHours();
  const mi = d.getUTCMinutes();
  const s = d.getUTCSeconds();
  const ms = d.getUTCMilliseconds();
  if (h === 0 && mi === 0 && s === 0 && ms === 0) return date;
  return `${date}T${pad(h)}:${pad(mi)}:${pad(s)}${ms ? `.${pad(ms, 3)}` : ''}`;
}

/** Start of the grain period containing `d` (weeks start on Monday, as Postgres' date_trunc). */
export function truncateTo(d: Date, grain: Grain): Date {
  const y = d.getUTCFullYear();
  const mo = d.getUTCMonth();
  switch (grain) {
    case 'minute':
      return new Date(Math.floor(d.getTime() / 60_000) * 60_000);
    case 'hour':
      return new Date(Math.floor(d.getTime() / 3_600_000) * 3_600_000);
    case 'day':
      return new Date(Date.UTC(y, mo, d.getUTCDate()));
    case 'week': {
      const day = new Date(Date.UTC(y, mo, d.getUTCDate()));
      const sinceMonday = (day.getUTCDay() + 6) % 7;
      return new Date(day.getTime() - sinceMonday * DAY_MS);
    }
    case 'month':
      return new Date(Date.UTC(y, mo, 1));
    case 'quarter':
      return new Date(Date.UTC(y, mo - (mo % 3), 1));
    case 'year':
      return new Date(Date.UTC(y, 0, 1));
  }
}

/** `d` plus `months` calendar months, clamped to the target month's last day. */
export function addMonths(d: Date, months: number): Date {
  const y = d.getUTCFullYear();
  const mo = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, mo + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), lastDay);
  return new Date(Date.UTC(y, mo, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()));
}

/** `d` plus `n` grain units (calendar months for month/quarter/year, fixed durations below). */
export function addGrain(d: Date, n: number, grain: Grain): Date {
  const months = MONTHS[grain];
  if (months !== undefined) return addMonths(d, n * months);
  return new Date(d.getTime() + n * FIXED_MS[grain]!);
}

const toDate = (anchor: string | Date): Date => (anchor instanceof Date ? anchor : parseIsoInstant(anchor));

/**
 * Resolves a TimeRange to `[from, to)`. `last N unit` is the last N complete units up to and
 * including the anchor's own unit: anchor 2015-12-31, last 1 year → [2015-01-01, 2016-01-01).
 */
export function resolveTimeRange(range: TimeRange, anchor: string | Date): AbsoluteRange {
  if (range.last) {
    const { count, unit } = range.last;
    const end = addGrain(truncateTo(toDate(anchor), unit), 1, unit);
    return { from: formatInstant(addGrain(end, -count, unit)), to: formatInstant(end) };
  }
  const from = range.from ? parseIsoInstant(range.from) : null;
  const to = range.to ? parseIsoInstant(range.to) : null;
  if (from && to && from.getTime() >= to.getTime()) {
    throw badInput(`time range is empty: 'from' (${range.from}) must be before 'to' (${range.to}), which is exclusive`);
  }
  return { from: from ? formatInstant(from) : null, to: to ? formatInstant(to) : null };
}

const isMonthStart = (d: Date): boolean =>
  d.getUTCDate() === 1 && d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0 && d.getUTCMilliseconds() === 0;

/** Applies a shift backwards (`sign` -1) or forwards (+1). */
export function applyShift(d: Date, shift: PeriodShift, sign: 1 | -1): Date {
  return 'months' in shift ? addMonths(d, sign * shift.months) : new Date(d.getTime() + sign * shift.ms);
}

/**
 * The period a `compare` looks at. previous_period: the range of the same length just before
 * (calendar months when the range is whole months, so February's predecessor is all of January);
 * same_period_last_year: the same dates twelve months earlier.
 */
export function comparisonRanges(range: TimeRange, current: AbsoluteRange, mode: CompareMode): ComparisonRanges {
  if (!current.from || !current.to) throw badInput("'compare' needs a time range with both a start and an end");
  const from = parseIsoInstant(current.from);
  const to = parseIsoInstant(current.to);
  let shift: PeriodShift;
  if (mode === 'same_period_last_year') {
    shift = { months: 12 };
  } else if (range.last) {
    const m = MONTHS[range.last.unit];
    shift = m !== undefined ? { months: range.last.count * m } : { ms: range.last.count * FIXED_MS[range.last.unit]! };
  } else if (isMonthStart(from) && isMonthStart(to)) {
    shift = { months: (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + to.getUTCMonth() - from.getUTCMonth() };
  } else {
    shift = { ms: to.getTime() - from.getTime() };
  }
  return {
    current: { from: current.from, to: current.to },
    previous: { from: formatInstant(applyShift(from, shift, -1)), to: formatInstant(applyShift(to, shift, -1)) },
    shift,
  };
}

/** The shift as Postgres interval text (`12 months`, `45 days`, `3600 seconds`). */
export function shiftToInterval(shift: PeriodShift): string {
  if ('months' in shift) return `${shift.months} months`;
  if (shift.ms % DAY_MS === 0) return `${shift.ms / DAY_MS} days`;
  return `${shift.ms / 1000} seconds`;
}
