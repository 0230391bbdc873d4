// Rankings over the rows themselves: how many rows a ranking asks for, and the rows with the
// highest or lowest value of a measure when nothing else names what to rank. Pure.
import { MONTH_NUMBER } from './monthNames.js';
import { MAX_LIMIT, type InsightQuery, type Measure } from '../insights/insightQuery.js';
import type { Analysis } from './analyze.js';

export const DEFAULT_TOP = 5;
/** Columns a listing of rows shows: all of them, up to this many. */
const LISTED_COLUMNS = 20;

/** The columns a listing of whole rows shows. */
export const rowColumns = (ds: Analysis['vocab']['dataset']): string[] => ds.columns.slice(0, LISTED_COLUMNS).map((c) => c.name);
/** Row nouns that are themselves periods ("which day", "the top 5 months"). */
export const UNIT_NOUN = /^(days?|weeks?|months?|quarters?|years?|hours?|dates?|times?|periods?)$/;

/** A plural noun by its ending: "islands", not "landmass", "class", "census" or "analysis". */
const plural = (w: string) => /s$/.test(w) && !/(ss|us|is)$/.test(w);

/**
 * "polls with a sample over 4,000", "journals costing over $1,500": the question is a plural noun
 * for the rows and what they must be, with no question word: the rows asked to be seen, not counted.
 */
export function asksForTheRows(a: Analysis): boolean {
  const k = (i: number) => a.links.keys[i] ?? a.tokens[i]?.key ?? '';
  let i = 0;
  while (/^(the|all|list|show|me|give|any)$/.test(k(i))) i++;
  if (a.tokens[i]?.kind !== 'word' || !plural(k(i))) return false;
  const rowsWord = a.rowNoun?.index === i || a.links.links.some((l) => l.start === i && l.end === i + 1 && l.candidates[0]?.target.kind === 'dataset');
  return rowsWord && /^(with|that|which|where|whose|having|costing|priced|over|under|above|below)$/.test(k(i + 1));
}

/** "which car…", "in which year…", "when did…": a ranking that asks for the one first row. */
export function asksForOne(a: Analysis): boolean {
  // A misspelt question word counts as the word it was read as ("wich year").
  const k = (i: number) => a.links.keys[i] ?? a.tokens[i]?.key ?? '';
  const at = ['in', 'on', 'during', 'for'].includes(k(0)) ? 1 : 0;
  // "the heaviest car": a singular noun for the rows (or the dataset's own word) asks for one.
  const rowWord = a.rowNoun ?? a.tokens[a.links.links.find((l) => l.end - l.start === 1 && l.candidates[0]?.target.kind === 'dataset')?.start ?? -1];
  if (rowWord && !plural(rowWord.key) && a.tokens[rowWord.index - 1]?.kind !== 'number') return true;
  // "who earns the most" is one; "who are the least expressive painters" are several.
  const who = k(at) === 'who' && !/^(are|were|have|do)$/.test(k(at + 1));
  if ((['which', 'what', 'whats'].includes(k(at)) || who || (at === 0 && (k(0) === 'when' || k(0) === 'where'))) && !plural(a.rowNoun?.key ?? '')) return true;
  // "the least urban state": a singular column word just after "the" and a ranking word.
  const r = a.rank;
  if (r && k(r.index - 1) === 'the' && a.dimensions.some((d) => d.link.start > r.index && d.link.start - r.index <= 3 && !plural(k(d.link.start)))) return true;
  // "poorest state by income": a singular column word right after the superlative.
  if (r && a.dimensions.some((d) => d.link.start === r.index + 1 && !plural(k(d.link.start)))) return true;
  // "state with the highest average income": a singular column word the ranking is said of.
  if (r && a.dimensions.some((d) => d.link.end - d.link.start === 1 && d.link.start < r.index && /^(with|having|that|whose)$/.test(k(d.link.end)) && !plural(k(d.link.start)))) return true;
  // "busiest month in 2012", "the warmest year": a singular period word right after the superlative.
  if (r && r.n === undefined && [...a.timeMentions.map((m) => m.link.start), ...a.unitWords.map((u) => u.index)].some((i) => i === r.index + 1 && UNIT_NOUN.test(k(i)) && !plural(k(i)))) return true;
  // "the coldest December": a singular month name right after the superlative, every year's month ranked.
  if (r && r.n === undefined && Object.hasOwn(MONTH_NUMBER, k(r.index + 1)) && a.calendar?.parts.some((p) => p.part === 'month')) return true;
  // "fewest arrests — which state?": "which" right before a singular column word, wherever it stands.
  return a.dimensions.some((d) => d.link.end - d.link.start === 1 && ['which', 'what'].includes(k(d.link.start - 1)) && !plural(k(d.link.start)));
}

/**
 * "the longest flight", "the 3 cheapest cars", "the 5 longest wing lengths and their breed":
 * the rows themselves, ordered by the measure; one row unless a number or a plural asks for more.
 */
export function listTopRows(a: Analysis, q: InsightQuery, m: Measure, notes: string[], ds: Analysis['vocab']['dataset']): 'list' {
  const said = [...a.measures.map((x) => x.link), ...(a.rowNoun ? [{ end: a.rowNoun.index + 1 }] : [])].map((l) => a.tokens[l.end - 1]?.key ?? '');
  const plural = said.some((w) => /[^s]s$/.test(w));
  const n = Math.max(1, Math.min(MAX_LIMIT, Math.round(a.rank?.n ?? (plural ? DEFAULT_TOP : 1))));
  const high = a.rank?.dir !== 'bottom';
  notes.push(`listed the ${n === 1 ? 'row' : `${n} rows`} with the ${high ? 'highest' : 'lowest'} ${m.column}`);
  q.measures = [];
  q.dimensions = rowColumns(ds);
  q.orderBy = [{ field: m.column!, direction: high ? 'desc' : 'asc' }];
  q.limit = n;
  return 'list';
}
