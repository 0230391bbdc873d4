// What lowers trust in a plan, and the calibrated confidence that follows. Each doubt has a stable
// code and a factor; the factors were set from the tuning split and the dev set (the share of
// answers with that doubt that were exact), never from the test-only datasets. An answer below
// ANSWER_THRESHOLD is given as a tentative reading with a question back, not as settled.
import { isWholeDatasetWord } from './datasetName.js';
import { countColumn } from './dateParts.js';
import { isAgentVerb } from './booleanFlags.js';
import { countableName, namesRowsOnly, rowsNamed } from './rowNoun.js';
import { saysBeginning, yearOfBeginning } from './startYear.js';
import { rowsArePeriods } from './countPlan.js';
import { INITIAL_VIA } from './link.js';
import { degreeOf } from './wordnet/lemmas.js';
import type { Analysis } from './analyze.js';
import type { Built } from './buildQuery.js';
import { rootVariants } from './lexicon.js';
import { namesRows, rowLabelColumn } from './options.js';
import { splitLabel } from './vocabulary.js';
import { filterColumns, insideColumnWords, pinnedColumns, queryColumns } from './planUse.js';
import { ELAPSED_VIA } from './elapsed.js';
import { shapeDoubts } from './shapeDoubts.js';
import { readingDoubts } from './readingDoubts.js';
import { GRAIN_ADJECTIVE } from './groupReadings.js';
import type { Token } from './tokenize.js';
import { onePerValue, onePerYearAndPart, yearColumn } from './timeAxis.js';

export type IntentSource = 'cue' | 'classifier' | 'default';

export type DoubtCode =
  | 'ignored-word'
  | 'wordnet-link'
  | 'abbreviation-link'
  | 'initial-link'
  | 'partial-link'
  | 'typo'
  | 'no-aggregation'
  | 'only-measure'
  | 'inferred-measure'
  | 'row-noun-by-place'
  | 'intent-guessed'
  | 'intent-default'
  | 'two-periods'
  | 'difference'
  | 'fragment'
  | 'unused-value'
  | 'unused-column'
  | 'uncued-count'
  | 'ambiguous-value'
  | 'polarity'
  | 'rate-as-total'
  | 'which-as-measure'
  | 'row-noun-person'
  | 'rows-with-guess'
  | 'across'
  | 'year-of-rows'
  | 'rows-as-periods'
  | 'unit-guess'
  | 'average-of-periods'
  | 'future'
  | 'rows-as-units'
  | 'which-as-filter'
  | 'rows-by-measure-word'
  | 'value-in-list'
  | 'place-of-same-column'
  | 'part-of-year-ranked'
  | 'relation-as-figures'
  | 'one-of-both-ends'
  | 'amount-as-count'
  | 'ordinal-rank'
  | 'none-per-row'
  | 'only-measure-guess'
  | 'people-as-value'
  | 'code-beside-names';

export interface Doubt {
  code: DoubtCode;
  why: string;
  factor: number;
}

/** Calibrated factors (see the file comment). */
export const DOUBT_FACTORS: Record<DoubtCode, number> = {
  'ignored-word': 0.6,
  'wordnet-link': 0.88,
  'abbreviation-link': 0.95,
  // Not tuned: one letter is thin evidence ("hottest" → h may be humidity), so the answer is shown
  // with a question back, and the reply teaches the word.
  'initial-link': 0.6,
  'partial-link': 0.95,
  typo: 0.92,
  'no-aggregation': 0.95,
  'only-measure': 0.9,
  // Not tuned: any noun would be read so ("how many cats" over counts of crossings), so the answer
  // waits for the user's word.
  'only-measure-guess': 0.6,
  'inferred-measure': 0.95,
  'row-noun-by-place': 0.85,
  'intent-guessed': 0.85,
  'intent-default': 0.97,
  'two-periods': 0.85,
  difference: 0.6,
  fragment: 0.5,
  'unused-value': 0.5,
  'unused-column': 0.6,
  'uncued-count': 0.7,
  'ambiguous-value': 0.7,
  polarity: 0.65,
  'rate-as-total': 0.6,
  'which-as-measure': 0.6,
  'row-noun-person': 0.83,
  'rows-with-guess': 0.85,
  across: 0.65,
  'year-of-rows': 0.6,
  'rows-as-periods': 0.5,
  'unit-guess': 0.75,
  'average-of-periods': 0.6,
  // The shape doubts (shapeDoubts.ts): on the tuning sets each fired only on answers that were wrong.
  future: 0.5,
  'rows-as-units': 0.6,
  'which-as-filter': 0.6,
  'rows-by-measure-word': 0.6,
  // The reading doubts (readingDoubts.ts): the same.
  'value-in-list': 0.6,
  'place-of-same-column': 0.6,
  'part-of-year-ranked': 0.6,
  'relation-as-figures': 0.6,
  // Not tuned: a ranking that answers one of two ends asked is wrong by construction.
  'one-of-both-ends': 0.6,
  // Not tuned: the issue's own example ("how much did it rain in 2015" counted rainy days).
  'amount-as-count': 0.6,
  // Not tuned: a top-N that begins at the first answers another place than the one asked.
  'ordinal-rank': 0.6,
  'none-per-row': 0.6,
  // Not tuned: both readings are common ("workers" as everyone, or as the occupation "worker").
  'people-as-value': 0.6,
  // Not tuned: "midwest" read as MD and "killings" as KS were confident wrong answers.
  'code-beside-names': 0.6,
};

