// The time axis of a query: a range on the date column, whole years on a year column, or two
// periods side by side (a row each); a question back when the dataset cannot take the time asked.
import { keepWinnerOfTwo } from './whichOfTwo.js';
import type { CatalogColumn, CatalogDataset } from '../shared/catalog.js';
import type { Filter, InsightQuery } from '../insights/insightQuery.js';
import type { YearBucketSize } from '../insights/yearBucket.js';
import type { Analysis } from './analyze.js';
import { twoSpanSize, twoSpanYearFilter } from './decades.js';
import { isModelIntent } from './intents/index.js';
import type { Shaping, SideBySidePeriods } from './intentShape.js';
import { clarify, dimensionColumns, optionLabels, outsideData } from './options.js';
import { adjacent, twoPeriods } from './periods.js';
import type { ClarifyPlan } from './plan.js';
import { daysOutside, yearFilter, yearsOf, yearsOutside } from './timeAxis.js';
import type { DateRange } from './timePhrases.js';

/** Words that name a period by its place relative to another. */
const RELATIVE_PERIOD = /\b(last|previous|prior|preceding|same (period|month|quarter|week|day)|(a|one) (year|month|quarter|week) (ago|earlier|before))\b/;

export interface TimeFilters {
  range: DateRange | undefined;
  time: NonNullable<InsightQuery['time']>;
  periods: SideBySidePeriods | undefined;
  bucket: YearBucketSize | undefined;
}

/** Adds the time filters to `filters` and returns the time spec begun; `yc` is the year column of a dataset without dates. */
export function readTimeFilters(a: Analysis, ds: CatalogDataset, tc: CatalogColumn | undefined, yc: CatalogColumn | undefined, filters: Filter[]): TimeFilters | { clarify: ClarifyPlan } {
  let range = a.time.range;
  const time: NonNullable<InsightQuery['time']> = {};
  /** Two periods named ("2015 vs 2012"): one row per period. */
  let periods: SideBySidePeriods | undefined;
  // Two whole decades or centuries ("the 1950s vs the 2000s"): a row each, as their buckets (decades.ts).
  let bucket = a.yearBucket;
  const spans = range && a.time.otherRange && (tc || yc) ? twoSpanSize(range, a.time.otherRange) : undefined;
  if (spans && range && a.time.otherRange) {
    bucket = spans;
    if (tc) {
      filters.push(twoPeriods(tc.name, range, a.time.otherRange)!.filter);
      time.grain = 'year';
      periods = { column: 'year', grain: 'year' };
    } else {
      filters.push(twoSpanYearFilter(yc!, range, a.time.otherRange));
      periods = { column: yc!.name, grain: 'year' };
    }
    range = undefined;
  }
  // Other spans longer than a year side by side have no one-row-per-period form here: ask, never merge them.
  if (range && a.time.otherRange && (longerThanYear(range) || longerThanYear(a.time.otherRange)) && (tc || yc)) {
    return { clarify: clarify('I can set single years, months or days side by side, but not longer periods. Compare them year by year?', [], [], 0.3, ds.name) };
  }
  if (range && (range.from || range.to) && tc) {
    if (daysOutside(tc, range) && (!a.time.otherRange || daysOutside(tc, a.time.otherRange))) return { clarify: outsideData(ds, tc.stats?.minTime?.slice(0, 10), tc.stats?.maxTime?.slice(0, 10)) };
    if (a.time.otherRange && (a.time.otherRange.from || a.time.otherRange.to) && range.from && range.to) {
      // Two periods said outright ("2008 vs 2007", "June and September") give a row each; the compare
      // mode (the figure, the one before and the change in one row) is for a period against a relative
      // one ("this year against last", "vs the same month a year earlier").
      const relative = adjacent(a.time.otherRange, range) && RELATIVE_PERIOD.test(a.tokens.map((t) => t.key).join(' '));
      const two = relative ? undefined : twoPeriods(tc.name, range, a.time.otherRange);
      if (two) {
        filters.push(two.filter);
        time.grain = two.grain;
        periods = { column: two.grain, grain: two.grain };
      } else time.range = { ...(range.from ? { from: range.from } : {}), ...(range.to ? { to: range.to } : {}) };
    } else time.range = { ...(range.from ? { from: range.from } : {}), ...(range.to ? { to: range.to } : {}) };
  }
  if (!tc && yc && range && (range.from || range.to)) {
    const ys = yearsOf(range);
    if (!ys) return { clarify: clarify(`This dataset has years (${yc.label}) but no dates, so I can only filter by whole years. Which year do you mean?`, [], [], 0.3, ds.name) };
    const other = a.time.otherRange ? yearsOf(a.time.otherRange) : undefined;
    if (yearsOutside(yc, ys) && (!other || yearsOutside(yc, other))) return { clarify: outsideData(ds, String(yc.stats?.min ?? ''), String(yc.stats?.max ?? '')) };
    if (other && ys.from !== undefined && other.from !== undefined && ys.to === ys.from + 1 && other.to === other.from + 1) {
      filters.push({ column: yc.name, op: 'in', values: [other.from, ys.from].sort((x, y) => x - y) });
      periods = { column: yc.name, grain: 'year' };
    } else filters.push(yearFilter(yc, ys)!);
  }
  if (!tc && yc && a.time.grain && a.time.grain !== 'year') {
    return { clarify: clarify(`This dataset has years (${yc.label}) but no dates, so it cannot be split by ${a.time.grain}. By year instead?`, [`by ${yc.label}`], [], 0.3, ds.name) };
  }
  if ((range || a.time.grain || a.time.compare) && !tc && !yc) {
    return { clarify: clarify(`This dataset has no date or year column, so I cannot use '${a.time.phrases.join("', '")}'. Ask without the time phrase?`, optionLabels(dimensionColumns(ds)), a.time.phrases, 0.3, ds.name) };
  }
  return { range, time, periods, bucket };
}

/** Two periods read side by side: one row per period, whatever intent the wording suggested. */
export function applyPeriods(s: Shaping): void {
  const { q, time, yc, periods, measures } = s;
  if (!periods || isModelIntent(s.intent)) return;
  // "which store had the most sales in 2019 or 2020": a ranking of something else over both periods, not the periods side by side.
  // "which month had the most revenue in 2019 or 2020": a ranking at a finer grain than the periods, too.
  const ranking = s.intent === 'top_n' || s.intent === 'bottom_n';
  if (ranking && q.dimensions.some((d) => d !== yc?.name && d !== periods.column)) {
    if (time.grain === periods.grain) delete time.grain;
    return;
  }
  if (ranking && time.grain && time.grain !== periods.grain) return;
  if (periods.column === yc?.name) {
    q.dimensions = [yc.name, ...q.dimensions.filter((d) => d !== yc.name)];
    q.orderBy = [{ field: yc.name, direction: 'asc' }];
  } else {
    q.orderBy = [];
  }
  delete q.compare;
  delete time.range;
  q.limit = null;
  if (!q.measures.length) q.measures = measures.length ? measures : [{ agg: 'count' }];
  // "which had more sunspots, 1778 or 1947?": the winner of the two periods.
  keepWinnerOfTwo(s.a, q, s.notes, periods.column !== yc?.name);
}

/** A range longer than one calendar year (a decade, a century). */
function longerThanYear(r: { from?: string; to?: string }): boolean {
  return !!r.from && !!r.to && Date.parse(r.to) - Date.parse(r.from) > 366 * 86_400_000;
}
