// A date column whose rows already are the periods asked for ("1960-12-31" for each quarter):
// grouping by its own dates gives the same groups as date_trunc, and shows the dates the data holds
// instead of relabelling each quarter-end row with its quarter's first day.
import type { CatalogColumn, Grain } from '../shared/catalog.js';

const CALENDAR: ReadonlySet<Grain> = new Set(['week', 'month', 'quarter', 'year']);

/** Whole periods of `grain` from the first date to the last, both counted. */
export function periodsSpanned(from: string, to: string, grain: Grain): number {
  const a = new Date(from);
  const b = new Date(to);
  const months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth();
  if (grain === 'month') return months + 1;
  if (grain === 'quarter') return Math.floor(b.getUTCMonth() / 3) - Math.floor(a.getUTCMonth() / 3) + (b.getUTCFullYear() - a.getUTCFullYear()) * 4 + 1;
  if (grain === 'year') return b.getUTCFullYear() - a.getUTCFullYear() + 1;
  return Math.floor((b.getTime() - a.getTime()) / (7 * 86_400_000)) + 1;
}

/**
 * True when each period of `grain` holds at most one of the column's dates: the profile's spacing is
 * that grain and there are no more distinct dates than periods between the first and the last.
 */
export function datesArePeriods(col: CatalogColumn, grain: Grain | 'decade' | 'century'): boolean {
  const s = col.stats;
  if (col.type !== 'date' || grain === 'decade' || grain === 'century' || !CALENDAR.has(grain) || !s || s.grain !== grain || s.distinctApprox || !s.minTime || !s.maxTime) return false;
  return s.distinctCount <= periodsSpanned(s.minTime, s.maxTime, grain);
}
