import type { Analysis } from '../analyze.js';
import type { Intent } from './index.js';
import { primaryTimeColumn } from '../../shared/catalog.js';
import { yearColumn } from '../timeAxis.js';
import { rowLabelColumn } from '../options.js';
import { insideColumnWords } from '../planUse.js';
import { AGG_WORDS } from '../lexicon.js';

/** True when the token at `i` names the rows: the rows' own noun, or a word of the dataset's name. */
function namesRows(a: Analysis, i: number): boolean {
  return a.rowNoun?.index === i || a.links.links.some((l) => l.start === i && l.end === i + 1 && l.candidates[0]?.target.kind === 'dataset');
}

/** "for every reading", "each record": the records one by one. */
export const EACH_RECORD = / (every|each|all( the)?) (reading|readings|record|records|row|rows|entry|entries|observation|observations|measurement|measurements|result|results|sample|samples) /;

/** Dates or a year column: "how has it changed", with no span said, asks over all of them. */
const hasTimeAxis = (a: Analysis) => !!(primaryTimeColumn(a.vocab.dataset) ?? yearColumn(a.vocab.dataset));

/** A cue found in the question's own words, strong enough to decide the intent alone. */
export interface IntentCue {
  intent: Intent;
  why: string;
}

const has = (s: string, re: RegExp) => re.test(s);

/**
 * Cue rules over the question's words, most specific first. They catch what the phrasing makes
 * certain ("why did…", "top 5", "how many"); the classifier covers the rest.
 */
