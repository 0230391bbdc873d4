import { UNIT_WORDS } from './analyzeWords.js';
import { primaryTimeColumn, type CatalogColumn } from '../shared/catalog.js';
import type { Analysis } from './analysisTypes.js';
import { readAggregationCues } from './aggregationCues.js';
import { calendarParts, type CalendarParts } from './calendarParts.js';
import { readComparisons } from './comparisons.js';
import { fitConditionColumns, guessConditionColumns } from './conditionColumns.js';
import { danglingGroupOf } from './danglingGroup.js';
import { useScopeWords } from './scopeWords.js';
import { isDatasetNameWord } from './datasetName.js';
import { readYearBucket, splitTwoCenturies } from './decades.js';
import { readDifferenceCue } from './difference.js';
import { linkEntities } from './link.js';
import { splitTwoYears } from './linkChoice.js';
import { readLinkSlots } from './linkSlots.js';
import { MONTH_NUMBER } from './monthNames.js';
import { readQuantityNouns } from './quantityNouns.js';
import { readRank } from './rankCue.js';
import { findRowNoun } from './rowNoun.js';
import { readTextPatterns } from './textPatterns.js';
import { readNamesWithWord } from './namesWithWord.js';
import { readSoleMeasureNoun } from './soleMeasure.js';
import { useQualifierWords } from './qualifierWords.js';
import { yearColumn } from './timeAxis.js';
import { parseTimePhrases, type TimeContext, type TimeParse } from './timePhrases.js';
import { GRAIN_ADJECTIVE } from './groupReadings.js';
import type { Token } from './tokenize.js';
import { splitLabel, type Vocabulary } from './vocabulary.js';

export type { Ambiguity, Analysis, ColumnMention, NumericCondition, ValueMention } from './analysisTypes.js';

/**
 * "more than 35 mpg in the city" with an MPG.city column: a word of a column's name that the plan
 * uses is that column's word, not a value WordNet reaches from it (city → civic → a model "Civic").
 */
function dropValuesNamingColumns(values: Analysis['values'], columns: readonly CatalogColumn[]): void {
  const words = new Set(columns.flatMap((c) => [...splitLabel(c.label), ...splitLabel(c.name)]));
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i]!;
    if (v.link.candidates[0]?.source === 'wordnet' && v.link.text.split(' ').every((w) => words.has(w))) values.splice(i, 1);
  }
}

/** Everything the planner needs to know about a question against one dataset. */
export function analyze(tokens: readonly Token[], vocab: Vocabulary, timeOpts: Omit<TimeContext, 'latest'>): Analysis {
  const ds = vocab.dataset;
  const tc = primaryTimeColumn(ds);
  const { calendar, time, bucket } = readTime(tokens, vocab, timeOpts, tc);
  const used = new Set<number>([...time.consumed, ...(calendar?.consumed ?? [])]);

  // Numeric comparisons claim their numbers before linking.
  const { conditions, orderAll } = readComparisons(tokens, used, vocab, time.consumed);
  let rank = readRank(tokens, used, time.consumed);
  guessConditionColumns(tokens, conditions, vocab);
  const patterns = readTextPatterns(tokens, used, vocab);
  const links = linkEntities(tokens, vocab, used);
  const slots = readLinkSlots(tokens, vocab, links, used, conditions, rank, tc);
  const { measures, dimensions, timeMentions, values, ambiguous, datasetNamed, plainScale } = slots;
  let matchScore = slots.matchScore;
  rank = slots.rank;
  // "how many crossings", where the one measure is called "y": before comparisons are fitted, so
  // "more than 40 crossings" compares that measure.
  const sole = readSoleMeasureNoun(links.unknown, used, vocab, measures);
  if (sole) {
    measures.push(sole);
    used.add(sole.link.start);
  }
  fitConditionColumns(conditions, measures, ds, tokens);
  dropValuesNamingColumns(values, [...measures.map((m) => m.column), ...dimensions.map((d) => d.column), ...conditions.flatMap((c) => (c.column ? [c.column] : []))]);

  const { aggCues, countCue, distinctCue, bothEnds } = readAggregationCues(tokens, used, links, rank, measures);
  // "the lowest and highest ri": one figure's two ends, not a ranking by it.
  if (bothEnds && rank && (rank.index === bothEnds.low || rank.index === bothEnds.high)) rank = undefined;
  for (const t of tokens) if (rank && t.index === rank.index) used.add(t.index);
  // "largest first": every row, in that order.
  if (rank && orderAll && rank.n === undefined) rank = { ...rank, all: true };
  const series = readQuantityNouns(tokens, used, links, measures, vocab);
  patterns.push(...readNamesWithWord(links.unknown, used, vocab, values));
  // A misspelt word for the rows ("patiants") is read as the word it was corrected to.
  const corrected = tokens.map((t) => (links.keys[t.index] && links.keys[t.index] !== t.key ? { ...t, key: links.keys[t.index]!, stem: links.keys[t.index]! } : t));
  const row = findRowNoun(corrected, links.unknown.map((t) => corrected[t.index]!), used, vocab, rank, datasetNamed);
  const rowNoun = row?.token;
  if (rowNoun) used.add(rowNoun.index);
  useDatasetNameWords(tokens, links.unknown, used, vocab);
  useQualifierWords(tokens, links.unknown, used, links, vocab);
  useScopeWords(tokens, (i) => links.links.some((l) => l.start <= i && i < l.end), used, vocab);
  const difference = readDifferenceCue(tokens, used, time, values);
  const unknown = [...links.unknown, ...plainScale].filter((t) => !used.has(t.index)).sort((x, y) => x.index - y.index);
  const danglingGroup = danglingGroupOf(tokens, used, links);
  const unitWords: Analysis['unitWords'] = [];
  for (const t of tokens) {
    const g = UNIT_WORDS[t.key];
    if (g && !used.has(t.index)) unitWords.push({ grain: g, index: t.index });
  }
  matchScore -= 0.4 * unknown.length;
  const unusedNumbers = tokens.filter((t) => t.kind === 'number' && !used.has(t.index) && !time.consumed.has(t.index) && !(rank && rank.n === t.value));
  const cal = calendar && (calendar.parts.length || calendar.by) ? { calendar: { parts: calendar.parts, ...(calendar.by ? { by: calendar.by } : {}), ...(calendar.rankYears ? { rankYears: true } : {}), consumed: [...calendar.consumed] } } : {};
  return { ...(bucket ? { yearBucket: bucket.size } : {}), ...(row ? { rowNoun: row.token, rowNounNamed: row.named } : {}), ...(series ? { seriesNoun: true } : {}), ...(difference ? { difference } : {}), ...cal, unusedNumbers, patterns, vocab, tokens, time, links, measures, dimensions, timeMentions, values, conditions, aggCues, countCue, distinctCue, ...(bothEnds ? { bothEnds } : {}), rank, ambiguous, unknown, matchScore, used, unitWords, datasetNamed, ...(danglingGroup ? { danglingGroup } : {}) };
}

