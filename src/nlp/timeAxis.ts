import { isNumericType, type CatalogColumn, type CatalogDataset } from '../shared/catalog.js';
import type { Filter } from '../insights/insightQuery.js';
import type { DateRange } from './timePhrases.js';
import { splitLabel } from './vocabulary.js';
import { yearNameParts } from './startYear.js';

/** True when a column's values never repeat: one row each (one row per period, for a time axis). */
export function onePerValue(c: CatalogColumn | undefined, ds: CatalogDataset): c is CatalogColumn {
  return !!c && (c.stats?.distinctCount ?? 0) === ds.rowCount && !c.stats?.distinctApprox;
}

const YEAR_NAME = new Set(['year', 'years', 'yr', 'yyyy', 'yearid', 'season']);
const MIN_YEAR = 1000;
const MAX_YEAR = 2300;

/**
 * An integer column that holds years, for a dataset with no date column: its name says year and
 * its profile holds whole numbers in a plausible year range. It serves as the time axis for "in
 * 1955", "since 1980", "by year", trends and period comparisons.
 */
export function yearColumn(ds: CatalogDataset): CatalogColumn | undefined {
  const years = (c: CatalogColumn, words: readonly string[]) => {
    if (!isNumericType(c.type) || c.type === 'double' || !words.some((w) => YEAR_NAME.has(w))) return false;
    const s = c.stats;
    return !s || s.min === null || (s.min >= MIN_YEAR && (s.max ?? 0) <= MAX_YEAR && (s.integralShare ?? 1) >= 0.99);
  };
  // A name run together with its year ("foundingyear", "yearbuilt") only where no column says year alone.
  const plain = ds.columns.find((c) => years(c, [...splitLabel(c.label), ...splitLabel(c.name)]));
  if (plain) return plain;
  // Two such ("yearbuilt" and "yrsold") name different times: neither is the table's.
  const joined = ds.columns.filter((c) => years(c, yearNameParts(c)));
  return joined.length === 1 ? joined[0] : undefined;
}

/** The years a day range covers when it is whole years ([from, to) as years), else undefined. */
export function yearsOf(r: DateRange): { from?: number; to?: number } | undefined {
  const whole = (d: string | undefined) => d === undefined || /^\d{4}-01-01$/.test(d.slice(0, 10));
  if (!whole(r.from) || !whole(r.to)) return undefined;
  return { ...(r.from ? { from: Number(r.from.slice(0, 4)) } : {}), ...(r.to ? { to: Number(r.to.slice(0, 4)) } : {}) };
}

/** The filter a whole-year range puts on a year column ("in 1955" → year = 1955). */
export function yearFilter(col: CatalogColumn, y: { from?: number; to?: number }): Filter | undefined {
  if (y.from !== undefined && y.to !== undefined) {
    if (y.to - y.from === 1) return { column: col.name, op: 'eq', value: y.from };
    return { column: col.name, op: 'between', values: [y.from, y.to - 1] };
  }
  if (y.from !== undefined) return { column: col.name, op: 'gte', value: y.from };
  if (y.to !== undefined) return { column: col.name, op: 'lt', value: y.to };
  return undefined;
}

/** True when a whole-year range has no year in common with the column's profile range. */
export function yearsOutside(col: CatalogColumn, y: { from?: number; to?: number }): boolean {
  const s = col.stats;
  if (!s || s.min === null || s.max === null) return false;
  return (y.from !== undefined && y.from > s.max) || (y.to !== undefined && y.to <= s.min);
}

/** True when a day range has no day in common with a date column's profile range. */
export function daysOutside(col: CatalogColumn, r: DateRange): boolean {
  const lo = col.stats?.minTime?.slice(0, 10);
  const hi = col.stats?.maxTime?.slice(0, 10);
  if (!lo || !hi) return false;
  return (r.from !== undefined && r.from > hi) || (r.to !== undefined && r.to <= lo);
}

/** A part-of-year column (quarter 1–4) beside a year column, with at most one row per pair. */
export function onePerYearAndPart(col: CatalogColumn, ds: CatalogDataset): boolean {
  const yc = yearColumn(ds);
  const parts = col.stats?.distinctCount ?? 0;
  const years = yc?.stats?.distinctCount ?? 0;
  return !!yc && yc.name !== col.name && parts >= 2 && parts <= 12 && ds.rowCount <= years * parts;
}
