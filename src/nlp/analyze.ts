import { ACTIVITY, GROUP_WORDS, NEGATIONS, ORDER_BEFORE, OWN_FIGURE, QUANTITY_NOUNS, SPECIFIC_QUANTITY, UNIT_WORDS, yearLike } from './analyzeWords.js';
import { primaryTimeColumn, isNumericType, type CatalogColumn, type Grain } from '../shared/catalog.js';
import type { Aggregation, FilterOp } from '../insights/insightQuery.js';
import { codesOfThings } from './countPlan.js';
import { AGG_WORDS, BOTTOM_WORDS, COMPARATORS, TOP_WORDS } from './lexicon.js';
import { linkEntities, type Link, type LinkCandidate, type LinkResult } from './link.js';
import { parseTimePhrases, type TimeContext, type TimeParse } from './timePhrases.js';
import { yearColumn } from './timeAxis.js';
import { readYearBucket, splitTwoCenturies } from './decades.js';
import type { YearBucketSize } from '../insights/yearBucket.js';
import { ELAPSED } from './elapsed.js';
import type { Token } from './tokenize.js';
import type { Vocabulary } from './vocabulary.js';
import { splitLabel } from './vocabulary.js';
import { degreeOf } from './wordnet/lemmas.js';
import { findRowNoun } from './rowNoun.js';
import { readComparisons } from './comparisons.js';
import { takesComparison } from './comparisonSubject.js';
import { calendarParts, type CalendarParts } from './calendarParts.js';
import { SCALE_VIA } from './scaleAdjectives.js';
import { disambiguate, endColumn, precededBy, splitTwoYears } from './linkChoice.js';
import { MONTH_NUMBER } from './monthNames.js';
import { isDatasetNameWord } from './datasetName.js';
import { fitsRange, isCodeColumn, isNum, numberBefore, wordColumn } from './numberSlots.js';
import { readDifferenceCue, type DifferenceCue } from './difference.js';

export interface ColumnMention {
  column: CatalogColumn;
  link: Link;
  /** Named after "by", "per", "for each", "across": a grouping. */
  grouping: boolean;
  /** Aggregation the link itself carries (a learned "warmest" → max). */
  agg?: Aggregation;
  score: number;
}

export interface ValueMention {
  column: string;
  value: string;
  link: Link;
  negated: boolean;
  score: number;
  /** A numeric column the same words could name ("spend" → cost), used when no measure is named. */
  altMeasure?: CatalogColumn;
}

export interface NumericCondition {
  column?: CatalogColumn;
  op: FilterOp;
  value: number;
  upper?: number;
  /** True when the column was found by scanning the words around it, not named by the comparison or beside it. */
  guessed?: boolean;
  /** Token span of the comparison, for finding its column. */
  start: number;
  end: number;
}

export interface Ambiguity {
  link: Link;
  columns: CatalogColumn[];
}

export interface Analysis {
  vocab: Vocabulary;
  tokens: readonly Token[];
  time: TimeParse;
  links: LinkResult;
  measures: ColumnMention[];
  dimensions: ColumnMention[];
  timeMentions: ColumnMention[];
  values: ValueMention[];
  conditions: NumericCondition[];
  aggCues: { agg: Aggregation; index: number }[];
  countCue: boolean;
  distinctCue: boolean;
  rank?: { dir: 'top' | 'bottom'; n?: number; index: number; word: string; all?: boolean };
  /** Time unit words outside time phrases ("which day…", "top 5 months"): what a ranking ranks. */
  unitWords: { grain: Grain; index: number }[];
  ambiguous: Ambiguity[];
  unknown: Token[];
  /** How well the question matches this dataset's vocabulary (for choosing a dataset). */
  matchScore: number;
  /** True when a link names the dataset itself ("orders", "sales"). */
  datasetNamed: boolean;
  /** A word after "by"/"per" that names no column ("by city"): the question cannot be grouped as asked. */
  danglingGroup?: string;
  /** Token indices that belong to a slot (links, time, comparisons, ranks). */
  used: Set<number>;
  /** Numbers no slot used ("in 12", "8" with no column near it): never dropped silently. */
  unusedNumbers: Token[];
  /** The noun for the dataset's rows ("how many cars", "which city"), when it names nothing in the catalog. */
  rowNoun?: Token;
  /** True when the row noun is part of the dataset's name (else only its place in the sentence says so). */
  rowNounNamed?: boolean;
  /** A plural word for a measure's figures ("readings", "prices"): each one over time, not one figure. */
  seriesNoun?: boolean;
  /** "how much more … than", "the difference between", "how much did … grow": a difference asked for (difference.ts). */
  difference?: DifferenceCue;
  /** Parts of the calendar across years ("on weekends", "by hour of day"), when the data has dates. */
  calendar?: Pick<CalendarParts, 'parts' | 'by'> & { consumed: number[] };
  /** "by decade", "which century" (decades.ts): the year series the plan builds is bucketed by this. */
  yearBucket?: YearBucketSize;
}

