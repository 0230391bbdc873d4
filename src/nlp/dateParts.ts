// Date parts held as plain integers (a month column 1–12 with no date column) and pre-counted rows
// (a column holding how many each row stands for). Both are read from the column's name and profile.
import { isNumericType, type CatalogColumn, type CatalogDataset } from '../shared/catalog.js';
import type { Analysis, ColumnMention } from './analyze.js';
import { splitLabel } from './vocabulary.js';
import type { Filter } from '../insights/insightQuery.js';
import { MONTH_NUMBER } from './monthNames.js';


/** An integer column named month whose values lie in 1–12. */
export function monthNumberColumn(ds: CatalogDataset): CatalogColumn | undefined {
  return partNumberColumn(ds, /^(month|mon|mo)$/, 12);
}

/** An integer column named quarter whose values lie in 1–4. */
export function quarterNumberColumn(ds: CatalogDataset): CatalogColumn | undefined {
  return partNumberColumn(ds, /^(quarter|qtr)$/, 4);
}

/** A whole-number column of a part of the year (1 to `max`) whose name says which part ("month", "quarter"). */
export function partNumberColumn(ds: CatalogDataset, name: RegExp, max: number): CatalogColumn | undefined {
  return ds.columns.find((c) => {
    if (!isNumericType(c.type) || !splitLabel(c.name).concat(splitLabel(c.label)).some((w) => name.test(w))) return false;
    const s = c.stats;
    return !!s && s.min !== null && s.max !== null && s.min >= 1 && s.max <= max && (s.integralShare ?? 1) >= 0.99;
  });
}

/**
 * With a month-number column and no date column, month names in the time phrases become a filter
 * on it ("in July" → month = 7), and "by month"/"monthly" groups by it. The analysis returned has
 * those time phrases taken out, so nothing else reads them as dates.
 */
export function applyMonthColumn(a: Analysis, col: CatalogColumn): { analysis: Analysis; filters: Filter[]; notes: string[] } | undefined {
  const months = [...a.time.consumed].map((i) => a.tokens[i]!).filter((t) => MONTH_NUMBER[t.key] !== undefined).map((t) => MONTH_NUMBER[t.key]!);
  const years = [...a.time.consumed].some((i) => a.tokens[i]!.kind === 'number' && (a.tokens[i]!.value ?? 0) >= 1000);
  const byMonth = a.time.grain === 'month';
  if ((!months.length && !byMonth) || years) return undefined;
  const uniq = [...new Set(months)].sort((x, y) => x - y);
  const filters: Filter[] = uniq.length === 1 ? [{ column: col.name, op: 'eq', value: uniq[0]! }] : uniq.length > 1 ? [{ column: col.name, op: 'in', values: uniq }] : [];
  const time = { ...a.time, range: undefined, otherRange: undefined, grain: undefined, overTime: false };
  const dims: ColumnMention[] = byMonth ? [...a.dimensions, { column: col, link: { start: -1, end: -1, text: 'month', candidates: [], match: 'exact' }, grouping: true, score: 1 }] : a.dimensions;
  const notes = [...(uniq.length ? [`read the month name as ${col.label} = ${uniq.join(', ')}`] : []), ...(byMonth ? [`by month is by ${col.label}`] : [])];
  return { analysis: { ...a, time, dimensions: dims }, filters, notes };
}

const COUNT_WORDS = new Set(['count', 'counts', 'n', 'number', 'num', 'frequency', 'freq', 'people', 'persons', 'population', 'individuals', 'employees', 'workers', 'headcount']);

/** Count words that also name codes and ordinals. */
const WEAK_COUNT_WORDS = new Set(['n', 'num', 'number']);

/** A non-negative whole-number measure named as a count: each row stands for that many, so counting means summing it. */
export function countColumn(ds: CatalogDataset): CatalogColumn | undefined {
  const hits = ds.columns.filter((c) => {
    if (c.role !== 'measure' || !isNumericType(c.type)) return false;
    const s = c.stats;
    if (s && ((s.integralShare ?? 1) < 0.99 || (s.min ?? 0) < 0)) return false;
    const words = splitLabel(c.name).concat(splitLabel(c.label));
    if (!(words.length > 0 && words.length <= 2 && words.some((w) => COUNT_WORDS.has(w)))) return false;
    // "num", "n", "number" alone may be a code (a 0–4 diagnosis "num"): a count has more values than a handful.
    const plain = words.some((w) => COUNT_WORDS.has(w) && !WEAK_COUNT_WORDS.has(w));
    return plain || ((s?.max ?? 0) > 10 && (s?.distinctCount ?? 0) > 5);
  });
  return hits.length === 1 ? hits[0] : undefined;
}
