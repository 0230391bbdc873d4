// From an analysis and an intent to an InsightQuery: measures with their aggregations, filters from
// values and comparisons, the time axis (a date column or an integer year column), and the shape
// each intent asks for. Returns a clarification when the question cannot be built as asked.
import { isNumericType, primaryTimeColumn } from '../shared/catalog.js';
import { measureName, MAX_LIMIT, type Filter, type InsightQuery, type Measure } from '../insights/insightQuery.js';
import type { Analysis } from './analyze.js';
import { booleanFlags } from './booleanFlags.js';
import { planCount } from './countPlan.js';
import { keepWinnerOfTwo } from './whichOfTwo.js';
import { resolveMeasures } from './resolveMeasures.js';
import { oneYearParts, perRowUnit, typicalOfGroups } from './groupReadings.js';
import { addMissingFilter, addTotalsFilter, countsAreSums, percentScale } from './measureRules.js';
import { adjacent, defaultHorizon, latestPeriod, seasonalGrain, twoPeriods, whichLabels } from './periods.js';
import { defaultGrain } from './defaults.js';
import { isModelIntent, type Intent } from './intents/index.js';
import { clarify, dimensionColumns, fmt, measureColumns, namesBeside, optionLabels, outsideData, rowLabelColumn, uniqueColumns } from './options.js';
import type { ClarifyPlan } from './plan.js';
import { applyMonthColumn, monthNumberColumn } from './dateParts.js';
import { daysOutside, yearColumn, yearFilter, yearsOf, yearsOutside } from './timeAxis.js';
import { applyYearBucket, twoSpanSize, twoSpanYearFilter } from './decades.js';
import { ELAPSED } from './elapsed.js';
import { PART_OUTPUT_NAME } from '../insights/datePart.js';
import { applyDifference, differenceOf } from './difference.js';
import { applyGroupFilter, readGroupFilter } from './groupFilter.js';
import { asksForOne, DEFAULT_TOP, listTopRows, rowColumns, UNIT_NOUN } from './topRows.js';

/** Rows a "list" answer returns unless the question says how many. */
export const LIST_LIMIT = 100;

/** Words that name a period by its place relative to another. */
const RELATIVE_PERIOD = /\b(last|previous|prior|preceding|same (period|month|quarter|week|day)|(a|one) (year|month|quarter|week) (ago|earlier|before))\b/;

export interface Built {
  intent: Intent;
  query: InsightQuery;
  notes: string[];
  horizon?: number;
}