/** The time phrases, the parts of the calendar and a decade or century bucket, read before anything else. */
function readTime(tokens: readonly Token[], vocab: Vocabulary, timeOpts: Omit<TimeContext, 'latest'>, tc: CatalogColumn | undefined) {
  const yc = tc ? undefined : yearColumn(vocab.dataset);
  const firstYear = yc?.stats?.min ?? undefined;
  // A year column's last year is where "the last 3 years" and "last year" count back from, as a
  // date column's last day is (else they would count from the clock, or from 1970 with none).
  const lastYear = yc?.stats?.max;
  const latest = tc?.stats?.maxTime ?? (lastYear != null && Number.isInteger(lastYear) ? `${lastYear}-12-31` : null);
  // In a table with a column per month, a month said names its column: the time phrases never see it.
  const wide = vocab.wideMonths;
  // "December across all years", "on weekends", "by day of the week": parts of a date, read first.
  const calendar: CalendarParts | undefined = tc ? calendarParts(tokens) : undefined;
  const timeTokens = tokens.map((t) => ((wide && Object.hasOwn(MONTH_NUMBER, t.key)) || calendar?.consumed.has(t.index) ? { ...t, key: '\u0000' } : t));
  const time = splitTwoCenturies(tokens, splitTwoYears(tokens, parseTimePhrases(timeTokens, { ...timeOpts, latest, ...(firstYear ? { earliestYear: firstYear } : {}) })));
  if (!tc && !yc) unitOfFigure(tokens, vocab, time);
  const bucket = readYearBucket(tokens, vocab.dataset, time.consumed);
  if (bucket) {
    // Planned as a year series, then bucketed (buildQuery → applyYearBucket).
    time.grain = 'year';
    for (const j of bucket.consumed) time.consumed.add(j);
    time.phrases.push(bucket.consumed.map((j) => tokens[j]!.norm).join(' '));
  }
  return { calendar, time, bucket };
}

/**
 * "the average hourly wage" in a table where nothing is timed: the adjective right before a column's
 * word says what the figure is per, not a split by hour; it is no time phrase.
 */
function unitOfFigure(tokens: readonly Token[], vocab: Vocabulary, time: TimeParse): void {
  if (!time.grain || time.range || time.compare || time.consumed.size !== 1) return;
  const i = [...time.consumed][0]!;
  const next = tokens[i + 1];
  if (!GRAIN_ADJECTIVE[tokens[i]!.key] || next?.kind !== 'word') return;
  if (![...(vocab.exact.get(next.key) ?? []), ...(vocab.stemmed.get(next.stem) ?? [])].some((e) => e.target.kind === 'column')) return;
  delete time.grain;
  time.overTime = false;
  time.consumed.clear();
  time.phrases = [];
}

/**
 * A word of the dataset's own name qualifying another ("leaf length" in a dataset named for leaf
 * growth) says which data, nothing more: it is not an unknown word.
 */
function useDatasetNameWords(tokens: readonly Token[], unknown: readonly Token[], used: Set<number>, vocab: Vocabulary): void {
  const runTogether = vocab.dataset.name.replace(/[^a-z0-9]/g, '');
  for (const t of unknown) {
    if (used.has(t.index) || !isDatasetNameWord(vocab.dataset, t.key)) continue;
    used.add(t.index);
    // "A&B 100" for a dataset named "ab100": the number completes the name.
    const next = tokens[t.index + 1];
    if (next?.kind === 'number' && runTogether === `${t.key}${next.norm}`) used.add(next.index);
  }
}