export function intentCues(a: Analysis): IntentCue[] {
  const words = a.tokens.filter((t) => t.kind !== 'punct').map((t) => t.key);
  const s = ` ${words.join(' ')} `;
  const cues: IntentCue[] = [];
  const add = (intent: Intent, why: string) => cues.push({ intent, why });
  const measures = a.measures.length;
  const valuesByColumn = new Map<string, number>();
  for (const v of a.values) valuesByColumn.set(v.column, (valuesByColumn.get(v.column) ?? 0) + 1);
  const twoValues = [...valuesByColumn.values()].some((n) => n >= 2);

  if (has(s, / why (did|was|were|is|are|has|does|do) /) || has(s, / (what|which) (caused|drove|explains?|led to) /) || has(s, / (explain|reason for|reasons for) (the )?(drop|rise|fall|increase|decrease|change|jump|dip|spike|decline|growth)/)) add('explain_change', 'asks why');
  if (has(s, / (forecast|forecasts|predict|prediction|predictions|projected|projection|project|extrapolate|will be|going to be|expected) /) || (a.time.horizon && !a.time.range)) add('forecast', 'asks about the future');
  if (has(s, / (anomaly|anomalies|anomalous|outlier|outliers|unusual|abnormal|spikes|weird|strange|odd) /)) add('anomalies', 'asks for unusual values');
  if (has(s, / (change points?|changepoints?|structural breaks?|regime changes?|level shifts?|shifts?|when did .* (change|shift|jump|break)) /)) add('change_points', 'asks when the level changed');
  if (has(s, / (seasonal|seasonality|season|seasons|cycle|cycles|cyclical|periodic|periodicity|time of (the )?year|yearly pattern|weekly pattern) /)) add('seasonality', 'asks about the seasonal pattern');
  if (has(s, / (is|are|has|have) (the )?(\w+ ){0,4}(increasing|decreasing|rising|falling|growing|declining|trending|going up|going down|been (rising|falling|growing|declining|increasing|decreasing))/) || has(s, / (significant|statistically significant) trend /)) add('trend_test', 'asks whether there is a trend');
  if (has(s, / (correlation|correlations|correlate|correlated|correlates|relationship|related|relate|association|associated|link between|scatter) /) || (measures >= 2 && has(s, / (vs|versus|against) /) && !a.time.range && !twoValues)) add('correlation', 'asks how two measures relate');
  // Not a column's own word ("average spread" where a column is named spread).
  const distAt = a.tokens.findIndex((t, i) => /^(distribution|distributed|histogram|spread|frequencies)$/.test(t.key) && !insideColumnWords(a, i));
  if (distAt >= 0 || has(s, / (frequency of|range of) /)) add('distribution', 'asks for a distribution');
  // "by urban percentage": a share word right after a measure says what the measure holds, not to split a whole.
  const shareAt = a.tokens.findIndex((t) => /^(share|shares|percentage|percent|proportion|proportions|fraction)$/.test(t.key));
  // "earnings per share" → eps: a share word inside a column's own name is no share asked for.
  const inName = (i: number) => insideColumnWords(a, i);
  // "the average share of undecideds": a share that is averaged, or of a measure that holds
  // fractions, is that measure's own figure; nothing is split into parts.
  const ofMeasure = shareAt > 0 && a.tokens[shareAt + 1]?.key === 'of' ? a.measures.find((m) => m.link.start === shareAt + 2 || (a.tokens[shareAt + 2]?.key === 'the' && m.link.start === shareAt + 3)) : undefined;
  const averaged = shareAt > 0 && ['avg', 'median', 'max', 'min'].includes(AGG_WORDS[a.tokens[shareAt - 1]?.key ?? ''] ?? '');
  const fractions = !!ofMeasure && (ofMeasure.column.stats?.min ?? -1) >= 0 && (ofMeasure.column.stats?.max ?? 2) <= 1;
  const describesMeasure = shareAt > 0 && (a.measures.some((m) => m.link.end === shareAt) || inName(shareAt) || (!!ofMeasure && (averaged || fractions)));
  if (has(s, / (share|shares|percentage|percent|proportion|proportions|fraction|what part|contribution|pie) /) && !has(s, / percent (change|increase|decrease|more|less) /) && !describesMeasure) add('share', 'asks for shares');
  // A dimension pinned to one value ("amazon stock") is a filter, not something to rank.
  const pinned = new Set(a.values.filter((v) => !v.negated).map((v) => v.column));
  const rankDims = a.dimensions.filter((d) => !pinned.has(d.column.name));
  const rankable = a.rank && (words[0] === 'when' || words[0] === 'where' || a.rank.n !== undefined || ['top', 'bottom', 'best', 'worst'].includes(a.rank.word) || rankDims.length > 0 || a.unitWords.length > 0);
  // "which monkey sleeps the most": the measure's own verb right before the superlative ranks the rows by it.
  const verbRanked = !!a.rank && /^(which|what|who)$/.test(words[0] ?? '') && a.measures.some((m) => m.link.end === a.rank!.index || (a.tokens[m.link.end]?.key === 'the' && m.link.end + 1 === a.rank!.index));
  // "the largest landmass", "the 3 smallest islands": a superlative on the word for the rows, where a column names each row, ranks the rows.
  // Only where one figure can rank them: a measure named, or the table's only one.
  const oneFigure = measures > 0 || a.vocab.dataset.columns.filter((c) => c.role === 'measure').length === 1;
  const rowsRanked = !!a.rank && oneFigure && !!rowLabelColumn(a.vocab.dataset) && namesRows(a, a.rank.index + 1 + (a.tokens[a.rank.index + 1]?.kind === 'number' ? 1 : 0));
  // "the highest price for each region": the extreme within each group, not the groups ranked.
  const kk = (i: number) => a.tokens[i]?.key ?? '';
  const withinEach = !!a.rank && a.rank.n === undefined && a.dimensions.some((d) => d.link.start > a.rank!.index && (kk(d.link.start - 1) === 'each' || kk(d.link.start - 1) === 'every') && /^(for|in|of|within)$/.test(kk(d.link.start - 2)));
  if (withinEach) add('breakdown', 'asks for the extreme within each group');
  else if (a.rank && (rankable || verbRanked || rowsRanked)) add(a.rank.dir === 'top' ? 'top_n' : 'bottom_n', 'asks for a ranking');
  else if (!a.rank && has(s, / (rank|ranked|ranking) /)) add('top_n', 'asks for a ranking');
  if (!rankable && has(s, /^ (which|what) (\w+ ){1,3}(had|has|have|was|were|is|are|with|saw|got|did) (the )?(\w+ )?(highest|most|largest|biggest|greatest|best|lowest|least|fewest|smallest|worst|hottest|coldest|wettest|driest) /)) {
    add(has(s, / (lowest|least|fewest|smallest|worst|coldest|driest) /) ? 'bottom_n' : 'top_n', 'asks which one ranks first');
  }
  if (a.countCue && !measures) add('count', 'asks how many');
  if (has(s, / (compare|comparison|compared|vs|versus|against|difference between|differ) /) || twoValues || a.time.otherRange) add('compare', 'asks for a comparison');
  if (a.time.compare) add('compare', 'names a period to compare with');
  // "which airports are in RI": the rows' own noun after "which" asks for those rows.
  const rowsWord = (a.rowNoun?.index === 1 && a.rowNounNamed === true) || a.links.links.some((l) => l.start === 1 && l.end === 2 && l.candidates[0]?.target.kind === 'dataset');
  // "which ones have an area between 50 and 100": "ones" stands for the rows.
  const ones = /^ (which|what) ones /.test(s) && !!rowLabelColumn(a.vocab.dataset);
  const rowsAsked = (rowsWord || ones) && ['which', 'what'].includes(words[0] ?? '') && /^ (which|what) \w+ (are|were|is|was|have|has|had|lie|sit) /.test(s) && !a.rank && !a.countCue && !measures && !a.aggCues.length;
  if (rowsAsked) add('list', 'asks which rows');
  // "pressure and flow for every reading at gauge 12": each record, not a figure over them.
  if (EACH_RECORD.test(s) && !a.aggCues.length && !a.countCue) add('list', 'asks for each record');
  if (has(s, /^ (list|show me (all|the) (rows|records|entries|days)|show (all|the) (rows|records|entries)|display (the )?(rows|records)|give me (all )?(the )?(rows|records)) /) || has(s, /^ (which|what) (days?|dates?|rows?|records?|entries|times?) (had|have|has|were|was|with|did) /) || has(s, /^ (list|show) (\w+ )?(where|with) /)) add('list', 'asks for rows');
  // "how did wages move from 1700 to 1800", "how has Peru's rate changed since 1970", "how has it
  // changed over the years": a change over a span of time (or all of it) is a series over it.
  const howMoved = has(s, /^ how (did|has|have|does|do) (the )?(\w+ ){1,4}(change|changed|move|moved|evolve|evolved|develop|developed|vary|varied|progress|progressed|go|gone) /) && (a.time.range ? !!(a.time.range.from || a.time.range.to) : hasTimeAxis(a));
  if (howMoved || a.time.grain || a.time.overTime || has(s, / (trend|trends|trending|evolution|evolve|evolved|history|over the years|timeline|time series) /) || a.timeMentions.some((m) => m.grouping)) add('trend', 'asks for a series over time');
  const perGroup = a.tokens.some((t, i) => t.key === 'per' && !inName(i) && !/^(\d.*|a|one|capita|person|head|inhabitant|resident|individual|thousand|hundred|million)$/.test(a.tokens[i + 1]?.key ?? '') && (a.tokens[i + 1]?.kind === 'word' || a.tokens[i + 1] === undefined));
  if (a.dimensions.some((d) => d.grouping) || perGroup || has(s, / (breakdown|break down|broken down|split by|grouped by|for each) /)) add('breakdown', 'asks for a breakdown');
  if (a.countCue && measures) add('count', 'asks how many');
  return cues;
}
