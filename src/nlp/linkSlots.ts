// The linked phrases of a question sorted into slots: measures, dimensions, time columns, values
// and ambiguities, with the numbers, codes and superlatives read beside them.
import { CLASSIFIER, mayClassify } from './qualifierWords.js';
import { isNumericType, type CatalogColumn } from '../shared/catalog.js';
import type { Analysis, Ambiguity, ColumnMention, NumericCondition, ValueMention } from './analysisTypes.js';
import { GROUP_WORDS, NEGATIONS, UNIT_WORDS } from './analyzeWords.js';
import { readColumnCode } from './columnCodes.js';
import { takesComparison } from './comparisonSubject.js';
import { codesOfThings, pluralOf } from './countPlan.js';
import { isDatasetNameWord } from './datasetName.js';
import { ELAPSED } from './elapsed.js';
import { AGG_WORDS } from './lexicon.js';
import type { Link, LinkCandidate, LinkResult } from './link.js';
import { disambiguate, precededBy } from './linkChoice.js';
import { isNum } from './numberSlots.js';
import { readSuperlative } from './superlativeSlot.js';
import type { Token } from './tokenize.js';
import type { Vocabulary } from './vocabulary.js';
import { degreeOf } from './wordnet/lemmas.js';

/** The slots filled so far while the links are read in order, and what later links look back at. */
export interface LinkSlots {
  tokens: readonly Token[];
  vocab: Vocabulary;
  links: LinkResult;
  used: Set<number>;
  conditions: NumericCondition[];
  rank: Analysis['rank'];
  tc: CatalogColumn | undefined;
  cols: Map<string, CatalogColumn>;
  /** Every word of the question, for telling tied columns apart. */
  words: Set<string>;
  measures: ColumnMention[];
  dimensions: ColumnMention[];
  timeMentions: ColumnMention[];
  values: ValueMention[];
  ambiguous: Ambiguity[];
  matchScore: number;
  datasetNamed: boolean;
  superlativeOf?: { column: string; end: number };
  scopeEnds: Set<number>;
  /** Scale adjectives in their plain form ("new cases"): left unknown, so the question asks. */
  plainScale: Token[];
  groupEnds: Set<number>;
  k: (i: number) => string;
}

export function readLinkSlots(
  tokens: readonly Token[],
  vocab: Vocabulary,
  links: LinkResult,
  used: Set<number>,
  conditions: NumericCondition[],
  rank: Analysis['rank'],
  tc: CatalogColumn | undefined,
): LinkSlots {
  const ds = vocab.dataset;
  const s: LinkSlots = {
    tokens, vocab, links, used, conditions, rank, tc,
    cols: new Map(ds.columns.map((c) => [c.name, c])),
    words: new Set(tokens.map((t) => t.key)),
    measures: [], dimensions: [], timeMentions: [], values: [], ambiguous: [],
    matchScore: 0,
    datasetNamed: false,
    scopeEnds: new Set<number>(),
    plainScale: [],
    groupEnds: new Set<number>(),
    k: (i: number) => tokens[i]?.key ?? '',
  };
  for (const link of links.links) readLink(s, link);
  return s;
}

function readLink(s: LinkSlots, link: Link): void {
  const { tokens, vocab, links, used, conditions, cols, values, k } = s;
  // "highest opening price" where a column is named "high": the word asks for the maximum of the
  // measure after it, not for that column.
  const next = links.links.find((l) => l.start === link.end && l.candidates[0]?.target.kind === 'column');
  if (link.end - link.start === 1 && link.match === 'root' && AGG_WORDS[links.keys[link.start] ?? ''] && next) return;
  for (let j = link.start; j < link.end; j++) used.add(j);
  if (link.candidates[0]!.target.kind === 'dataset') s.datasetNamed = true;
  const best = link.candidates[0]!;
  s.matchScore += best.score * (link.end - link.start) * (best.target.kind === 'dataset' ? 0.5 : 1);
  // "by region and sex": a column joined by "and" to a grouping column groups too.
  // "by car type": a word naming the dataset between "by" and the column still groups by it.
  const nameWord = (i: number) => isDatasetNameWord(vocab.dataset, k(i), 3);
  const grouping =
    precededBy(tokens, link.start, GROUP_WORDS) ||
    (nameWord(link.start - 1) && precededBy(tokens, link.start - 1, GROUP_WORDS)) ||
    // "by glass type": the thing a column of kinds classifies, between "by" and it.
    (CLASSIFIER.test(k(link.end - 1)) && links.unknown.some((t) => t.index === link.start - 1) && precededBy(tokens, link.start - 1, GROUP_WORDS) && link.candidates[0]?.target.kind === 'column' && mayClassify(vocab, link.candidates[0].target.column, k(link.start - 1))) ||
    // "by number of cylinders": the count a column holds, as the groups.
    (k(link.start - 1) === 'of' && k(link.start - 2) === 'number' && precededBy(tokens, link.start - 2, GROUP_WORDS)) || k(link.start - 1) === 'each' || k(link.start - 2) === 'each' || ((k(link.start - 1) === 'and' || k(link.start - 1) === ',') && s.groupEnds.has(link.start - 1));
  const inComparison = conditions.find((c) => c.end === link.start || c.end + 1 === link.start || c.start === link.end || c.start === link.end + 1 || c.start === link.end + 2);
  let cands = link.candidates.filter((c) => c.target.kind !== 'dataset');
  if (!cands.length) return;
  // A word that names the dataset ("orders") is not also a weak WordNet reading of a column.
  if (link.candidates[0]!.target.kind === 'dataset' && cands.every((c) => c.source === 'wordnet' || c.source === 'partial')) return;
  if (readColumnCode(s, link, cands)) return;
  if (readSuperlative(s, link, cands)) return;
  if (inComparison && takesComparison(link, cands, inComparison, cols, links.links)) return;
  const top = cands[0]!;
  if (top.target.kind === 'value') {
    const alt = cands.find((c) => c.target.kind === 'column' && isNumericType(cols.get(c.target.column)!.type) && !c.via?.startsWith('WordNet hyponym'));
    values.push({
      column: top.target.column,
      value: top.target.value,
      link,
      negated: precededBy(tokens, link.start, NEGATIONS),
      score: top.score,
      altMeasure: alt && alt.target.kind === 'column' ? cols.get(alt.target.column) : undefined,
    });
    // Several values of the same score for one phrase ("apple" in two columns) are kept as one ambiguity.
    return;
  }
  cands = cands.filter((c) => c.target.kind === 'column');
  // A partial label ("sales" of "US DVD Sales") is weak evidence: near rivals make it ambiguous.
  const tie = top.source === 'partial' ? 0.15 : 0.03;
  const tied = cands.filter((c) => top.score - c.score < tie);
  let chosen: LinkCandidate = top;
  if (tied.length > 1) {
    const pick = disambiguate(tied, s.words, grouping, cols);
    if (!pick) {
      s.ambiguous.push({ link, columns: tied.map((c) => cols.get((c.target as { column: string }).column)!) });
      return;
    }
    chosen = pick;
  }
  placeColumn(s, link, chosen, grouping);
}

