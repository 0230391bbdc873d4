// Readings of a grouped answer that depend on the data's span or on how a superlative was said.
import { primaryTimeColumn } from '../shared/catalog.js';
import { measureName, type InsightQuery, type Measure } from '../insights/insightQuery.js';
import { PART_OUTPUT_NAME } from '../insights/datePart.js';
import type { Analysis } from './analyze.js';
import { UNIT_WORDS } from './analyzeWords.js';
import { onePerValue, onePerYearAndPart, yearColumn } from './timeAxis.js';
import { monthNumberColumn, quarterNumberColumn } from './dateParts.js';

/**
 * Within one calendar year the months are the months of the year: "average wind for each month"
 * or "which month is windiest" over a year of hourly normals groups by the month's number (1–12),
 * as a person thinks of it; each dated bucket would be the same rows under a longer label.
 */
export function oneYearParts(q: InsightQuery, time: NonNullable<InsightQuery['time']>, tc: NonNullable<ReturnType<typeof primaryTimeColumn>>): void {
  const grain = time.grain;
  if ((grain !== 'month' && grain !== 'quarter') || time.by || q.compare) return;
  const min = tc.stats?.minTime ?? '';
  if (!min || min.slice(0, 4) !== (tc.stats?.maxTime ?? '').slice(0, 4)) return;
  delete time.grain;
  time.by = grain;
  q.orderBy = q.orderBy.map((o) => (o.field === grain ? { ...o, field: PART_OUTPUT_NAME[grain] } : o));
}

/**
 * "the warmest month", "the heaviest species": a superlative adjective that ranks groups compares
 * their typical level (the average) of a measured property, not each group's single extreme row.
 * An aggregation word said ("highest maximum temperature") keeps its own reading.
 */
export function typicalOfGroups(a: Analysis, q: InsightQuery, time: NonNullable<InsightQuery['time']>, notes: string[]): void {
  if (!q.dimensions.length && !time.grain && !time.by) return;
  if (a.aggCues.some((c) => c.agg === 'max' || c.agg === 'min')) return;
  q.measures = q.measures.map((m) => {
    // "the lightest weight recorded for each diet" names the measure after the adjective: its extreme is asked.
    const namedAfter = (end: number) => a.links.links.some((l) => l.start === end && l.candidates.some((c) => c.target.kind === 'column' && c.target.column === m.column));
    // Only on the group's own noun ("warmest month", "heaviest species"), not on a row's ("the team with the tallest player").
    // Or with nothing after it ("which month is the warmest", "and the 3 coldest?"): the groups are the ones already named.
    const onGroup = (end: number) => a.dimensions.some((d) => d.link.start === end) || a.timeMentions.some((t) => t.link.start === end) || a.unitWords.some((u) => u.index === end) || !a.tokens.slice(end).some((t) => t.kind === 'word');
    const adjective = m.column && (m.agg === 'max' || m.agg === 'min') && a.measures.some((x) => x.column.name === m.column && x.agg === m.agg && x.link.candidates[0]?.end && !namedAfter(x.link.end) && onGroup(x.link.end));
    if (!adjective || !a.vocab.averaged.has(m.column!)) return m;
    const avg: Measure = { column: m.column!, agg: 'avg' };
    q.orderBy = q.orderBy.map((o) => (o.field === measureName(m) ? { ...o, field: measureName(avg) } : o));
    notes.push(`ranked by the average ${m.column}, as the superlative compares groups`);
    return avg;
  });
}

/** The adjectives of a period ("monthly"), each with its grain. */
export const GRAIN_ADJECTIVE: Record<string, string> = { hourly: 'hour', daily: 'day', weekly: 'week', monthly: 'month', quarterly: 'quarter', yearly: 'year', annual: 'year' };

/**
 * "average visitors per month" where each row is a month, "mean rainfall per year" over yearly
 * rows, "the average monthly number of deaths": "per" (or the adjective) names the unit the average
 * is of, not a split, when the rows are already that unit.
 */
export function perRowUnit(a: Analysis): boolean {
  const grain = a.time.grain;
  // "the lowest monthly temperature": an extreme before the adjective asks for one extreme too. Not
  // when periods are ranked ("which year had the highest quarterly use"): that asks for the year.
  const alone = !a.unitWords.length && !a.dimensions.length && !a.timeMentions.length && !/^(which|what|when)$/.test(a.tokens[0]?.key ?? '');
  const cued = a.aggCues.filter((c) => c.agg === 'avg' || c.agg === 'median' || (alone && (c.agg === 'min' || c.agg === 'max')));
  const at = new Set([...cued.map((c) => c.index), ...(alone && a.rank && a.rank.n === undefined ? [a.rank.index] : [])]);
  if (!grain || (!at.size && !a.rowNoun)) return false;
  // "per month", or "average monthly" (the adjective right after the average: the figure of a typical
  // month; after "lowest": the lowest of the months).
  // "how many monthly readings": the adjective says what each row is, right before the rows' noun.
  const ofRows = !!a.rowNoun && GRAIN_ADJECTIVE[a.tokens[a.rowNoun.index - 1]?.key ?? ''] === grain;
  const said = ofRows || a.tokens.some((t, i) => (cued.some((c) => c.agg === 'avg' || c.agg === 'median') && t.key === 'per' && UNIT_WORDS[a.tokens[i + 1]?.key ?? ''] === grain) || (at.has(i - 1) && GRAIN_ADJECTIVE[t.key] === grain));
  if (!said) return false;
  const ds = a.vocab.dataset;
  const tc = primaryTimeColumn(ds);
  // One row per period, not many rows a day (transactions) or a row per store and month.
  if (tc) return tc.stats?.grain === grain && onePerValue(tc, ds);
  // Or one row a year once a value pins the other column ("average yearly spending on rent" over a row per year and kind).
  if (grain === 'year') return onePerValue(yearColumn(ds), ds) || a.values.some((v) => !v.negated && a.values.filter((w) => w.column === v.column).length === 1 && onePerYearAndPart(ds.columns.find((c) => c.name === v.column)!, ds));
  // A year column beside a quarter or month number: a row per year and part at most.
  const part = grain === 'quarter' ? quarterNumberColumn(ds) : grain === 'month' ? monthNumberColumn(ds) : undefined;
  const years = yearColumn(ds)?.stats?.distinctCount ?? 0;
  return !!part && years > 1 && ds.rowCount <= years * (grain === 'quarter' ? 4 : 12);
}
