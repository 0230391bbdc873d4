// A filter on a figure per group (HAVING): "states with more than 1,000 zip codes", "which kinds
// have over 50 <rows>", "countries whose average life expectancy is above 70", "which years
// averaged above 400". A comparison becomes a condition on the group's figure, not on each row,
// when the number counts the rows themselves (the dataset's noun, the row noun, or a column that
// names each row follows it), or when an aggregate word ("average", "averaged", "total") qualifies
// the compared measure; and only when something names the groups: a column of several rows per
// value said before the comparison, or a time unit ("which years", "how many days").
import type { CatalogColumn } from '../shared/catalog.js';
import { measureName, type Aggregation, type HavingCondition, type InsightQuery, type Measure } from '../insights/insightQuery.js';
import type { Analysis, NumericCondition } from './analyze.js';
import { onePerYearAndPart } from './timeAxis.js';

export interface GroupFilter {
  condition: NumericCondition;
  /** What is compared per group. */
  measure: Measure;
  /** The groups: a column, or a grain of the time axis. */
  group: { column: string } | { grain: 'year' | 'month' | 'day' | 'week' | 'quarter' | 'hour' };
  /** "how many states have …": the number of groups that pass, not the groups. */
  countGroups: boolean;
  /** The aggregate word read ("averaged"), so it is not reported as ignored. */
  aggWord?: number;
}

const AGG_BEFORE: Record<string, Aggregation> = {
  average: 'avg', averaged: 'avg', averages: 'avg', averaging: 'avg', mean: 'avg', median: 'median',
  total: 'sum', totalled: 'sum', totaled: 'sum', combined: 'sum', cumulative: 'sum',
};
const SKIP = /^(the|a|an|its|their|of)$/;

/** The aggregate that qualifies the compared measure: "average X is above", "averaged above", "a total X over". */
function aggregateOf(a: Analysis, c: NumericCondition): { agg: Aggregation; at: number; after?: boolean } | undefined {
  const k = (i: number) => a.tokens[i]?.key ?? '';
  // "which years averaged above 400": the verb itself compares.
  if (AGG_BEFORE[k(c.start - 1)]) return { agg: AGG_BEFORE[k(c.start - 1)]!, at: c.start - 1 };
  // "more than 3000 deaths in total": the words after the compared column say it is the group's sum.
  const after = a.links.links.find((l) => l.start >= c.end && l.start <= c.end + 1 && l.candidates.some((x) => x.target.kind === 'column' && x.target.column === c.column?.name));
  const end = after?.end ?? c.end;
  if (k(end) === 'in' && k(end + 1) === 'total') return { agg: 'sum', at: end + 1, after: true };
  if (/^(combined|altogether)$/.test(k(end))) return { agg: 'sum', at: end, after: true };
  // The compared column's words, just before the comparison ("average life expectancy is above 70").
  const link = a.links.links.find((l) => l.end <= c.start && c.start - l.end <= 2 && l.candidates.some((x) => x.target.kind === 'column' && x.target.column === c.column?.name));
  if (!link) return undefined;
  let i = link.start - 1;
  while (i >= 0 && SKIP.test(k(i))) i--;
  return AGG_BEFORE[k(i)] ? { agg: AGG_BEFORE[k(i)]!, at: i } : undefined;
}

/** True when the words right after the number name the rows themselves ("1,000 zip codes", "50 films"). */
function countsRows(a: Analysis, c: NumericCondition, perRow: (col: CatalogColumn) => boolean): boolean {
  if (a.rowNoun?.index === c.end) return true;
  // "over 1 million disaster deaths": the compared column is named after the number; it is a figure of each row.
  const named = a.links.links.some((l) => l.start >= c.end && l.start <= c.end + 2 && l.candidates.some((x) => x.target.kind === 'column' && x.target.column === c.column?.name));
  if (named && c.column && !perRow(c.column)) return false;
  const link = a.links.links.find((l) => l.start === c.end);
  const top = link?.candidates[0]?.target;
  if (!top) return false;
  if (top.kind === 'dataset') return true;
  const col = top.kind === 'column' ? a.vocab.dataset.columns.find((x) => x.name === top.column) : undefined;
  return !!col && perRow(col);
}