const doubt = (code: DoubtCode, why: string): Doubt => ({ code, why, factor: DOUBT_FACTORS[code] });

/** The doubts of a built plan. */
export function doubtsOf(a: Analysis, built: Built, intentSource: IntentSource, ignored: readonly Token[]): Doubt[] {
  const out: Doubt[] = [];
  for (const t of ignored) out.push(doubt('ignored-word', `ignored '${t.norm}'`));
  const links = [...a.measures.map((m) => m.link), ...a.dimensions.map((d) => d.link), ...a.values.map((v) => v.link), ...a.timeMentions.map((m) => m.link)];
  for (const l of links) {
    const c = l.candidates[0];
    if (!c) continue;
    const sole = a.measures.find((m) => m.link === l)?.soleMeasure;
    if (sole) out.push(sole === 'guess' ? doubt('only-measure-guess', `read '${l.text}' as the only measure, by elimination`) : doubt('only-measure', `read '${l.text}' as the only measure`));
    else if (c.source === 'wordnet') out.push(doubt('wordnet-link', `read '${l.text}' as ${c.via ?? c.key}`));
    // Once a question: several words read as initials all rest on one guess, that the names are initials.
    else if (c.via?.startsWith(INITIAL_VIA)) {
      if (!out.some((d) => d.code === 'initial-link')) out.push(doubt('initial-link', `read '${l.text}' as ${c.key.toUpperCase()}, ${c.via}`));
    }
    // A code read from a word's letters where the rows also have names ("midwest" → MD beside "Maryland"):
    // a name would have been said as itself, so the letters are a weak guess.
    else if (l.match === 'acronym' && c.target.kind === 'value' && besideNames(a, c.target.column)) out.push(doubt('code-beside-names', `read '${l.text}' as the code ${c.key.toUpperCase()}, though the rows have names`));
    else if (c.source === 'abbreviation' || l.match === 'abbreviation' || l.match === 'acronym') out.push(doubt('abbreviation-link', `read '${l.text}' as ${c.via ?? c.key}`));
    else if (c.source === 'partial') out.push(doubt('partial-link', `'${l.text}' is only part of ${c.target.kind === 'value' ? `the name '${c.target.value}'` : 'a column name'}`));
    if (l.match === 'fuzzy') out.push(doubt('typo', `'${l.text}' looks misspelt`));
    // "day 21" read on an elapsed-time column whose label does not say it counts days.

  }
  // "average annual generation" where a year holds many rows: the average of yearly totals was
  // asked, a series by year is answered (perRowUnit took the case where each row is a year).
  const avgAt = new Set(a.aggCues.filter((c) => c.agg === 'avg').map((c) => c.index));
  const periodAdjective = a.tokens.find((t) => avgAt.has(t.index - 1) && Object.hasOwn(GRAIN_ADJECTIVE, t.key));
  const yc = yearColumn(a.vocab.dataset);
  const byPeriod = !!built.query.time?.grain || (!!yc && built.query.dimensions.includes(yc.name));
  if (periodAdjective && byPeriod) out.push(doubt('average-of-periods', `'${a.tokens[periodAdjective.index - 1]!.norm} ${periodAdjective.norm}' was answered as a series, not as one average of the periods`));
  for (const p of a.patterns) if (p.via) out.push(doubt('partial-link', `read '${a.tokens[p.start]!.norm}' as the ${p.via}`));
  // Grouped by a column that names each row once, any aggregation of a group's one row is that row's value.
  // So is a part of the year grouped within one year ("which category was biggest in 1950").
  const ds = a.vocab.dataset;
  const oneYear = pinnedColumns(built.query.filter).has(yearColumn(ds)?.name ?? '');
  const perRow = built.query.dimensions.some((d) => onePerValue(ds.columns.find((c) => c.name === d), ds)) || (oneYear && built.query.dimensions.length === 1 && onePerYearAndPart(ds.columns.find((c) => c.name === built.query.dimensions[0])!, ds));
  if (built.notes.some((n) => n.includes('as no aggregation was named')) && !perRow) out.push(doubt('no-aggregation', 'no aggregation was named'));
  if (built.notes.some((n) => n.startsWith('used ') && n.endsWith(', the only measure'))) out.push(doubt('only-measure', 'no measure was named'));
  else if (!a.measures.length && built.query.measures.some((m) => m.column && m.agg !== 'count_distinct')) out.push(doubt('inferred-measure', 'the measure was inferred'));
  // Where rows have no label column, a word for people may be the rows ("patients") or a part of them ("smokers").
  if (a.rowNoun && !a.rowNounNamed) out.push(doubt(rowLabelColumn(a.vocab.dataset) ? 'row-noun-by-place' : 'row-noun-person', `read '${a.rowNoun.norm}' as the rows`));
  // People read as the rows while the figure is itself a guess (an aggregation not named, a WordNet
  // reading): on the tuning sets every such answer was wrong ("how many patients died" → a death date column).
  const guessedFigure = out.some((d) => d.code === 'no-aggregation' || d.code === 'wordnet-link');
  if (a.rowNoun && !a.rowNounNamed && !rowLabelColumn(a.vocab.dataset) && guessedFigure) out.push(doubt('rows-with-guess', 'the people were read as the rows while the figure was guessed'));
  if (intentSource === 'classifier') out.push(doubt('intent-guessed', `the kind of answer (${built.intent}) was guessed from the wording`));
  if (intentSource === 'default') out.push(doubt('intent-default', 'no kind of answer was named'));
  if (a.time.otherRange) out.push(doubt('two-periods', 'two periods were named'));
  const unit = unitGuess(a);
  if (unit) out.push(doubt('unit-guess', unit));
  if (built.notes.some((n) => n.includes('though each year has several rows'))) out.push(doubt('year-of-rows', '"when" was read as a whole year'));
  const periods = built.notes.find((n) => n.includes('as nothing here names each'));
  if (periods) out.push(doubt('rows-as-periods', periods));
  out.push(...structuralDoubts(a, built));
  for (const d of [...shapeDoubts(a, built), ...readingDoubts(a, built)]) out.push(doubt(d.code, d.why));
  const words = a.tokens.map((t) => t.key).join(' ');
  // "and in 1970?", "what about floods?" with no answer before it to follow: a fragment read alone.
  if (/^(and|what about|how about|same for|same but|but|also|only|just|instead|then)\b/.test(words) || /\b(is|are|was|were) (that|those|these|it|they)$/.test(words)) out.push(doubt('fragment', 'this reads as a follow-up, but there is no earlier answer to follow'));
  // A difference read as one (a contrast: both figures and the difference) is no longer in doubt.
  const contrasted = !!built.query.contrast;
  const howMuchComparative = a.tokens.some((t, i) => t.key === 'how' && a.tokens[i + 1]?.key === 'much' && degreeOf(a.tokens[i + 2]?.key ?? '') === 'comparative') && /\bthan\b/.test(words);
  if (!contrasted && (howMuchComparative || /\b(how (much|many) (more|less|fewer)|more \w+ than|difference)\b/.test(words))) out.push(doubt('difference', 'a difference was asked for; both figures are shown'));
  // "how much did revenue grow between 2001 and 2009": the change from one end to the other, not a figure over the span.
  else if (!contrasted && CHANGE_VERB.test(words) && ENDPOINTS.test(words) && !built.query.time?.grain && !built.query.time?.by && !built.query.dimensions.length) out.push(doubt('difference', 'a change between two points was asked for; this is a figure over the whole span'));
  return out;
}

