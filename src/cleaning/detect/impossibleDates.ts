import { isTimeType } from '../../shared/catalog.js';
import { isMissing } from '../nulls.js';
import { parseDateLoose } from '../parseDate.js';
import { classifyText, DOMINANT_SHARE } from './wrongType.js';
import { shareOf, topExamples, type ColumnInput, type Finding } from './types.js';

/** Plausible years for recorded dates; outside them a date is a typo or a sentinel (0001-01-01, 9999-12-31). */
export const MIN_YEAR = 1800;
export const MAX_YEAR = 2200;

/** Why a date cell is impossible, or null when it is fine (or not a date at all). */
export function impossibleDateReason(v: unknown): string | null {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return 'invalid date';
    const y = v.getUTCFullYear();
    return y < MIN_YEAR || y > MAX_YEAR ? `year ${y} outside ${MIN_YEAR}–${MAX_YEAR}` : null;
  }
  const r = parseDateLoose(v);
  if (r.ok) return r.value.year < MIN_YEAR || r.value.year > MAX_YEAR ? `year ${r.value.year} outside ${MIN_YEAR}–${MAX_YEAR}` : null;
  return r.kind === 'impossible' ? r.reason : null;
}

/**
 * Impossible dates in time columns and in text columns that mostly hold dates: calendar dates
 * that do not exist (Feb 30, month 13) and years outside 1800–2200. Fix for text columns:
 * coerceType to date (impossible values become null); time columns have no automatic fix.
 */
export function detectImpossibleDates(col: ColumnInput): Finding[] {
  const present = col.values.filter((v) => !isMissing(v));
  if (present.length === 0) return [];
  const isText = col.type === 'text';
  if (!isTimeType(col.type)) {
    if (!isText) return [];
    const sample = present.slice(0, 2000).filter((v): v is string => typeof v === 'string');
    // Impossible dates classify as text, so count them with the dates when judging dominance.
    const dateLike = sample.filter((s) => classifyText(s) === 'date' || impossibleDateReason(s) !== null).length;
    if (dateLike < DOMINANT_SHARE * sample.length) return [];
  }
  const counts = new Map<string, number>();
  const reasons = new Map<string, string>();
  let n = 0;
  for (const v of present) {
    const why = impossibleDateReason(v);
    if (!why) continue;
    const key = v instanceof Date ? v.toISOString() : String(v);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    reasons.set(key, why);
    n++;
  }
  if (n === 0) return [];
  const examples = topExamples(counts);
  return [
    {
      kind: 'impossible_dates',
      column: col.name,
      count: n,
      share: shareOf(n, col.values.length),
      examples,
      message: `${n} date(s) in '${col.name}' cannot be right (${examples.slice(0, 3).map((e) => `${e.value}: ${reasons.get(e.value)}`).join('; ')})`,
      fix: isText ? { step: 'coerceType', params: { column: col.name, to: 'date', onError: 'null' } } : null,
      details: { minYear: MIN_YEAR, maxYear: MAX_YEAR },
    },
  ];
}

/** The calendar day of a date cell as YYYYMMDD (a number that orders like the date), or null when it is not a date. */
function dayNumber(v: unknown): number | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.getUTCFullYear() * 10_000 + (v.getUTCMonth() + 1) * 100 + v.getUTCDate();
  const r = parseDateLoose(v);
  return r.ok ? r.value.year * 10_000 + r.value.month * 100 + r.value.day : null;
}

/**
 * Dates after today in a time column or a text column of dates: a recorded event (a release, a
 * sale, a birth) cannot lie in the future, so these are typos or placeholders. Planned dates (a due
 * date) may, so there is no automatic fix. Years beyond MAX_YEAR are left to detectImpossibleDates.
 * `now` is the caller's clock (the detectors do no I/O).
 */
export function detectFutureDates(col: ColumnInput, now: Date): Finding[] {
  const isText = col.type === 'text';
  if (!isTimeType(col.type) && !isText) return [];
  const present = col.values.filter((v) => !isMissing(v));
  if (present.length === 0) return [];
  if (isText) {
    const sample = present.slice(0, 2000).filter((v): v is string => typeof v === 'string');
    if (sample.filter((s) => classifyText(s) === 'date').length < DOMINANT_SHARE * sample.length) return [];
  }
  const today = dayNumber(now)!;
  const counts = new Map<string, number>();
  let n = 0;
  let latest = '';
  for (const v of present) {
    const d = dayNumber(v);
    if (d === null || d <= today || Math.floor(d / 10_000) > MAX_YEAR) continue;
    const key = v instanceof Date ? v.toISOString() : String(v);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (dayNumber(latest) === null || d > dayNumber(latest)!) latest = key;
    n++;
  }
  if (n === 0) return [];
  const asOf = now.toISOString().slice(0, 10);
  return [{
    kind: 'future_dates',
    column: col.name,
    count: n,
    share: shareOf(n, col.values.length),
    examples: topExamples(counts),
    message: `${n} date(s) in '${col.name}' lie after today (${asOf}), the latest ${latest}: a typo or a placeholder unless the column holds planned dates`,
    fix: null,
    details: { asOf, latest },
  }];
}