export function buildQuery(aIn: Analysis, intentIn: Intent): Built | { clarify: ClarifyPlan } {
  const ds = aIn.vocab.dataset;
  const notes: string[] = [];
  let intent = intentIn;
  const tc = primaryTimeColumn(ds);
  const mc = tc ? undefined : monthNumberColumn(ds);
  const parts = mc ? applyMonthColumn(aIn, mc) : undefined;
  const flags = booleanFlags(parts?.analysis ?? aIn);
  let a = flags.analysis;
  if (perRowUnit(a)) {
    // "average visitors per month" over monthly rows: a rate per row, one figure, not a series.
    a = { ...a, time: { ...a.time, grain: undefined } };
    if (intent === 'trend') intent = 'aggregate';
    notes.push(`read 'per ${aIn.time.grain}' as the unit of the average: each row is one ${aIn.time.grain}`);
  }
  if (parts) notes.push(...parts.notes);
  notes.push(...flags.notes);
  if (parts && intent === 'trend' && !a.dimensions.some((d) => d.grouping)) intent = 'aggregate';
  const grouping = a.dimensions.filter((d) => d.grouping);
  const named = a.dimensions.filter((d) => !d.grouping);

  // Count questions that group ("number of days by weather") are breakdowns of a count.
  if (intent === 'count' && grouping.length) intent = 'breakdown';
  if (intent === 'count' && (a.time.grain || a.time.overTime)) intent = 'trend';
  if (intent === 'aggregate' && grouping.length) intent = 'breakdown';
  if (intent === 'aggregate' && (a.time.grain || a.time.overTime)) intent = 'trend';
  const seriesAtGrain = intent === 'aggregate' && !!a.seriesNoun && !a.aggCues.length && !a.countCue && !!(primaryTimeColumn(ds) || yearColumn(ds));
  if (seriesAtGrain) intent = 'trend';

  // "how much more … than …", "by what percentage did … grow from … to …": one difference figure.
  // Over a model's guess too ("what was the percent change from … to …" is no change-point search); not a forecast.
  const difference = intent === 'forecast' ? undefined : differenceOf(a, tc, yearColumn(ds));
  if (difference && !['aggregate', 'count', 'compare', 'breakdown'].includes(intent)) intent = 'aggregate';
  // "states with more than 1,000 zip codes": the comparison is on each group's figure, not on each row.
  const groupFilter = difference || isModelIntent(intent) ? undefined : readGroupFilter(a, tc, yearColumn(ds));
  if (groupFilter) {
    a = { ...a, conditions: a.conditions.filter((c) => c !== groupFilter.condition) };
    // The aggregate word ("averaged") is read by this plan: the coverage check must see it used.
    if (groupFilter.aggWord !== undefined) a.used.add(groupFilter.aggWord);
    intent = 'count';
  }
  const rankIntent = intent === 'top_n' || intent === 'bottom_n';
  const measuresOut = resolveMeasures(a, intent, notes);
  let measures = measuresOut.measures;
  let values = measuresOut.values;

  const q: InsightQuery = { dataset: ds.name, measures: [], dimensions: [], orderBy: [] };
  const filters: Filter[] = [...(parts?.filters ?? []), ...flags.filters];
  const byColumn = new Map<string, { vals: string[]; negated: boolean }>();
  for (const v of values) {
    const e = byColumn.get(v.column) ?? { vals: [], negated: v.negated };
    if (!e.vals.includes(v.value)) e.vals.push(v.value);
    byColumn.set(v.column, e);
  }
  // Codes of one column ("district 1 and district 4", even "zone 2 and zone 2") are one filter;
  // with two or more, a comparison shows one row each.
  const codes = new Map<string, number[]>();
  for (const c of a.conditions) {
    if (!c.column) return { clarify: clarify(`Which measure should be compared with ${fmt(c.value)}?`, optionLabels(measureColumns(ds)), [], 0.3, ds.name) };
    const k = percentScale(a, c);
    if (k !== 1) notes.push(`read ${fmt(c.value)}% as ${fmt(c.value * k)}, as ${c.column.label} holds fractions`);
    if (c.op === 'eq') {
      const vals = codes.get(c.column.name) ?? [];
      if (!vals.includes(c.value * k)) codes.set(c.column.name, [...vals, c.value * k]);
      continue;
    }
    filters.push(c.op === 'between' ? { column: c.column.name, op: 'between', values: [c.value * k, c.upper! * k] } : { column: c.column.name, op: c.op, value: c.value * k });
  }
  const sideBySide = [...codes].filter(([, vals]) => vals.length > 1).map(([column]) => column);
  for (const [column, vals] of codes) filters.push(vals.length > 1 ? { column, op: 'in', values: vals } : { column, op: 'eq', value: vals[0]! });

  let range = a.time.range;
  const time: NonNullable<InsightQuery['time']> = {};
  const yc = tc ? undefined : yearColumn(ds);
  /** Two periods named ("2015 vs 2012"): one row per period. */
  let periods: { column: string; grain: 'year' | 'month' | 'day' } | undefined;
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

  const needMeasure = (what: string) => clarify(`Which measure do you want ${what}?`, optionLabels(measureColumns(ds)), [], 0.3, ds.name);
  const firstMeasure = () => measures[0];

  switch (intent) {
    case 'aggregate': {
      if (!measures.length) {
        if (a.countCue || values.length || a.conditions.length) {
          measures = [{ agg: 'count' }];
          intent = 'count';
        } else return { clarify: needMeasure('a figure for') };
      }
      q.measures = measures;
      break;
    }
    case 'count': {
      const c = planCount({ a, measures, named, values, byColumn, filters, notes, tc, ds });
      q.measures = c.measures;
      intent = c.intent;
      if (c.dimensions) q.dimensions = c.dimensions;
      if (c.orderBy) q.orderBy = c.orderBy;
      break;
    }
    case 'breakdown': {
      const dims = grouping.length ? grouping : named;
      if (!dims.length) return { clarify: clarify('Break it down by what?', optionLabels(dimensionColumns(ds)), [], 0.3, ds.name) };
      q.dimensions = [...new Set(dims.map((d) => d.column.name))];
      // "how many countries in each region": a count of the named column's distinct values, not of the rows' weight.
      const countedCol = !measures.length && a.countCue ? named.find((d) => !q.dimensions.includes(d.column.name) && !values.some((v) => v.column === d.column.name)) : undefined;
      q.measures = measures.length ? measures : countedCol ? [{ column: countedCol.column.name, agg: 'count_distinct' }] : [{ agg: 'count' }];
      // Split along elapsed time ("from day to day"): in the axis' own order, as a series.
      q.orderBy = !tc && ELAPSED.test(q.dimensions[0]!) ? [{ field: q.dimensions[0]!, direction: 'asc' }] : [{ field: measureName(q.measures[0]!), direction: 'desc' }];
      break;
    }
    case 'top_n':
    case 'bottom_n': {
      const m = firstMeasure() ?? { agg: 'count' as const };
      q.measures = [m];
      const dims = (named.length ? named : grouping).filter((d) => !byColumn.has(d.column.name) || byColumn.get(d.column.name)!.vals.length === 0);
      const unit = a.unitWords[0];
      const when = a.tokens[0]?.key === 'when';
      // "the 5 longest wing lengths and their breed" with 3 breeds: more rows asked than groups, so rows.
      // Only when the groups are named after the figures ("… and their breed") or the figures are plural;
      // "top 20 regions by revenue" with 10 regions still ranks regions.
      // A period noun ("top 5 quarters by inflation" with 4 quarter numbers) means the rows too.
      const mention = a.measures.find((x) => x.column.name === m.column);
      const first = dims[0];
      const after = !!mention && !!first && first.link.start > mention.link.start;
      const pluralFigure = !!mention && /[^s]s$/.test(a.tokens[mention.link.end - 1]?.key ?? '');
      const period = !!first && UNIT_NOUN.test(first.link.text);
      const fewerGroups = !!first && !!m.column && (after || pluralFigure || period) && (a.rank?.n ?? 0) > (first.column.stats?.distinctCount ?? Infinity);
      if (fewerGroups) {
        intent = listTopRows(a, q, m, notes, ds);
        break;
      }
      if (dims.length) q.dimensions = [dims[0]!.column.name];
      else if (bucket && tc) time.grain = 'year'; // "which decade …": years, bucketed below
      else if (bucket && yc) q.dimensions = [yc.name];
      else if (unit && tc) time.grain = unit.grain;
      else if (when && tc) time.grain = tc.stats?.grain ?? 'day';
      else if (when && yc) {
        q.dimensions = [yc.name];
        // Several rows a year (quarters, months in other columns): "when" may mean the row, not the year.
        if ((yc.stats?.distinctCount ?? ds.rowCount) < ds.rowCount) notes.push(`ranked whole years of ${yc.label}, though each year has several rows`);
      }
      else {
        const id = rowLabelColumn(ds);
        const noun = a.rowNoun ?? a.tokens[a.links.links.find((l) => l.end - l.start === 1 && l.candidates[0]?.target.kind === 'dataset')?.start ?? -1];
        const rowNoun = !!noun && !UNIT_NOUN.test(noun.key);
        // "the longest flight", "the 3 cheapest cars" where no column names each row: the rows themselves, by the measure.
        // With no dates to rank either ("the longest wing length", "top 5 longest stays"), the rows are all there is to rank.
        const ofRows = (rowNoun || !tc) && new Set(measures.map((x) => x.column)).size === 1 && !!m.column && (m.agg === 'max' || m.agg === 'min' || !a.aggCues.length) && !a.aggCues.some((c) => c.agg !== 'max' && c.agg !== 'min');
        if (id) q.dimensions = [id.name, ...namesBeside(id, ds)];
        else if (ofRows) {
          intent = listTopRows(a, q, m, notes, ds);
          break;
        }
        else if (tc) {
          time.grain = tc.stats?.grain ?? 'day';
          // "which industry …" where nothing names the industries: ranking dates is a guess.
          if (rowNoun) notes.push(`ranked ${time.grain}s, as nothing here names each '${noun!.norm}'`);
        } else return { clarify: clarify('Rank what?', optionLabels(dimensionColumns(ds)), [], 0.3, ds.name) };
      }
      q.orderBy = [{ field: measureName(m), direction: intent === 'top_n' ? 'desc' : 'asc' }];
      if (a.rank?.all) delete q.limit;
      else q.limit = Math.max(1, Math.min(MAX_LIMIT, Math.round(a.rank?.n ?? (asksForOne(a) ? 1 : DEFAULT_TOP))));
      // Rows with no value sort last (the compiler orders NULLS LAST); say when labels may be missing.
      for (const d of q.dimensions) {
        const col = ds.columns.find((c) => c.name === d);
        if (col?.stats?.nullCount) notes.push(`${col.label} is empty on ${col.stats.nullCount} rows`);
      }
      break;
    }
    case 'trend': {
      if (!tc && yc) {
        q.measures = measures.length ? measures : a.countCue || values.length ? [{ agg: 'count' }] : [];
        if (!q.measures.length) return { clarify: needMeasure('the trend of') };
        q.dimensions = [yc.name, ...grouping.map((d) => d.column.name).filter((d) => d !== yc.name)];
        q.orderBy = [{ field: yc.name, direction: 'asc' }];
        break;
      }
      if (!tc) return { clarify: clarify('This dataset has no date column, so I cannot show a trend. Break it down by something else?', optionLabels(dimensionColumns(ds)), [], 0.3, ds.name) };
      q.measures = measures.length ? measures : a.countCue || values.length ? [{ agg: 'count' }] : [];
      if (!q.measures.length) return { clarify: needMeasure('the trend of') };
      time.grain = a.time.grain ?? (a.timeMentions.some((m) => m.grouping) || seriesAtGrain ? tc.stats?.grain ?? 'day' : defaultGrain(ds, range));
      q.dimensions = grouping.map((d) => d.column.name);
      break;
    }
    case 'compare': {
      q.measures = measures.length ? measures : [{ agg: 'count' }];
      const multi = [...byColumn].find(([, e]) => e.vals.length >= 2 && !e.negated) ?? (sideBySide.length ? [sideBySide[0]!] : undefined);
      if (multi) q.dimensions = [multi[0]];
      else if (grouping.length) q.dimensions = grouping.map((d) => d.column.name);
      if (!multi && !a.time.compare && !grouping.length) {
        // "compare X and Y" with two measures and no time: a correlation would be another reading; keep both measures side by side.
        if (measures.length < 2 && !periods) notes.push('no second period or value named; compared with the previous period');
      }
      if (tc && (a.time.compare || (!multi && !grouping.length && measures.length < 2))) {
        if (!time.range) time.range = latestPeriod(a, a.time.compareUnit ?? 'year');
        q.compare = { to: a.time.compare ?? 'previous_period' };
      }
      if (q.dimensions.length && !keepWinnerOfTwo(a, q, notes)) q.orderBy = [{ field: measureName(q.measures[0]!), direction: 'desc' }];
      break;
    }
    case 'share': {
      const valueCols = [...byColumn].filter(([, e]) => !e.negated).map(([c]) => c);
      const dims = grouping.length ? grouping.map((d) => d.column.name) : named.length ? named.map((d) => d.column.name) : valueCols.slice(0, 1);
      if (!dims.length) return { clarify: clarify('Shares of what? Name a column to split by.', optionLabels(dimensionColumns(ds)), [], 0.3, ds.name) };
      // The value asked about is one slice of the whole: keep every slice so the share can be computed.
      for (const d of dims) byColumn.delete(d);
      q.dimensions = dims;
      q.measures = measures.length ? [measures[0]!] : [{ agg: 'count' }];
      q.orderBy = [{ field: measureName(q.measures[0]!), direction: 'desc' }];
      break;
    }
    case 'distribution': {
      const col = a.measures[0]?.column ?? a.dimensions[0]?.column;
      if (!col) return { clarify: needMeasure('the distribution of') };
      q.dimensions = [col.name];
      q.measures = [{ agg: 'count' }];
      q.orderBy = [{ field: col.name, direction: 'asc' }];
      break;
    }
    case 'list': {
      q.dimensions = rowColumns(ds);
      q.limit = Math.min(MAX_LIMIT, Math.round(a.rank?.n ?? LIST_LIMIT));
      if (tc) q.orderBy = [{ field: tc.name, direction: 'asc' }];
      break;
    }
    case 'correlation': {
      const ms = uniqueColumns(a.measures.map((m) => m.column)).filter((c) => isNumericType(c.type));
      if (ms.length < 2) return { clarify: clarify('A correlation needs two measures. Which two?', optionLabels(measureColumns(ds)), [], 0.3, ds.name) };
      q.dimensions = [ms[0]!.name, ms[1]!.name];
      q.measures = [{ agg: 'count' }];
      q.limit = MAX_LIMIT;
      break;
    }
    case 'anomalies':
    case 'forecast':
    case 'change_points':
    case 'seasonality':
    case 'trend_test':
    case 'explain_change': {
      if (!tc) return { clarify: clarify(`This dataset has no date column, so I cannot look for ${intent.replace('_', ' ')} over time.`, [], [], 0.3, ds.name) };
      q.measures = measures.length ? [measures[0]!] : a.countCue || values.length ? [{ agg: 'count' }] : [];
      if (!q.measures.length) return { clarify: needMeasure(`to analyse for ${intent.replace('_', ' ')}`) };
      const horizonUnit = a.time.horizon?.unit;
      time.grain = a.time.grain ?? (intent === 'forecast' && horizonUnit ? horizonUnit : intent === 'seasonality' ? seasonalGrain(ds) : defaultGrain(ds, intent === 'explain_change' ? undefined : range));
      if (intent === 'explain_change') {
        if (!time.range) time.range = latestPeriod(a, time.grain === 'year' ? 'year' : 'month');
        q.compare = { to: a.time.compare ?? 'previous_period' };
        delete time.grain;
        q.dimensions = [];
      }
      break;
    }
  }

  const labels = a.conditions.length && !a.rank && !a.countCue && !a.aggCues.length && !isModelIntent(intent) ? whichLabels(a, tc, yc) : undefined;
  if (labels) {
    // "which countries had a fertility rate above 6", "in which years did X exceed N": the labels of the rows that pass.
    intent = 'list';
    q.measures = [];
    q.limit = null;
    if (labels.grain) {
      q.dimensions = [];
      time.grain = labels.grain;
      q.orderBy = [{ field: labels.grain, direction: 'asc' }];
    } else {
      // One row per label: the figures compared are shown beside it ("states with income under 33,000" → state, income).
      const label = ds.columns.find((c) => c.name === labels.column);
      const perRow = !!label && (label.role === 'identifier' || (label.stats?.distinctCount ?? 0) >= ds.rowCount);
      const compared = perRow ? a.conditions.map((c) => c.column!.name).filter((c, i, all) => c !== labels.column && all.indexOf(c) === i) : [];
      q.dimensions = [labels.column!, ...compared];
      q.orderBy = [{ field: labels.column!, direction: 'asc' }];
    }
  }
  if (periods && !isModelIntent(intent)) {
    // Two periods read side by side: one row per period, whatever intent the wording suggested.
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
  }
  addTotalsFilter(a, q, byColumn, filters, notes);
  addMissingFilter(a, q, byColumn, filters, notes);
  if (intent !== 'correlation' && intent !== 'distribution' && intent !== 'list') countsAreSums(ds, q, notes);
  for (const [column, e] of byColumn) {
    if (e.vals.length === 1) filters.push({ column, op: e.negated ? 'neq' : 'eq', value: e.vals[0]! });
    else filters.push({ column, op: e.negated ? 'not_in' : 'in', values: e.vals });
  }
  if (filters.length === 1) q.filter = filters[0]!;
  else if (filters.length > 1) q.filter = { and: filters };
  applyCalendar(a, intent, q, time, !!tc);
  if (tc && !isModelIntent(intent)) oneYearParts(q, time, tc);
  typicalOfGroups(a, q, time, notes);
  if (groupFilter) {
    notes.push(applyGroupFilter(q, time, groupFilter));
    // A count per group is a count answer (one figure per group); an aggregate per group a breakdown.
    intent = groupFilter.countGroups || groupFilter.measure.agg === 'count' ? 'count' : 'breakdown';
  }
  if (bucket && !isModelIntent(intent) && !applyYearBucket(q, time, bucket, tc, yc)) {
    return { clarify: clarify(`I can't group this answer by ${bucket}. Ask for it ${bucket} by ${bucket}?`, [], [], 0.3, ds.name) };
  }
  if (time.grain || time.range || time.parts?.length || time.by) q.time = time;
  if (q.compare && !q.time?.range) delete q.compare;
  if (rankIntent && !q.measures.length) q.measures = [{ agg: 'count' }];
  if (difference && applyDifference(a, q, difference)) {
    notes.push(difference.note);
    intent = 'compare';
  } else if (a.difference) {
    // Difference words with no contrast built are not understood: the coverage check must name them.
    for (const i of a.difference.words) a.used.delete(i);
  }
  void values;
  const built: Built = { intent, query: q, notes };
  if (intent === 'forecast') built.horizon = a.time.horizon?.count ?? defaultHorizon(time.grain ?? 'month');
  return built;
}

/** A range longer than one calendar year (a decade, a century). */
function longerThanYear(r: { from?: string; to?: string }): boolean {
  return !!r.from && !!r.to && Date.parse(r.to) - Date.parse(r.from) > 366 * 86_400_000;
}

/**
 * Parts of the calendar across years: "on weekends" keeps those days of every week; "by day of the
 * week" groups by the part (one row per weekday, in order) in place of any grain.
 */
function applyCalendar(a: Analysis, intent: Intent, q: InsightQuery, time: NonNullable<InsightQuery['time']>, hasDates: boolean): void {
  if (!a.calendar || !hasDates || isModelIntent(intent)) return;
  if (a.calendar.parts.length) time.parts = a.calendar.parts;
  const by = a.calendar.by;
  if (!by) return;
  delete time.grain;
  time.by = by;
  q.compare = null;
  // A comparison's default period (the latest one) does not apply to parts taken across years.
  if (!a.time.range) delete time.range;
  if (intent !== 'top_n' && intent !== 'bottom_n') q.orderBy = [{ field: PART_OUTPUT_NAME[by], direction: 'asc' }];
}
