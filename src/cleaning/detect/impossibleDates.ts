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
