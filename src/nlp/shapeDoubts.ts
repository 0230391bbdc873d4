// Doubts about the shape of the answer against the shape of the question: what was asked ("how
// many years", "which state", "what will … be") against what the query returns. Each was a
// confident wrong answer on the tuning sets whose words were each linked well; only the structure
// of the question says the answer is not what was asked, so the plan asks instead of asserting.
import type { Analysis } from './analysisTypes.js';
import type { Built } from './buildQuery.js';
import { filterColumns, queryColumns } from './planUse.js';
import { howManyAt } from './analyzeWords.js';
import { primaryTimeColumn, type Grain } from '../shared/catalog.js';

export type ShapeDoubtCode = 'unused-column' | 'future' | 'rows-as-units' | 'which-as-filter' | 'rows-by-measure-word' | 'none-per-row';

export interface ShapeDoubt {
  code: ShapeDoubtCode;
  why: string;
}

/** The shape doubts of a built plan (see the file comment). */
export function shapeDoubts(a: Analysis, built: Built): ShapeDoubt[] {
  return [unreadTimeColumn(a, built), future(a, built), rowsAsUnits(a, built), whichAsFilter(a, built), rowsByMeasureWord(a, built), nonePerRow(a, built)].filter((d): d is ShapeDoubt => !!d);
}

/**
 * A date column named by a word ("deaths" → a death date) that the query never reads: the figure
 * came from elsewhere (the only measure) and the time filter from the primary time column, so the
 * word's meaning was dropped. The primary time column is read by any time filter without being named.
 */
function unreadTimeColumn(a: Analysis, built: Built): ShapeDoubt | undefined {
  const primary = primaryTimeColumn(a.vocab.dataset)?.name;
  const read = queryColumns(built.query);
  const m = a.timeMentions.find((t) => t.column.name !== primary && !read.has(t.column.name));
  return m ? { code: 'unused-column', why: `'${m.link.text}' (${m.column.label}) was not used` } : undefined;
}


/** "what will the temperature be tomorrow": a question about the future answered from past rows. */
function future(a: Analysis, built: Built): ShapeDoubt | undefined {
  if (built.intent === 'forecast') return undefined;
  const words = a.tokens.map((t) => t.key).join(' ');
  return /\b(will|tomorrow)\b/.test(words) ? { code: 'future', why: 'the question is about the future; this figure is from the data so far' } : undefined;
}

const UNIT_GRAIN: Record<string, Grain> = { hours: 'hour', days: 'day', weeks: 'week', months: 'month', quarters: 'quarter', years: 'year' };
const GRAIN_ORDER: readonly Grain[] = ['minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'];

/**
 * "on how many days was it above 22" on hourly rows: counting rows counts hours, not days. Only
 * when the rows are finer than the unit asked; rows at that unit are one per period.
 */
function rowsAsUnits(a: Analysis, built: Built): ShapeDoubt | undefined {
  const at = howManyAt(a.tokens);
  const unit = at < 0 ? undefined : UNIT_GRAIN[a.tokens[at + 2]?.key ?? ''];
  const grain = primaryTimeColumn(a.vocab.dataset)?.stats?.grain;
  if (!unit || !grain || GRAIN_ORDER.indexOf(grain) >= GRAIN_ORDER.indexOf(unit)) return undefined;
  const q = built.query;
  const countsRows = q.measures.length > 0 && q.measures.every((m) => m.agg === 'count' && !m.column);
  if (!countsRows || q.time?.grain || q.dimensions.length) return undefined;
  return { code: 'rows-as-units', why: `rows were counted, but each of the ${a.tokens[at + 2]!.key} asked for holds several rows` };
}

/**
 * "which state is the X airport in?" answered with a figure: the column after "which" is what is
 * asked for, yet the query only filters on it and shows neither it nor any rows.
 */
function whichAsFilter(a: Analysis, built: Built): ShapeDoubt | undefined {
  const q = built.query;
  if (q.dimensions.length || q.time?.grain || q.time?.by) return undefined;
  const filtered = filterColumns(q.filter);
  const measured = new Set(q.measures.map((m) => m.column));
  const asked = [...a.measures, ...a.dimensions].find((m) => /^(which|what)$/.test(a.tokens[m.link.start - 1]?.key ?? '') && filtered.has(m.column.name) && !measured.has(m.column.name));
  return asked ? { code: 'which-as-filter', why: `'${asked.link.text}' after '${a.tokens[asked.link.start - 1]!.key}' was asked for, but only filtered on` } : undefined;
}

/**
 * "which origin had the most delayed flights": a measure's word right before the word for the rows,
 * ranked within groups that each hold many rows, may count the rows with that figure rather than
 * rank the figure. Off where each group is one row ("fewest assault arrests — which state?") or
 * nothing groups ("the most powerful cars"): there the rows themselves are ranked.
 */
function rowsByMeasureWord(a: Analysis, built: Built): ShapeDoubt | undefined {
  const q = built.query;
  // Only "most"/"fewest" before the words: "the longest trips" per group is the longest one.
  if (!a.rank || !/^(most|fewest|least)$/.test(a.rank.word) || a.aggCues.length || a.countCue || !q.dimensions.length) return undefined;
  const ds = a.vocab.dataset;
  const groupsOfMany = q.dimensions.every((d) => (ds.columns.find((c) => c.name === d)?.stats?.distinctCount ?? ds.rowCount) < ds.rowCount * 0.5);
  if (!groupsOfMany || q.measures.some((m) => m.agg === 'count' || m.agg === 'count_distinct')) return undefined;
  const namesRows = (i: number) => a.rowNoun?.index === i || a.links.links.some((l) => l.start === i && l.candidates[0]?.target.kind === 'dataset');
  const m = a.measures.find((x) => x.link.start === a.rank!.index + 1 && q.measures.some((qm) => qm.column === x.column.name) && namesRows(x.link.end));
  return m ? { code: 'rows-by-measure-word', why: `'${m.link.text} ${a.tokens[m.link.end]!.norm}' may count the ${a.tokens[m.link.end]!.norm}, not rank ${m.column.label}` } : undefined;
}

/**
 * "which regions had no sales in 2020" over daily rows: "no X" filtered each row to zero, but the
 * question says it of groups that each hold many rows, whose total is what is zero.
 */
function nonePerRow(a: Analysis, built: Built): ShapeDoubt | undefined {
  const none = a.conditions.find((c) => c.op === 'eq' && c.value === 0 && a.tokens[c.start]?.key === 'no');
  if (!none) return undefined;
  const ds = a.vocab.dataset;
  const q = built.query;
  const groups = [...q.dimensions, ...q.measures.filter((m) => m.agg === 'count_distinct').map((m) => m.column)];
  const many = groups.find((g) => (ds.columns.find((c) => c.name === g)?.stats?.distinctCount ?? ds.rowCount) * 1.5 <= ds.rowCount);
  return many ? { code: 'none-per-row', why: `'no ${none.column?.label}' was read of single rows, not of each ${many}` } : undefined;
}