const CHANGE_VERB = /\b(grow|grew|grown|growth|increase|increased|rise|rose|risen|fall|fell|fallen|drop|dropped|decline|declined|decrease|decreased|change|changed|gain|gained|lose|lost|go up|went up|gone up|go down|went down|gone down)\b/;
const ENDPOINTS = /\b(between \S+( \S+)? and \S+|from \S+( \S+)? (to|until|till|through) \S+)/;

/** Question words that may also be a column's name ("vs", "no") without asking for it. */
const CUE_COLUMN_WORDS = /^(vs|versus|against|over|by|per|total|count|sum|average|mean|max|min|rank|top|bottom|all|each|no)$/;

/**
 * Doubts from comparing what the question named with what the query does: a value or column the
 * analysis linked but the query never reads was dropped, however confident each link was; rows
 * counted when nothing asked for a count mean the measure words were not understood; a value found
 * in two columns with nothing to choose between them was a guess.
 */
function structuralDoubts(a: Analysis, built: Built): Doubt[] {
  const out: Doubt[] = [];
  const q = built.query;
  const filtered = filterColumns(q.filter);
  const read = queryColumns(q);
  const measured = new Set(q.measures.map((m) => m.column).filter(Boolean));
  // A share or a side-by-side comparison may show a value as one of its rows instead of filtering on
  // it, when the rows are few categories (not one row per state, where the value is lost among them).
  const few = (c: string) => (a.vocab.dataset.columns.find((x) => x.name === c)?.stats?.distinctCount ?? 0) <= 20;
  const shown = built.intent === 'share' || built.intent === 'compare' ? new Set(q.dimensions.filter(few)) : new Set<string>();
  for (const v of a.values) {
    if (filtered.has(v.column) || shown.has(v.column) || (v.altMeasure && measured.has(v.altMeasure.name))) continue;
    out.push(doubt('unused-value', `'${v.link.text}' (${v.value}) was not used`));
  }
  for (const m of [...a.measures, ...a.dimensions]) {
    // A cue word that is also a column name ("vs"), or the column naming each row ("all countries"), is not a dropped request.
    const cueWord = a.tokens.slice(m.link.start, m.link.end).every((t) => CUE_COLUMN_WORDS.test(t.key));
    // Not a measure whose figures merely all differ (a wage per year): that names a figure, not the rows.
    const namesRows = m.column.role === 'identifier' || (m.column.role !== 'measure' && (m.column.stats?.distinctCount ?? 0) >= a.vocab.dataset.rowCount * 0.9);
    // "across all quarters", "over all years": the column names the scope of an overall figure.
    const scope = [m.link.start - 1, m.link.start - 2].some((i) => /^(all|across|every|whole|entire)$/.test(a.tokens[i]?.key ?? ''));
    // "how many months" counted as distinct monthly dates: the month word was used, through the date.
    const asPeriod = /^(days?|weeks?|months?|quarters?|years?)$/.test(m.link.text) && q.measures.some((x) => x.agg === 'count_distinct' && a.vocab.dataset.columns.find((c) => c.name === x.column)?.role === 'time');
    // "quarter of the year", "day of the week": the whole a part of the calendar is of, no column asked for.
    const kk = (i: number) => a.tokens[i]?.key ?? '';
    const partOf = /^(year|week|month)$/.test(m.link.text) && kk(m.link.start - 1) === 'the' && kk(m.link.start - 2) === 'of' && /^(quarters?|months?|weeks?|days?|hours?)$/.test(kk(m.link.start - 3));
    if (!read.has(m.column.name) && !cueWord && !namesRows && !scope && !asPeriod && !partOf && !isAgentVerb(a, m)) out.push(doubt('unused-column', `'${m.link.text}' (${m.column.label}) was not used`));
  }
  const counts = q.measures.length > 0 && q.measures.every((m) => m.agg === 'count' && !m.column);
  // Counting is the answer itself for distributions, correlations, shares and comparisons of categories, and for "the most patients".
  // A word matching only part of the dataset's name ("savings" in a dataset named for savings) was likely meant as a measure.
  const whole = splitLabel(a.vocab.dataset.name).join('');
  // Not a word the whole name is a kind of ("trees" of a table named after a pine): that names every row.
  const partName = !!a.rowNoun && a.rowNounNamed === true && ![a.rowNoun.key, ...rootVariants(a.rowNoun.key)].includes(whole) && !a.vocab.rowKind?.(a.rowNoun.key);
  // "the most journals" in a table of journals, "the most titles" where a title names each row: the
  // rows' own word right after the ranking word counts them.
  const r = a.rank;
  const ds = a.vocab.dataset;
  const eventWithAmount = (word: string) => (a.vocab.event?.(word) ?? true) && ds.columns.some((c) => c.role === 'measure' && AMOUNT_NAME.test(c.name));
  const namesEachRow = (name: string) => namesRows(ds.columns.find((x) => x.name === name), ds);
  const rowsWord = (l: (typeof a.links.links)[number]) => {
    const t = l.candidates[0]?.target;
    return (t?.kind === 'dataset' && countableName(ds, l.text) && !eventWithAmount(l.text)) || (t?.kind === 'column' && namesEachRow(t.column));
  };
  // Not things that happen with an amount each: "the most sales" in a table of sales with their totals may be the sum.
  const rankedByName = !!r && !rowsArePeriods(ds) && a.links.links.some((l) => l.start > r.index && l.start - r.index <= 2 && rowsWord(l));
  const ownWord = a.links.links.find((l) => l.candidates[0]?.target.kind === 'dataset' && countableName(ds, l.text));
  const countsByNature = !partName && (['count', 'list', 'distribution', 'correlation', 'share', 'compare'].includes(built.intent) || (!!a.rowNoun && !!a.rank) || rankedByName || (built.intent === 'trend' && namesRowsOnly(a) && (rowsNamed(ds) || (!!ownWord && !eventWithAmount(ownWord.text)))));
  if (counts && !a.countCue && !countsByNature) out.push(doubt('uncued-count', 'rows were counted, though no count was asked for'));
  // "best" and "worst" depend on whether more is better, which the data does not say (delays, prices).
  if (a.rank && /^(best|worst|better|worse)$/.test(a.rank.word)) out.push(doubt('polarity', `read '${a.rank.word}' as the ${a.rank.dir === 'top' ? 'highest' : 'lowest'}`));
  // "survival rate", "percentage of X" answered with a total: the rate was not understood.
  // Not the rate that names a filter's column ("states with a poverty rate above 15%").
  const filterRate = (i: number) => a.conditions.some((c) => c.column && !measured.has(c.column.name) && (c.start === i + 1 || c.start === i + 2));
  // Not a rate word inside a column's own name ("earnings per share" → eps).
  const rateWord = a.tokens.find((t) => /^(rate|rates|percentage|percent|proportion|ratio|share)$/.test(t.key) && !filterRate(t.index) && !insideColumnWords(a, t.index));
  const totals = q.measures.length > 0 && q.measures.every((m) => m.agg === 'sum' || m.agg === 'count' || m.agg === 'count_distinct');
  const rateColumn = q.measures.some((m) => m.column && new RegExp(`\\b${rateWord?.key ?? '-'}`).test(a.vocab.dataset.columns.find((c) => c.name === m.column)?.label.toLowerCase() ?? ''));
  if (rateWord && totals && built.intent !== 'share' && !rateColumn && !q.contrast) out.push(doubt('rate-as-total', `'${rateWord.norm}' was asked, a total was given`));
  // "salary by year" over a table whose only year is the year each row began (birthyear): another time may be meant.
  const yc = yearColumn(ds);
  const readsYear = !!yc && ((q.dimensions.includes(yc.name) && (!!a.time.grain || !!a.yearBucket)) || JSON.stringify(q.filter ?? null).includes(`"column":"${yc.name}"`));
  if (readsYear && yearOfBeginning(yc) && !saysBeginning(a.tokens.map((t) => t.key)) && ![...a.measures, ...a.dimensions].some((m) => m.column.name === yc!.name)) out.push(doubt('year-of-rows', `read the year as ${yc!.label}, the year each row began`));
  // "murders per 100k people" answered with the murders' total: the rate's unit was read, its division was not.
  const perNumber = a.tokens.find((t, i) => t.key === 'per' && a.tokens[i + 1]?.kind === 'number');
  const perName = (m: (typeof q.measures)[number]) => /rate|ratio|per|pct|percent|capita|\bpc\b/i.test(a.vocab.dataset.columns.find((c) => c.name === m.column)?.label ?? '');
  // Only where a column could divide it (a population): else the figures are likely already per that number.
  const divisor = !!countColumn(a.vocab.dataset) || a.vocab.dataset.columns.some((c) => /^(pop|population|inhabitants|residents|people)$/i.test(c.name));
  if (perNumber && !rateWord && totals && divisor && !q.measures.some(perName)) out.push(doubt('rate-as-total', `'per ${a.tokens[perNumber.index + 1]!.norm}' asks for a rate, a total was given`));
  // "which ward …": the column after "which" names the answer's rows, not a figure.
  const whichCol = a.tokens.findIndex((t, i) => i > 0 && ['which', 'what'].includes(a.tokens[i - 1]!.key) && [...a.measures, ...a.dimensions].some((m) => m.link.start === i));
  const asked = [...a.measures, ...a.dimensions].find((m) => m.link.start === whichCol);
  if (asked && !q.dimensions.includes(asked.column.name) && measured.has(asked.column.name)) out.push(doubt('which-as-measure', `'${asked.link.text}' after 'which' was read as a figure`));
  // "average rate across states" is one figure to some and one per state to others.
  const across = a.dimensions.find((d) => d.grouping && [d.link.start - 1, d.link.start - 2].some((i) => a.tokens[i]?.key === 'across') && !a.tokens.some((t) => /^(each|every|per|by)$/.test(t.key)));
  if (across && a.aggCues.length) out.push(doubt('across', `read 'across ${across.link.text}' as one figure per ${across.column.label}`));
  const named = new Set([...a.measures, ...a.dimensions].map((m) => m.column.name));
  for (const v of a.values) {
    const rivals = v.link.candidates.filter((c) => c.target.kind === 'value' && c.target.column !== v.column && c.score >= (v.link.candidates[0]?.score ?? 0) - 1e-9);
    if (rivals.length && !named.has(v.column)) out.push(doubt('ambiguous-value', `'${v.link.text}' is in ${v.column} and ${rivals.map((r) => (r.target as { column: string }).column).join(', ')}`));
  }
  return out;
}