/** A numeric column with a few evenly used integer values (cylinders, gears, age groups): it groups rows rather than being summed. */
export function isGroupingNumber(col: CatalogColumn, rowCount: number): boolean {
  const s = col.stats;
  if (!s || !isNumericType(col.type) || (s.integralShare ?? 0) < 0.99) return false;
  return s.distinctCount > 1 && s.distinctCount <= 25 && rowCount / s.distinctCount >= 5;
}

/** Everything the planner needs to know about a question against one dataset. */
export function analyze(tokens: readonly Token[], vocab: Vocabulary, timeOpts: Omit<TimeContext, 'latest'>): Analysis {
  const ds = vocab.dataset;
  const tc = primaryTimeColumn(ds);
  const firstYear = tc ? undefined : yearColumn(vocab.dataset)?.stats?.min ?? undefined;
  // In a table with a column per month, a month said names its column: the time phrases never see it.
  const wide = vocab.wideMonths;
  // "December across all years", "on weekends", "by day of the week": parts of a date, read first.
  const calendar = tc ? calendarParts(tokens) : undefined;
  const timeTokens = tokens.map((t) => ((wide && Object.hasOwn(MONTH_NUMBER, t.key)) || calendar?.consumed.has(t.index) ? { ...t, key: '\u0000' } : t));
  const time = splitTwoCenturies(tokens, splitTwoYears(tokens, parseTimePhrases(timeTokens, { ...timeOpts, latest: tc?.stats?.maxTime ?? null, ...(firstYear ? { earliestYear: firstYear } : {}) })));
  const bucket = readYearBucket(tokens, ds, time.consumed);
  if (bucket) {
    // Planned as a year series, then bucketed (buildQuery → applyYearBucket).
    time.grain = 'year';
    for (const j of bucket.consumed) time.consumed.add(j);
    time.phrases.push(bucket.consumed.map((j) => tokens[j]!.norm).join(' '));
  }
  const k = (i: number) => tokens[i]?.key ?? '';
  const used = new Set<number>([...time.consumed, ...(calendar?.consumed ?? [])]);

  // Numeric comparisons claim their numbers before linking.
  const { conditions, orderAll } = readComparisons(tokens, used, vocab, time.consumed);
  let rank: Analysis['rank'];
  for (let i = 0; i < tokens.length; i++) {
    if (used.has(i)) continue;
    const w = k(i);
    const dir = TOP_WORDS.has(w) ? 'top' : BOTTOM_WORDS.has(w) ? 'bottom' : undefined;
    if (!dir) continue;
    const after = tokens[i + 1];
    const before = tokens[i - 1];
    if (isNum(after) && !used.has(i + 1)) {
      rank = { dir, n: after!.value!, index: i, word: w };
      used.add(i + 1);
    } else if (isNum(before) && !used.has(i - 1) && !time.consumed.has(i - 1)) {
      rank = { dir, n: before!.value!, index: i, word: w };
      used.add(i - 1);
    } else rank ??= { dir, index: i, word: w };
    // "most"/"least" and "highest" also ask for max/min of a measure; keep them as cues too.
    if (w === 'top' || w === 'bottom' || w === 'best' || w === 'worst') used.add(i);
  }

  // "5 countries with the lowest fertility", "which 3 states have the most": the count before the noun.
  if (rank && rank.n === undefined) {
    for (let j = 0; j < rank.index; j++) {
      const t = tokens[j]!;
      if (!isNum(t) || used.has(j) || time.consumed.has(j) || t.percent || !Number.isInteger(t.value) || t.value! < 1 || t.value! > 100) continue;
      if (tokens[j + 1]?.kind !== 'word' || COMPARATORS.some((c) => c.words[c.words.length - 1] === k(j - 1))) continue;
      rank = { ...rank, n: t.value! };
      used.add(j);
      break;
    }
  }

  for (const c of conditions) {
    if (c.column) continue;
    c.column = wordColumn(tokens, c, vocab);
    if (c.column) c.guessed = true;
  }
  const links = linkEntities(tokens, vocab, used);
  const measures: ColumnMention[] = [];
  const dimensions: ColumnMention[] = [];
  const timeMentions: ColumnMention[] = [];
  const values: ValueMention[] = [];
  const ambiguous: Ambiguity[] = [];
  // "which patient was the heaviest": the superlative ranks, though it is read after the column.
  const whichOf = (i: number) => ['which', 'what'].includes(k(i - 1)) && (!!rank || tokens.some((t) => t.index > i && t.kind === 'word' && degreeOf(t.key) === 'superlative'));
  const fewValues = (col: CatalogColumn, most = 12) => (col.stats?.distinctCount ?? Infinity) <= most && (col.stats?.distinctCount ?? 0) < ds.rowCount / 2;
  const words = new Set(tokens.map((t) => t.key));
  let matchScore = 0;
  const cols = new Map(ds.columns.map((c) => [c.name, c]));

  let datasetNamed = false;
  let superlativeOf: { column: string; end: number } | undefined;
  const scopeEnds = new Set<number>();
  const plainScale: Token[] = [];
  const groupEnds = new Set<number>();
  for (const link of links.links) {
    // "highest opening price" where a column is named "high": the word asks for the maximum of the
    // measure after it, not for that column.
    const next = links.links.find((l) => l.start === link.end && l.candidates[0]?.target.kind === 'column');
    if (link.end - link.start === 1 && link.match === 'root' && AGG_WORDS[links.keys[link.start] ?? ''] && next) continue;
    for (let j = link.start; j < link.end; j++) used.add(j);
    if (link.candidates[0]!.target.kind === 'dataset') datasetNamed = true;
    const best = link.candidates[0]!;
    matchScore += best.score * (link.end - link.start) * (best.target.kind === 'dataset' ? 0.5 : 1);
    // "by region and sex": a column joined by "and" to a grouping column groups too.
    // "by car type": a word naming the dataset between "by" and the column still groups by it.
    const nameWord = (i: number) => isDatasetNameWord(vocab.dataset, k(i), 3);
    const grouping =
      precededBy(tokens, link.start, GROUP_WORDS) ||
      (nameWord(link.start - 1) && precededBy(tokens, link.start - 1, GROUP_WORDS)) || k(link.start - 1) === 'each' || k(link.start - 2) === 'each' || ((k(link.start - 1) === 'and' || k(link.start - 1) === ',') && groupEnds.has(link.start - 1));
    const inComparison = conditions.find((c) => c.end === link.start || c.end + 1 === link.start || c.start === link.end || c.start === link.end + 1 || c.start === link.end + 2);
    let cands = link.candidates.filter((c) => c.target.kind !== 'dataset');
    if (!cands.length) continue;
    // A word that names the dataset ("orders") is not also a weak WordNet reading of a column.
    if (link.candidates[0]!.target.kind === 'dataset' && cands.every((c) => c.source === 'wordnet' || c.source === 'partial')) continue;
    // A number right before a column noun ("8 cylinders", "4-cylinder ones") filters that column, when the value fits its range.
    // Not before a scale adjective: "the 3 cheapest" counts rows, it does not filter the price.
    const num = cands[0]!.end ? undefined : numberBefore(tokens, link.start, used);
    if (num !== undefined) {
      const value = tokens[num]!.value!;
      const fit = cands.find((c) => c.target.kind === 'column' && fitsRange(cols.get(c.target.column)!, value));
      if (fit && fit.target.kind === 'column') {
        conditions.push({ column: cols.get(fit.target.column), op: 'eq', value, start: num, end: link.end });
        used.add(num);
        continue;
      }
    }
    // A one-letter code right after its column's word ("grade A", "zone M", "type B") is that value.
    const letter = tokens[link.end];
    const letterCol = letter && letter.kind === 'word' && !used.has(letter.index) ? cands.find((c) => c.target.kind === 'column' && vocab.letterValues.get(c.target.column)?.some((e) => e.key === letter.key)) : undefined;
    if (letter && letterCol && letterCol.target.kind === 'column') {
      const e = vocab.letterValues.get(letterCol.target.column)!.find((x) => x.key === letter.key)!;
      const v = e.target as { column: string; value: string };
      values.push({ column: v.column, value: v.value, link: { ...link, end: letter.index + 1, text: `${link.text} ${letter.key}`, candidates: [{ target: e.target, score: 1, source: 'value', key: letter.key }] }, negated: precededBy(tokens, link.start, NEGATIONS), score: 1 });
      used.add(letter.index);
      continue;
    }
    // A code right after a column noun ("district 4", "dose 2", "ward 3") picks that code of a column of few whole numbers.
    // An article may stand between ("rated their marriage a 5").
    const after = tokens[link.end]?.kind === 'word' && /^(a|an)$/.test(k(link.end)) && isNum(tokens[link.end + 1]) ? tokens[link.end + 1] : tokens[link.end];
    if (after && isNum(after) && !used.has(after.index) && !after.percent) {
      const code = cands.find((c) => c.target.kind === 'column' && isCodeColumn(cols.get(c.target.column)!, after.value!));
      if (code && code.target.kind === 'column') {
        // "after day 10", "before week 3": the word before the noun compares.
        const op = ORDER_BEFORE[k(link.start - 1)] ?? 'eq';
        const start = op === 'eq' ? link.start : link.start - 1;
        if (op !== 'eq') used.add(link.start - 1);
        conditions.push({ column: cols.get(code.target.column), op, value: after.value!, start, end: after.index + 1 });
        used.add(after.index);
        continue;
      }
    }
    // A superlative of an attribute adjective ("heaviest", "longest") orders by that attribute.
    // "most expensive", "least expensive": the superlative said in two words.
    const twoWord = k(link.start - 1) === 'most' || k(link.start - 1) === 'least' ? k(link.start - 1) : undefined;
    const degree = link.end - link.start === 1 ? (twoWord && cands[0]!.end ? 'superlative' : degreeOf(tokens[link.start]!.key)) : undefined;
    // A scale adjective in its plain form ("new cases", "poor people") describes rows, not a measure: left unknown, it asks.
    // But "how heavy", "as old as", "20 years old" ask for the measure itself.
    if (!degree && !twoWord && !/^(more|less|how|as|so|too|years|months|weeks|days)$/.test(k(link.start - 1)) && cands.every((c) => c.via?.startsWith(SCALE_VIA))) {
      for (let j = link.start; j < link.end; j++) used.delete(j);
      plainScale.push(...tokens.slice(link.start, link.end));
      continue;
    }
    // "the longest wing length": of the columns the adjective may mean, the one named right after it.
    const named = links.links.find((l) => l.start === link.end)?.candidates.filter((c) => c.target.kind === 'column').map((c) => (c.target as { column: string }).column) ?? [];
    const attr = cands[0]!.end && cands[0]!.target.kind === 'column' ? cands.find((c) => c.end && c.target.kind === 'column' && named.includes(c.target.column)) ?? endColumn(cands, cols) : undefined;
    if (degree === 'superlative' && attr && attr.target.kind === 'column') {
      const high = (attr.end === 'high') !== (twoWord === 'least');
      const n = tokens[link.start - 1]?.kind === 'number' && !used.has(link.start - 1) ? tokens[link.start - 1]!.value : undefined;
      if (n !== undefined) used.add(link.start - 1);
      if (rank && (rank.word === 'top' || rank.word === 'bottom' || rank.word === 'best' || rank.word === 'worst')) rank = { ...rank, dir: (rank.dir === 'top') === high ? 'top' : 'bottom' };
      else rank = { dir: high ? 'top' : 'bottom', index: link.start, word: high ? 'top' : 'bottom', ...(n !== undefined ? { n } : rank?.n !== undefined ? { n: rank.n } : {}) };
      // "heaviest on average": the ranking is of averages; the superlative alone takes the extreme.
      // "the busiest month": activity adds up over the rows of a group; its total ranks, not its busiest row.
      const averaged = tokens.some((t) => AGG_WORDS[t.key] === 'avg' || AGG_WORDS[t.key] === 'median') || ACTIVITY.test(attr.key);
      // "how old was the oldest": the plain mention of the same column is this one.
      for (let i = measures.length - 1; i >= 0; i--) if (measures[i]!.column.name === attr.target.column && !measures[i]!.agg) measures.splice(i, 1);
      measures.push({ column: cols.get(attr.target.column)!, link, grouping: false, ...(averaged ? {} : { agg: high ? ('max' as const) : ('min' as const) }), score: attr.score });
      superlativeOf = { column: attr.target.column, end: link.end };
      continue;
    }
    // The column named again right after its superlative ("longest wing length") is that one mention.
    if (superlativeOf && link.start === superlativeOf.end && cands.some((c) => c.target.kind === 'column' && c.target.column === superlativeOf!.column)) continue;
    if (inComparison && takesComparison(link, cands, inComparison, cols, links.links)) continue;
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
      continue;
    }
    cands = cands.filter((c) => c.target.kind === 'column');
    // A partial label ("sales" of "US DVD Sales") is weak evidence: near rivals make it ambiguous.
    const tie = top.source === 'partial' ? 0.15 : 0.03;
    const tied = cands.filter((c) => top.score - c.score < tie);
    let chosen: LinkCandidate = top;
    if (tied.length > 1) {
      const pick = disambiguate(tied, words, grouping, cols);
      if (!pick) {
        ambiguous.push({ link, columns: tied.map((c) => cols.get((c.target as { column: string }).column)!) });
        continue;
      }
      chosen = pick;
    }
    if (chosen.target.kind !== 'column') continue;
    const col = cols.get(chosen.target.column)!;
    // Elapsed time said as a unit ("from day to day", "by week") is an axis to split by, as a date column would be.
    // "top 5 provinces by education": in a ranking, a measure after "by" is what to rank by, however few its values.
    const rankBy = (i: number) => !!rank && k(i - 1) === 'by' && rank.index < i;
    const elapsedAxis = !tc && ELAPSED.test(col.name) && UNIT_WORDS[k(link.start)] !== undefined && !isNum(tokens[link.end]);
    const m: ColumnMention = { column: col, link, grouping: grouping || elapsedAxis, agg: chosen.target.agg, score: chosen.score };
    if (grouping) groupEnds.add(link.end);
    // A numeric column of few values groups after "by" (any integer spacing: 0.5/1/2 doses too), and after "which" names the answer's rows.
    // "which patient": after "which", a column of whole-number codes names the rows asked for.
    const codes = (c: CatalogColumn) => (c.stats?.integralShare ?? 0) >= 0.99 && (c.stats?.distinctCount ?? Infinity) <= 100 && (c.stats?.distinctCount ?? 0) < ds.rowCount / 2;
    // "across all firms and years": the whole of each, neither a split nor a filter.
    const scope = (i: number) => (k(i - 1) === 'all' && /^(across|over|for|of|among)$/.test(k(i - 2))) || ((k(i - 1) === 'and' || k(i - 1) === ',') && scopeEnds.has(i - 1));
    if (!grouping && col.role !== 'measure' && scope(link.start)) {
      scopeEnds.add(link.end);
      continue;
    }
    if (col.role === 'time' || col.type === 'date' || col.type === 'timestamp') timeMentions.push(m);
    else if (col.role === 'measure' && !elapsedAxis && !(grouping && (fewValues(col, 30) || codesOfThings(col, ds.rowCount)) && !rankBy(link.start)) && !(whichOf(link.start) && (fewValues(col) || codes(col)))) measures.push(m);
    else dimensions.push(m);
  }
  // Comparisons without an adjacent column apply to the only measure named when the value fits its
  // range; else to the one numeric column whose range fits ("between 20 and 29" → age, not people).
  for (const c of conditions) {
    if (c.column) continue;
    const fits = (col: CatalogColumn) => fitsRange(col, c.value) && (c.upper === undefined || fitsRange(col, c.upper));
    if (measures.length === 1 && fits(measures[0]!.column)) c.column = measures[0]!.column;
    else {
      const numeric = ds.columns.filter((col) => isNumericType(col.type) && col.role !== 'identifier' && col.stats?.min != null && fits(col));
      if (numeric.length === 1) c.column = numeric[0];
      else if (measures.length === 1) c.column = measures[0]!.column;
    }
  }

  const aggCues: Analysis['aggCues'] = [];
  let countCue = false;
  let distinctCue = false;
  for (const t of tokens) {
    if (used.has(t.index) && !(rank && rank.index === t.index)) continue;
    // A typo fixed into an aggregation word ("highst", "avrage") asks for it.
    const key = links.keys[t.index] ?? t.key;
    const a = AGG_WORDS[key];
    if (a && !(key === 'most' || key === 'least')) aggCues.push({ agg: a, index: t.index });
    if ((t.key === 'many' && k(t.index - 1) === 'how') || (t.key === 'number' && k(t.index + 1) === 'of') || t.key === 'count' || t.key === 'counts') countCue = true;
    if (t.key === 'distinct' || t.key === 'unique' || t.key === 'different') distinctCue = true;
  }
  for (const t of tokens) if (rank && t.index === rank.index) used.add(t.index);
  // "largest first": every row, in that order.
  if (rank && orderAll && rank.n === undefined) rank = { ...rank, all: true };
  // "corn price", "the price of corn", "closing value": a word for a quantity beside the measure
  // it qualifies names that measure's figure, not something else.
  // "corn price" names the corn column when its label is just "corn" (or says price), not "corn production".
  const fits = (m: ColumnMention, noun: string) => !SPECIFIC_QUANTITY.test(noun) || splitLabel(m.column.label).length === 1 || splitLabel(m.column.label).some((w) => w.replace(/s$/, '') === noun.replace(/s$/, ''));
  const measureAt = (i: number, noun = '') => measures.some((m) => m.link.start <= i && i < m.link.end && fits(m, noun));
  let series = false;
  const columnLinkAt = (i: number) => links.links.some((l) => l.start <= i && i < l.end && l.candidates[0]?.target.kind === 'column');
  for (const t of tokens) {
    // In a wide table every month column holds the same quantity, so any noun after one names it ("December temperature").
    if (t.kind !== 'word' || used.has(t.index) || !(QUANTITY_NOUNS.test(t.key) || (wide && columnLinkAt(t.index - 1) && vocab.english?.(t.key, 'n')))) continue;
    // "the A&B 100 level": a quantity of the data itself, named by the dataset's own name.
    const ofData = OWN_FIGURE.test(t.key) && (isDatasetNameWord(vocab.dataset, k(t.index - 1)) || (tokens[t.index - 1]?.kind === 'number' && isDatasetNameWord(vocab.dataset, k(t.index - 2))));
    if (ofData || measureAt(t.index - 1, t.key) || (wide && columnLinkAt(t.index - 1)) || (k(t.index + 1) === 'of' && measureAt(t.index + 2 + (k(t.index + 2) === 'the' ? 1 : 0), t.key))) {
      used.add(t.index);
      // "the ozone readings for 2015", "corn prices in the 1890s": each figure over the period, not one.
      if (/s$/.test(t.key) && !/ss$/.test(t.key)) series = true;
    }
  }
  const row = findRowNoun(tokens, links.unknown, used, vocab, rank, datasetNamed);
  const rowNoun = row?.token;
  if (rowNoun) used.add(rowNoun.index);
  // A word of the dataset's own name qualifying another ("leaf length" in a dataset named for leaf
  // growth) says which data, nothing more: it is not an unknown word.
  const runTogether = vocab.dataset.name.replace(/[^a-z0-9]/g, '');
  for (const t of links.unknown) {
    if (used.has(t.index) || !isDatasetNameWord(vocab.dataset, t.key)) continue;
    used.add(t.index);
    // "A&B 100" for a dataset named "ab100": the number completes the name.
    const next = tokens[t.index + 1];
    if (next?.kind === 'number' && runTogether === `${t.key}${next.norm}`) used.add(next.index);
  }
  const difference = readDifferenceCue(tokens, used, time, values);
  const unknown = [...links.unknown, ...plainScale].filter((t) => !used.has(t.index)).sort((x, y) => x.index - y.index);
  let danglingGroup: string | undefined;
  for (let i = 0; i < tokens.length - 1; i++) {
    if (!(k(i) === 'by' || k(i) === 'per') || used.has(i)) continue;
    const j = k(i + 1) === 'the' || k(i + 1) === 'each' ? i + 2 : i + 1;
    const t = tokens[j];
    const datasetLink = links.links.find((l) => l.start === j && l.candidates.every((c) => c.target.kind === 'dataset'));
    if (!t || t.kind !== 'word' || (used.has(j) && !datasetLink)) continue;
    // "by churn rate": a dataset word that only qualifies the column after it.
    if (datasetLink && links.links.some((l) => l.start === datasetLink.end && l.candidates[0]!.target.kind === 'column')) continue;
    if (UNIT_WORDS[t.key] || AGG_WORDS[t.key] || TOP_WORDS.has(t.key) || BOTTOM_WORDS.has(t.key)) continue;
    // "delayed by more than an hour", "up by about 5": an amount, not a grouping.
    if (/^(more|less|over|under|at|about|around|nearly|almost|up|roughly|exactly|a|an)$/.test(t.key)) continue;
    // "top 3 states by number of airports": ranked by a count, not grouped by a column named "number".
    if ((t.key === 'number' || t.key === 'count') && k(j + 1) === 'of') continue;
    danglingGroup = t.key;
    break;
  }
  const unitWords: Analysis['unitWords'] = [];
  for (const t of tokens) {
    const g = UNIT_WORDS[t.key];
    if (g && !used.has(t.index)) unitWords.push({ grain: g, index: t.index });
  }
  matchScore -= 0.4 * unknown.length;
  const unusedNumbers = tokens.filter((t) => t.kind === 'number' && !used.has(t.index) && !time.consumed.has(t.index) && !(rank && rank.n === t.value));
  const cal = calendar && (calendar.parts.length || calendar.by) ? { calendar: { parts: calendar.parts, ...(calendar.by ? { by: calendar.by } : {}), consumed: [...calendar.consumed] } } : {};
  return { ...(bucket ? { yearBucket: bucket.size } : {}), ...(row ? { rowNoun: row.token, rowNounNamed: row.named } : {}), ...(series ? { seriesNoun: true } : {}), ...(difference ? { difference } : {}), ...cal, unusedNumbers, vocab, tokens, time, links, measures, dimensions, timeMentions, values, conditions, aggCues, countCue, distinctCue, rank, ambiguous, unknown, matchScore, used, unitWords, datasetNamed, ...(danglingGroup ? { danglingGroup } : {}) };
}
