// "top 5 …", "the lowest …", "which … had the most": what is ranked — groups, dates, years, or the
// rows themselves — by which measure, and how many.
import { measureName, MAX_LIMIT, type Measure } from '../insights/insightQuery.js';
import type { Clarified, Shaping } from './intentShape.js';
import { clarify, dimensionColumns, namesBeside, optionLabels, rowLabelColumn } from './options.js';
import { asksForOne, DEFAULT_TOP, listTopRows, UNIT_NOUN } from './topRows.js';
import { codesOfThings, pluralOf } from './countPlan.js';

/** Nouns for kinds of things: groups of rows, not rows. */
const KIND_NOUN = /^(types|kinds|categories|sorts|classes|groups|varieties)$/;

export function shapeRanking(s: Shaping): Clarified {
  const { a, ds, q, time, tc, yc, byColumn, named, grouping, bucket, notes } = s;
  const m = s.measures[0] ?? { agg: 'count' as const };
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
  // "the 3 highest wages and the occupation for each", "… with their breed": the column is told of each figure's row.
  const between = after && mention ? a.tokens.slice(mention.link.end, first!.link.start).map((t) => t.key) : [];
  const ofEachRow = pluralFigure && !!m.column && /^(and|with)$/.test(between[0] ?? '') && between.length <= 2 && (between.length === 1 || /^(the|their|its)$/.test(between[1]!));
  if (fewerGroups || ofEachRow) {
    s.intent = listTopRows(a, q, m, notes, ds);
    return undefined;
  }
  if (dims.length) q.dimensions = [dims[0]!.column.name];
  else if (a.calendar?.rankYears && tc) time.grain = 'year'; // "which March …": each year's March
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
    const ofRows = (rowNoun || !tc) && new Set(s.measures.map((x) => x.column)).size === 1 && !!m.column && (m.agg === 'max' || m.agg === 'min' || !a.aggCues.length) && !a.aggCues.some((c) => c.agg !== 'max' && c.agg !== 'min');
    // "the 3 deadliest disaster types": a word for kinds of rows asks for groups that nothing here names; ranking single rows would answer something else.
    const kinds = a.tokens.find((t) => KIND_NOUN.test(t.key) && !a.used.has(t.index));
    if (kinds && !id) return { clarify: clarify(`Rank which ${kinds.norm}? Name the column that holds them.`, optionLabels(dimensionColumns(ds)), [kinds.key], 0.3, ds.name) };
    if (id) q.dimensions = [id.name, ...namesBeside(id, ds)];
    else if (ofRows) {
      s.intent = listTopRows(a, q, m, notes, ds);
      return undefined;
    }
    else if (tc) {
      time.grain = tc.stats?.grain ?? 'day';
      // "which industry …" where nothing names the industries: ranking dates is a guess.
      if (rowNoun) notes.push(`ranked ${time.grain}s, as nothing here names each '${noun!.norm}'`);
    } else {
      const by = (rowNoun || !tc) && rowsRankedBy(s);
      if (!by) return { clarify: clarify('Rank what?', optionLabels(dimensionColumns(ds)), [], 0.3, ds.name) };
      s.intent = listTopRows(a, q, by, notes, ds);
      return undefined;
    }
  }
  q.orderBy = [{ field: measureName(m), direction: s.intent === 'top_n' ? 'desc' : 'asc' }];
  if (a.rank?.all) delete q.limit;
  else q.limit = Math.max(1, Math.min(MAX_LIMIT, Math.round(a.rank?.n ?? (asksForOne(a) ? 1 : DEFAULT_TOP))));
  // Rows with no value sort last (the compiler orders NULLS LAST); say when labels may be missing.
  for (const d of q.dimensions) {
    const col = ds.columns.find((c) => c.name === d);
    if (col?.stats?.nullCount) notes.push(`${col.label} is empty on ${col.stats.nullCount} rows`);
  }
  return undefined;
}

/**
 * With nothing to group by, the one figure the rows can be ranked by when more was said: "the top 5
 * heaviest piglets" (the piglets' numbers name the rows, they are no figure), "the girth of the
 * shortest pole" (the superlative's figure ranks, the other is shown), "top 3 highest error counts"
 * (a count word beside a superlative). Only superlatives: a total or an average ranks groups.
 */
function rowsRankedBy(s: Shaping): Measure | undefined {
  const { a, ds } = s;
  if (a.aggCues.some((c) => c.agg !== 'max' && c.agg !== 'min')) return undefined;
  const mentionOf = (m: Measure) => a.measures.find((x) => x.column.name === m.column);
  const things = (m: Measure) => {
    const said = mentionOf(m);
    return !!said && codesOfThings(said.column, ds.rowCount) && pluralOf(said.link.text, said.column.label);
  };
  const figures = s.measures.filter((m) => m.column && !things(m));
  const columns = new Set(figures.map((m) => m.column));
  if (columns.size === 1) return figures[0];
  const extremes = figures.filter((m) => m.agg === 'max' || m.agg === 'min');
  return columns.size === 2 && extremes.length === 1 ? extremes[0] : undefined;
}