/** The product of the doubts' factors (1 without doubt), rounded to two places. */
export function confidenceOf(doubts: readonly Doubt[]): number {
  const c = doubts.reduce((p, d) => p * d.factor, 0.99);
  return Math.round(Math.max(0.05, Math.min(1, c)) * 100) / 100;
}

/**
 * "day 21", "from day to day" read on an elapsed-time column whose label does not name that unit
 * (the column may count weeks): said once, however often the unit word comes.
 */
function unitGuess(a: Analysis): string | undefined {
  const links = [...a.measures, ...a.dimensions].map((m) => m.link).concat(a.links.links.filter((l) => a.conditions.some((c) => c.start <= l.start && l.end <= c.end)));
  for (const l of links) {
    const c = l.candidates[0];
    if (!c?.via?.startsWith(ELAPSED_VIA) || c.target.kind !== 'column') continue;
    const col = a.vocab.dataset.columns.find((x) => x.name === (c.target as { column: string }).column);
    if (col && !splitLabel(col.label).some((w) => w.replace(/s$/, '') === l.text.replace(/s$/, ''))) return `read '${l.text}' as ${col.label}, whose unit is not named`;
  }
  return undefined;
}

/** Names of a column holding an amount of money or goods, which a thing that happens may carry ("total", "revenue"). */
const AMOUNT_NAME = /total|amount|revenue|sales|value|price|cost|spend|paid|payment|sum|fare|fee|income/i;

/** True when another column than `column` names each row (a state's name beside its code). */
function besideNames(a: Analysis, column: string): boolean {
  const ds = a.vocab.dataset;
  const label = rowLabelColumn(ds);
  // The code is the row's own (one per row, as a state's beside its name), not a column of many rows' states.
  const own = namesRows(ds.columns.find((c) => c.name === column), ds);
  return !!label && label.name !== column && own;
}