/** A linked column, as a measure, a dimension, a time column, or the scope of the question. */
function placeColumn(s: LinkSlots, link: Link, chosen: LinkCandidate, grouping: boolean): void {
  if (chosen.target.kind !== 'column') return;
  const { tokens, tc, k } = s;
  const ds = s.vocab.dataset;
  const col = s.cols.get(chosen.target.column)!;
  // "which patient was the heaviest": the superlative ranks, though it is read after the column.
  const whichOf = (i: number) => ['which', 'what'].includes(k(i - 1)) && (!!s.rank || tokens.some((t) => t.index > i && t.kind === 'word' && degreeOf(t.key) === 'superlative'));
  const fewValues = (c: CatalogColumn, most = 12) => (c.stats?.distinctCount ?? Infinity) <= most && (c.stats?.distinctCount ?? 0) < ds.rowCount / 2;
  // Elapsed time said as a unit ("from day to day", "by week") is an axis to split by, as a date column would be.
  // "top 5 provinces by education": in a ranking, a measure after "by" is what to rank by, however few its values.
  const rankBy = (i: number) => !!s.rank && k(i - 1) === 'by' && s.rank.index < i;
  const elapsedAxis = !tc && ELAPSED.test(col.name) && UNIT_WORDS[k(link.start)] !== undefined && !isNum(tokens[link.end]);
  const m: ColumnMention = { column: col, link, grouping: grouping || elapsedAxis, agg: chosen.target.agg, score: chosen.score };
  if (grouping) s.groupEnds.add(link.end);
  // A numeric column of few values groups after "by" (any integer spacing: 0.5/1/2 doses too), and after "which" names the answer's rows.
  // "which patient": after "which", a column of whole-number codes names the rows asked for.
  const codes = (c: CatalogColumn) => (c.stats?.integralShare ?? 0) >= 0.99 && (c.stats?.distinctCount ?? Infinity) <= 100 && (c.stats?.distinctCount ?? 0) < ds.rowCount / 2;
  // "across all firms and years": the whole of each, neither a split nor a filter.
  const scope = (i: number) => (k(i - 1) === 'all' && /^(across|over|for|of|among)$/.test(k(i - 2))) || ((k(i - 1) === 'and' || k(i - 1) === ',') && s.scopeEnds.has(i - 1));
  if (!grouping && col.role !== 'measure' && scope(link.start)) {
    s.scopeEnds.add(link.end);
    return;
  }
  // "top 2 diets by weight": right after a ranking's count, a column of few whole-number codes said in the plural names what is ranked.
  const ranked = !!s.rank && (s.rank.index === link.start - 1 || (s.rank.n !== undefined && tokens[link.start - 1]?.value === s.rank.n && tokens[link.start - 1]?.kind === 'number')) && fewValues(col) && codes(col) && pluralOf(link.text, col.label);
  if (col.role === 'time' || col.type === 'date' || col.type === 'timestamp') s.timeMentions.push(m);
  else if (col.role === 'measure' && !elapsedAxis && !ranked && !(grouping && (fewValues(col, 30) || codesOfThings(col, ds.rowCount)) && !rankBy(link.start)) && !(whichOf(link.start) && (fewValues(col) || codes(col)))) s.measures.push(m);
  else s.dimensions.push(m);
}