/** The groups named before the comparison: a column of several rows per value, or a time unit. */
function groupOf(a: Analysis, c: NumericCondition, tc: CatalogColumn | undefined, yc: CatalogColumn | undefined, several: (col: CatalogColumn) => boolean): { group: GroupFilter['group']; at: number } | undefined {
  const dim = a.dimensions.find((d) => d.link.end <= c.start && several(d.column) && d.column.name !== c.column?.name);
  if (dim) return { group: { column: dim.column.name }, at: dim.link.start };
  const unit = a.unitWords.find((u) => u.index < c.start);
  if (!unit) return undefined;
  if (tc && unit.grain !== 'minute') return { group: { grain: unit.grain }, at: unit.index };
  if (!tc && yc && unit.grain === 'year' && several(yc)) return { group: { column: yc.name }, at: unit.index };
  return undefined;
}

/** The group filter a question asks for, if any (see the file comment). */
export function readGroupFilter(a: Analysis, tc: CatalogColumn | undefined, yc: CatalogColumn | undefined): GroupFilter | undefined {
  const ds = a.vocab.dataset;
  const distinct = (col: CatalogColumn) => col.stats?.distinctCount ?? ds.rowCount;
  // A measure named after the number ("over 5 million population") is the compared figure, not a noun for the rows.
  const perRow = (col: CatalogColumn) => col.role === 'identifier' || (col.role !== 'measure' && distinct(col) >= 0.9 * ds.rowCount);
  // Several rows a group: otherwise the row's own value is the group's figure and a row filter says it.
  const several = (col: CatalogColumn) => distinct(col) * 1.5 <= ds.rowCount;
  const k = (i: number) => a.tokens[i]?.key ?? '';
  for (const c of a.conditions) {
    if (c.op === 'eq') continue;
    const rows = countsRows(a, c, perRow);
    const agg = rows ? undefined : aggregateOf(a, c);
    if (!rows && !(agg && c.column)) continue;
    const g = groupOf(a, c, tc, yc, several);
    if (!g) continue;
    // "how many months had … in total" where each row is one year's month: the month is the row, not the twelve months of the year.
    const grouped = 'column' in g.group ? g.group.column : undefined;
    const byColumn = grouped ? ds.columns.find((x) => x.name === grouped) : undefined;
    if (agg?.after && byColumn && onePerYearAndPart(byColumn, ds)) continue;
    // A time grain needs rows finer than the unit: "which days" in a table of one row a day is a row filter.
    if ('grain' in g.group && !rows && tc?.stats?.grain === g.group.grain) continue;
    const measure: Measure = rows ? { agg: 'count' } : { column: c.column!.name, agg: agg!.agg };
    const countGroups = (k(g.at - 2) === 'how' && k(g.at - 1) === 'many') || (k(g.at - 2) === 'number' && k(g.at - 1) === 'of');
    return { condition: c, measure, group: g.group, countGroups, ...(agg ? { aggWord: agg.at } : {}) };
  }
  return undefined;
}

/** Makes the built query filter groups: one row per group that passes (or their number), with its figure. */
export function applyGroupFilter(q: InsightQuery, time: NonNullable<InsightQuery['time']>, g: GroupFilter): string {
  // A count of rows may have become a sum of a count column (measureRules): compare what the query computes.
  const measure = q.measures.length === 1 && g.measure.agg === 'count' && q.measures[0]!.agg === 'sum' ? q.measures[0]! : g.measure;
  const c = g.condition;
  const having: HavingCondition = c.op === 'between' ? { measure: measureName(measure), op: 'between', values: [c.value, c.upper!] } : { measure: measureName(measure), op: c.op, value: c.value };
  q.measures = [measure];
  delete time.by;
  if ('column' in g.group) {
    q.dimensions = [g.group.column];
    delete time.grain;
    q.orderBy = g.countGroups ? [] : [{ field: g.group.column, direction: 'asc' }];
  } else {
    q.dimensions = [];
    time.grain = g.group.grain;
    q.orderBy = g.countGroups ? [] : [{ field: g.group.grain, direction: 'asc' }];
  }
  delete q.compare;
  q.limit = null;
  q.having = [having];
  if (g.countGroups) q.countGroups = true;
  const what = 'column' in g.group ? g.group.column : `${g.group.grain}s`;
  return `kept the ${what} whose ${measureName(measure)} is ${c.op} ${c.value}${c.op === 'between' ? ` and ${c.upper}` : ''}${g.countGroups ? ', and counted them' : ''}`;
}
