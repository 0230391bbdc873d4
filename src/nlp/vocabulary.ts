import { rowLabelColumn } from './options.js';
import { isNumericType, primaryTimeColumn, type CatalogColumn, type CatalogDataset } from '../shared/catalog.js';
import type { Aggregation } from '../insights/insightQuery.js';
import { ABBREVIATIONS, AGG_WORDS, isKnownWord, SHORT_QUANTITIES, STOPWORDS } from './lexicon.js';
import { FuzzyIndex } from './fuzzyIndex.js';
import { phraseKey, stemWord } from './tokenize.js';
import { phraseSynonyms, columnWordRelations, initialism, isKindOf, isMeasuredProperty, valueRelations } from './wordnet/relations.js';
import { WN_POS, type WordNet } from './wordnet/wordnet.js';
import { lemmasOf } from './wordnet/lemmas.js';
import { kindsAbove, rowKindsOf, TOO_GENERAL } from './wordnet/rowKinds.js';
import { columnPieces, type ColumnPieces } from './pieceMatch.js';
import { distinctiveWords, sharedWords } from './valueParts.js';
import { kindsOfValues } from './valueKinds.js';
import { CLASSIFIER } from './qualifierWords.js';
import { ELAPSED, ELAPSED_VIA } from './elapsed.js';
import { QUANTITY_VERBS, SCALE_ADJECTIVES, SCALE_VIA, START_AGE } from './scaleAdjectives.js';
import { beginsRows } from './startYear.js';
import { MONTH_NUMBER, monthColumns } from './monthNames.js';
import { EVENTS, measureNamedBy, NAMED_FOR_VIA } from './nameMeasure.js';
import { alternatives, columnPhrases, datasetPhrases, MAX_KEY_WORDS, splitLabel } from './labelPhrases.js';

export { columnPhrases, splitLabel };

export type VocabTarget =
  | { kind: 'dataset' }
  | { kind: 'column'; column: string; agg?: Aggregation }
  | { kind: 'value'; column: string; value: string };

/** Where an entry came from; it sets how much a match through it is trusted. */
export type EntrySource = 'name' | 'label' | 'abbreviation' | 'synonym' | 'partial' | 'learned' | 'value' | 'wordnet';

export interface VocabEntry {
  key: string;
  target: VocabTarget;
  source: EntrySource;
  /** Trust in (0, 1]: an exact label beats an abbreviation, which beats a synonym or a partial label. */
  score: number;
  /** Why it matches, in words ("WordNet attribute of 'weight'", "initials of 'miles per gallon'"). */
  via?: string;
  /** For an adjective naming one end of a column's scale ("heavy", "light"): which end. */
  end?: 'high' | 'low';
}

/** A term mapping learned from feedback ("'priciest' means max unit_price"). */
export interface LearnedSynonym {
  datasetName: string;
  phrase: string;
  /** `end`: the phrase is an adjective naming that end of the column's scale ("thick" → girth, high). */
  target: { kind: 'column'; column: string; agg?: Aggregation; end?: 'high' | 'low' } | { kind: 'value'; column: string; value: string };
}

export interface VocabularyOptions {
  /** Distinct values indexed per dimension column (the caller's list is cut here). */
  maxValuesPerColumn?: number;
  /** WordNet, when loaded: synonyms, attribute adjectives, derivations and hyponyms join the vocabulary. */
  wordnet?: WordNet;
}

export interface Vocabulary {
  dataset: CatalogDataset;
  /** Key (words joined by one space) → entries. */
  exact: Map<string, VocabEntry[]>;
  /** Stems joined by one space → entries; values are not stemmed (names rarely inflect, and it is costly). */
  stemmed: Map<string, VocabEntry[]>;
  /** Longest key in words. */
  maxWords: number;
  /** Every word of every key, for typo correction. */
  fuzzy: FuzzyIndex;
  /** Upper-case short values (tickers, codes) by first letter, for "general electric" → GE style matches. */
  acronyms: Map<string, VocabEntry[]>;
  /** Readable names of each column, best first (label words, expanded). */
  columnNames: Map<string, string[]>;
  valueCount: number;
  /** Short column names ("wt", "cyl") matched against longer words in a question by their letters in order. */
  /** Short names read as abbreviations; `prefixOnly` for a short name that is itself a word ("cap"): only a word it begins ("capacity"). */
  terse: { abbr: string; column: string; prefixOnly?: boolean; initial?: boolean }[];
  /** Each column's name as clipped words and as letters ("room_temp", "proptax"), for full words said. */
  pieces: ColumnPieces[];
  /** One-letter values by column ("grade" → A, B): read only right after the column's own word. */
  letterValues: Map<string, VocabEntry[]>;
  /** Whole-number codes of a text column ("117" of station), by column: a value only right after its column's word. */
  numberValues?: Map<string, VocabEntry[]>;
  /** Per column, upper-case codes that are also stop words ("OR", "IN", "ME"): never linked, but a list of codes may hold one. */
  stopValues?: Map<string, VocabEntry[]>;
  /** True for a table with a column per month ("JAN" … "DEC") and no dates. */
  wideMonths: boolean;
  /** True when WordNet relations were built in. */
  wordnet: boolean;
  /** Columns whose name is a measured property in WordNet (weight, length): averaged when no aggregation is named. */
  averaged: Set<string>;
  /** True when WordNet knows the word (or its lemma), as any part of speech or the one asked: such a word is no typo. */
  english?: (word: string, pos?: 'n' | 'v' | 'a' | 'r') => boolean;
  /** True when the word is mostly an adjective in WordNet (more adjective senses than noun senses: "heavy", "tall"). */
  adjective?: (word: string) => boolean;
  /** True when WordNet knows the word only as a name ("Texas", "Georgia": every sense an instance), never as an ordinary word ("country"). */
  properName?: (word: string) => boolean;
  /** True for a noun whose usual sense is a kind of person ("patients", "respondents"): a word for rows of people. */
  person?: (word: string) => boolean;
  /** True for a word the dataset's name is a kind of ("trees" for a table named loblolly): a word for its rows. */
  rowKind?: (word: string) => boolean;
  /** True for a noun of something that happens (murders, sales, polls), by WordNet; absent without WordNet. */
  event?: (word: string) => boolean;
  /** Per dimension column, a value that holds the other rows' total ("All regions", "Total"): summing it with them counts twice. */
  totals: Map<string, string>;
  /** Per dimension column, the values that mark a missing value ("NA", "N/A"): no group of their own. */
  missing: Map<string, string[]>;
  /** A word one or a few values of a column carry ("owl" in "barn owl", "snowy owl") → each such column and how many of its values carry it. */
  sharedWords: Map<string, { column: string; count: number }[]>;
  /** Per column of kinds ("type"), what WordNet says its values are kinds of (valueKinds.ts). */
  valueKinds?: Map<string, Set<string>>;
}

/** A value that names the total of its column's other values. */
const TOTAL_VALUE = /^(all|total|overall|grand total)\b|\b(total|totals|all)$/i;
/** Text a file writes for "no value" (R's NA, spreadsheets' #N/A): never a category of its own. */
const MISSING_VALUE = /^(na|n\/a|n\.a\.|#n\/a|null|nan)$/i;

export const DEFAULT_MAX_VALUES_PER_COLUMN = 1_000;

/** Builds the per-dataset vocabulary from the catalog, dimension values and learned synonyms. */
export function buildVocabulary(
  ds: CatalogDataset,
  dimensionValues: Record<string, readonly string[]>,
  learned: readonly LearnedSynonym[] = [],
  options: VocabularyOptions = {},
): Vocabulary {
  const v = emptyVocabulary(ds, options.wordnet);
  addDatasetNames(v, ds, options.wordnet);
  for (const col of ds.columns) {
    const phrases = columnPhrases(col);
    v.columnNames.set(col.name, [...phrases.keys()].slice(0, 4));
    for (const [key, { source, score }] of phrases) addEntry(v, { key, target: { kind: 'column', column: col.name }, source, score }, true);
    addColumnExtras(v, col, options.wordnet);
  }
  addElapsedWords(v, ds);
  addMonthColumns(v, ds);
  const cap = options.maxValuesPerColumn ?? DEFAULT_MAX_VALUES_PER_COLUMN;
  const nameColumn = rowLabelColumn(ds)?.name;
  for (const [column, values] of Object.entries(dimensionValues)) {
    if (!ds.columns.some((c) => c.name === column)) continue;
    const n = Math.min(values.length, cap);
    noteTotalsAndMissing(v, column, values);
    addSexCodes(v, column, values);
    addColumnValues(v, column, values, n, options.wordnet, column === nameColumn || n <= SHARED_WORDS_MAX_VALUES, column === nameColumn);
  }
  addLearned(v, ds, learned, options.wordnet);
  return v;
}

/** A vocabulary with no entries yet, and WordNet's word tests when WordNet is loaded. */
function emptyVocabulary(ds: CatalogDataset, wn: WordNet | undefined): Vocabulary {
  const v: Vocabulary = {
    dataset: ds,
    exact: new Map(),
    stemmed: new Map(),
    maxWords: 1,
    fuzzy: new FuzzyIndex(),
    acronyms: new Map(),
    columnNames: new Map(),
    valueCount: 0,
    terse: [],
    pieces: columnPieces(ds.columns, splitLabel),
    letterValues: new Map(),
    wideMonths: false,
    wordnet: !!wn,
    averaged: new Set(),
    totals: new Map(),
    missing: new Map(),
    sharedWords: new Map(),
  };
  if (wn) v.english = (w, pos) => /^[a-z]{3,}$/.test(w) && (wn.has(w, pos) || lemmasOf(w).some((l) => wn.has(l, pos)));
  // WordNet writes its words in lower case; a name's senses are instances ("@i": Texas is an instance of a state).
  if (wn) v.adjective = (w) => /^[a-z]{3,}$/.test(w) && wn.lookup(w, 'a').length > wn.lookup(w, 'n').length;
  if (wn) v.properName = (w) => WN_POS.every((p) => wn.lookup(w, p).every((s) => p === 'n' && s.pointers.some((x) => x.symbol === '@i')));
  if (wn) v.person = (w) => /^[a-z]{3,}$/.test(w) && isKindOf(wn, w, PERSON);
  if (wn) v.rowKind = rowKindsOf(wn, ds);
  // "sales" is income in WordNet's first sense; its singular, a sale, is a transaction: either says it happens.
  if (wn) v.event = (w) => /^[a-z]{3,}$/.test(w) && [w, ...lemmasOf(w, 'noun')].some((x) => isKindOf(wn, x, EVENTS));
  return v;
}

/** The dataset's label and name, and each of their words (with its alternatives) as a partial name. */
function addDatasetNames(v: Vocabulary, ds: CatalogDataset, wn: WordNet | undefined): void {
  const isEvent = (x: string) => !!wn && isKindOf(wn, x, EVENTS);
  for (const key of datasetPhrases(ds)) {
    addEntry(v, { key, target: { kind: 'dataset' }, source: 'name', score: 0.9 }, true);
    // The whole name asks for its head noun's figure ("gun murders" → total).
    const head = key.split(' ').at(-1)!;
    const named = key.includes(' ') ? measureNamedBy(ds, head, isEvent) : undefined;
    if (named) addEntry(v, { key, target: { kind: 'column', column: named.name }, source: 'name', score: 0.95, via: `${NAMED_FOR_VIA} '${head}'` }, true);
  }
  for (const w of new Set(datasetPhrases(ds).flatMap((p) => p.split(' ')))) {
    if (STOPWORDS.has(w) || w.length <= 2) continue;
    const named = measureNamedBy(ds, w, isEvent);
    for (const [alt, a] of alternatives(w)) {
      addEntry(v, { key: alt, target: { kind: 'dataset' }, source: 'partial', score: 0.6 * a.score }, true);
      // Above the table itself: the word asks for the figure the table is named for.
      if (named) addEntry(v, { key: alt, target: { kind: 'column', column: named.name }, source: 'synonym', score: 0.8 * a.score, via: `${NAMED_FOR_VIA} '${w}'` }, true);
    }
    // What the name's thing is a kind of names it too ("deaths" for fatalities, "killings" for murders).
    if (named && wn) {
      for (const k of kindsAbove(wn, w, 2)) {
        if (TOO_GENERAL.has(k) || k.includes(' ') || isKnownWord(k) || v.exact.has(k)) continue;
        addEntry(v, { key: k, target: { kind: 'column', column: named.name }, source: 'wordnet', score: 0.7, via: `${NAMED_FOR_VIA} '${w}', a kind of ${k}` }, true);
      }
    }
  }
}

/** A column of elapsed time in a table without dates ("Time" 0–21): "day 21", "week 3" name its values. */
function addElapsedWords(v: Vocabulary, ds: CatalogDataset): void {
  const elapsed = primaryTimeColumn(ds) ? undefined : ds.columns.find((c) => ELAPSED.test(c.name) && (c.type === 'integer' || c.type === 'bigint'));
  if (elapsed && !ds.columns.some((c) => /^(day|days|week|weeks|hour|hours)$/i.test(c.name))) {
    for (const w of ['day', 'days', 'week', 'weeks', 'hour', 'hours']) addEntry(v, { key: w, target: { kind: 'column', column: elapsed.name }, source: 'label', score: 0.8, via: `${ELAPSED_VIA} '${w}' counts ${elapsed.label}` }, false);
  }
}

/** A wide table (one column per month): "December" names the DEC column. */
function addMonthColumns(v: Vocabulary, ds: CatalogDataset): void {
  const months = monthColumns(ds, splitLabel);
  v.wideMonths = months.size > 0;
  for (const [m, col] of months) {
    for (const [word, n] of Object.entries(MONTH_NUMBER)) {
      if (n === m && word !== col.name) addEntry(v, { key: word, target: { kind: 'column', column: col.name }, source: 'label', score: 1, via: `the month of column ${col.label}` }, true);
    }
  }
}

/** A column's value that holds the others' total, and the values that mark a missing value. */
function noteTotalsAndMissing(v: Vocabulary, column: string, values: readonly string[]): void {
  const totals = values.filter((x) => TOTAL_VALUE.test(x.trim()));
  if (totals.length === 1 && values.length >= 3) v.totals.set(column, totals[0]!);
  // "NA" beside "EU", "AS", "EMEA" is a code (North America, Namibia), not a missing value.
  const codes = values.filter((x) => /^[A-Z]{2,5}$/.test(x.trim())).length >= 0.5 * values.length;
  const missing = values.filter((x) => MISSING_VALUE.test(x.trim()) && !(codes && x.trim().toLowerCase() === 'na'));
  if (missing.length && missing.length < values.length) v.missing.set(column, missing);
}

/** The first `n` values of a column as names of themselves, with WordNet's words for them and their distinctive words. */
/**
 * Words names share are looked for on the column that names the rows, and on columns of at most
 * this many values: on a large column of other text, finding them cost 40 ms per 10,000 values
 * at every vocabulary build, for a reading rarely asked of such a column.
 */
const SHARED_WORDS_MAX_VALUES = 2_000;

function addColumnValues(v: Vocabulary, column: string, values: readonly string[], n: number, wn: WordNet | undefined, shared: boolean, names = false): void {
  const keys: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const value = values[i]!;
    const key = phraseKey(value);
    keys[i] = key;
    // Bare numbers collide with years and quantities, and a one-letter or stop-word value
    // ("a", "other") would match ordinary English.
    // One-letter codes ("A", "M") are kept aside: they name a value only right after their column ("grade A").
    if (/^[a-z]$/.test(key)) push(v.letterValues, column, { key, target: { kind: 'value', column, value }, source: 'value', score: 1 });
    if (/^\d{1,9}$/.test(key)) push((v.numberValues ??= new Map()), column, { key: String(Number(key)), target: { kind: 'value', column, value }, source: 'value', score: 1 });
    if (STOPWORDS.has(key) && /^[A-Z]{2,3}$/.test(value)) push((v.stopValues ??= new Map()), column, { key, target: { kind: 'value', column, value }, source: 'value', score: 1 });
    if (!key || /^[\d.\s]+$/.test(key) || key.length < 2 || STOPWORDS.has(key)) continue;
    const entry: VocabEntry = { key, target: { kind: 'value', column, value }, source: 'value', score: 1 };
    addEntry(v, entry, false);
    v.valueCount++;
    // In the column naming each row, an ordinary word is a name ("Civic", "Swift" models): only a
    // proper name there (a country) carries WordNet's words for it.
    if (wn && key.split(' ').length <= 2 && /^[a-z ]+$/.test(key) && wn.has(key) && (!names || namesFirst(wn, key))) {
      for (const r of valueRelations(wn, key)) {
        // A short function word may still be a value's other name written in capitals ("US"): the
        // linker takes it only so (link.ts).
        if ((STOPWORDS.has(r.key) && !/^[a-z]{2,3}$/.test(r.key)) || r.key in AGG_WORDS) continue;
        addEntry(v, { key: r.key, target: entry.target, source: 'wordnet', score: 0.95 * r.score, via: `WordNet ${r.relation} of '${key}'` }, false);
      }
    }
    if (/^[A-Z]{2,5}$/.test(value)) push(v.acronyms, key[0]!, entry);
  }
  if (shared) for (const [word, count] of sharedWords(keys)) push(v.sharedWords, word, { column, count });
  const kinds = wn && CLASSIFIER.test(splitLabel(column).at(-1) ?? '') ? kindsOfValues(wn, keys) : undefined;
  if (kinds) (v.valueKinds ??= new Map()).set(column, kinds);
  for (const [word, i] of distinctiveWords(keys)) {
    if (v.exact.has(word)) continue;
    addEntry(v, { key: word, target: { kind: 'value', column, value: values[i]! }, source: 'partial', score: 0.85, via: `the distinctive word of '${values[i]}'` }, false);
  }
}

/** The learned mappings for this dataset; a learned end of a scale teaches WordNet's opposite its other end. */
function addLearned(v: Vocabulary, ds: CatalogDataset, learned: readonly LearnedSynonym[], wn: WordNet | undefined): void {
  for (const s of learned) {
    const e = s.datasetName === ds.name ? learnedEntry(s) : null;
    if (!e?.key) continue;
    addEntry(v, e, true);
    if (e.end && wn) for (const x of antonymsOf(wn, e.key)) if (!v.exact.has(x)) addEntry(v, { ...e, key: x, score: 1, end: e.end === 'high' ? 'low' : 'high', via: `learned: '${x}' is the opposite of '${e.key}'` }, true);
  }
}

/** WordNet's direct antonyms of an adjective ("thick" → thin): a learned end of a scale teaches the other end. */
function antonymsOf(wn: WordNet, adjective: string): string[] {
  const out = new Set<string>();
  for (const s of wn.lookup(adjective, 'a').slice(0, 2)) for (const a of wn.followWord(s, adjective, '!')) for (const w of a.words) if (/^[a-z]+$/.test(w)) out.add(w);
  return [...out];
}

/** A learned mapping is the user's word for it: it outranks what the catalog suggests. */
function learnedEntry(s: LearnedSynonym): VocabEntry {
  const key = phraseKey(s.phrase);
  if (s.target.kind !== 'column' || !s.target.end) return { key, target: s.target, source: 'learned', score: 1.05 };
  const { end, ...target } = s.target;
  return { key, target, source: 'learned', score: 1.05, end, via: `learned: '${key}' names the ${end} end of ${target.column}` };
}

/**
 * The vocabulary with a few more learned mappings, without rebuilding it: for a question re-planned
 * with what a reply just taught. The original is left untouched (its maps are copied, not shared).
 */
export function withLearned(v: Vocabulary, learned: readonly LearnedSynonym[]): Vocabulary {
  const out: Vocabulary = { ...v, exact: new Map([...v.exact].map(([k, list]) => [k, [...list]])), stemmed: new Map([...v.stemmed].map(([k, list]) => [k, [...list]])) };
  for (const s of learned) {
    const e = learnedEntry(s);
    if (!e.key) continue;
    push(out.exact, e.key, e);
    push(out.stemmed, e.key.split(' ').map(stemWord).join(' '), e);
    out.maxWords = Math.max(out.maxWords, e.key.split(' ').length);
  }
  return out;
}

/**
 * A column's extra names: the initials of a multi-word label ("mpg"), WordNet's words for each
 * label word (with the relation recorded), and, for a terse name, its letters for matching longer words.
 */
function addColumnExtras(v: Vocabulary, col: CatalogColumn, wn: WordNet | undefined): void {
  const target: VocabTarget = { kind: 'column', column: col.name };
  // The year each row began ("foundingyear"): the oldest began first.
  if (beginsRows(col)) for (const adj of START_AGE) addEntry(v, { key: adj.word, target, source: 'synonym', score: 0.85, via: `${SCALE_VIA} '${adj.word}' names the ${adj.end} end of ${col.label}`, end: adj.end }, false);
  for (const words of [splitLabel(col.label), splitLabel(col.name)]) {
    const ini = initialism(words);
    if (ini && ini.length >= 2 && !STOPWORDS.has(ini)) addEntry(v, { key: ini, target, source: 'abbreviation', score: 0.9, via: `initials of '${words.join(' ')}'` }, false);
    const content = words.filter((w) => w.length >= 2 && !STOPWORDS.has(w) && !(w in AGG_WORDS) && !/^\d/.test(w));
    // A short name that is no English word ("wt", "cyl", "unemp") abbreviates a longer one; up to four letters may be a word's own stem too.
    const short = content[0] && (content[0].length <= 4 ? !(wn?.has(content[0], 'n') ?? false) : content[0].length <= 6 && !!wn && !v.english?.(content[0]));
    if (content.length === 1 && short && !v.terse.some((t) => t.column === col.name)) v.terse.push({ abbr: content[0]!, column: col.name });
    // A short name that is also a word ("cap", "dist", "vol") still begins the word it shortens ("capacity").
    // A one-letter name in a table of several ("B", "V", "N", "Y") is a word's initial ("yield").
    else if (content.length === 0 && words.length === 1 && /^[a-z]$/.test(words[0]!) && singleLetterNames(v.dataset) >= 2 && !v.terse.some((t) => t.column === col.name)) v.terse.push({ abbr: words[0]!, column: col.name, initial: true });
    // Up to six letters: "treat" → "treatment", "diag" → "diagnosis".
    else if (content.length === 1 && content[0]!.length >= 3 && content[0]!.length <= 6 && !v.terse.some((t) => t.column === col.name)) v.terse.push({ abbr: content[0]!, column: col.name, prefixOnly: true });
    // The head word's scale adjectives ("cheap" for price): "the cheapest" orders by the column.
    const headWord = content[content.length - 1];
    // A short form stands for its quantity only on a column that holds one: a numeric measure of
    // more than two values ("ht" may be a 0/1 hypertension flag).
    const quantity = col.role === 'measure' && isNumericType(col.type) && (col.stats?.distinctCount ?? 3) > 2;
    const expand = (w: string) => (ABBREVIATIONS[w] && (quantity || !SHORT_QUANTITIES.has(w)) ? ABBREVIATIONS[w] : undefined);
    const headBase = headWord ? expand(headWord) ?? headWord : undefined;
    for (const adj of (headBase && Object.hasOwn(SCALE_ADJECTIVES, headBase) ? SCALE_ADJECTIVES[headBase] : undefined) ?? []) {
      if (!v.exact.get(adj.word)?.some((e) => e.target.kind === 'column' && e.target.column === col.name)) addEntry(v, { key: adj.word, target, source: 'synonym', score: 0.85, via: `${SCALE_VIA} '${adj.word}' names the ${adj.end} end of ${headBase}`, end: adj.end }, false);
    }
    for (const verb of (headBase && Object.hasOwn(QUANTITY_VERBS, headBase) ? QUANTITY_VERBS[headBase] : undefined) ?? []) {
      if (!v.exact.get(verb)?.some((e) => e.target.kind === 'column')) addEntry(v, { key: verb, target, source: 'synonym', score: 0.85, via: `'${verb}' asks for the ${headBase}` }, false);
    }
    if (!wn) continue;
    const weight = content.length <= 1 ? 1 : 0.8;
    // Of a multi-word name only the head (last) word takes hyponyms and derivations: "production
    // budget" is a budget, and a movie (a hyponym of production) is not one.
    const heads = content.map((w) => expand(w) ?? w);
    if (heads.some((w) => isMeasuredProperty(wn, w))) v.averaged.add(col.name);
    for (const r of phraseSynonyms(wn, heads)) {
      if (!STOPWORDS.has(r.key) && !v.exact.get(r.key)?.some((e) => e.target.kind === 'dataset')) addEntry(v, { key: r.key, target, source: 'wordnet', score: r.score, via: `WordNet synonym of '${r.from}'` }, false);
    }
    for (const w of content) {
      for (const base of [w, expand(w)].filter((x): x is string => !!x)) {
        const head = w === content[content.length - 1];
        for (const r of columnWordRelations(wn, base)) {
          if (STOPWORDS.has(r.key) || r.key in AGG_WORDS) continue;
          if (!head && r.relation !== 'synonym' && r.relation !== 'attribute' && r.relation !== 'family') continue;
          if (v.exact.get(r.key)?.some((e) => e.target.kind === 'dataset')) continue;
          addEntry(v, { key: r.key, target, source: 'wordnet', score: r.score * weight, via: `WordNet ${r.relation} of '${base}'`, ...(r.end ? { end: r.end } : {}) }, false);
        }
      }
    }
  }
}

/** True when a word's commonest noun sense is a named instance ("japan": the country), not a common noun or an adjective ("civic"). */
function namesFirst(wn: WordNet, word: string): boolean {
  return !!wn.lookup(word, 'n')[0]?.pointers.some((p) => p.symbol === '@i');
}

/** How many columns are named by one letter. */
function singleLetterNames(ds: CatalogDataset): number {
  return ds.columns.filter((c) => /^[a-z]$/i.test(c.name)).length;
}

function addEntry(v: Vocabulary, e: VocabEntry, withStem: boolean): void {
  const words = e.key.split(' ');
  if (words.length > MAX_KEY_WORDS) return;
  push(v.exact, e.key, e);
  if (words.length > v.maxWords) v.maxWords = words.length;
  for (const w of words) v.fuzzy.add(w, true);
  if (withStem) push(v.stemmed, words.map(stemWord).join(' '), e);
}

function push<K, V>(m: Map<K, V[]>, k: K, val: V): void {
  const list = m.get(k);
  if (list) list.push(val);
  else m.set(k, [val]);
}

const PERSON: ReadonlySet<string> = new Set(['person']);

/** General English for the one-letter codes of a sex column (M/F): the words people use for them. */
const SEX_CODE_WORDS: Record<string, string[]> = {
  m: ['male', 'males', 'man', 'men', 'boy', 'boys'],
  f: ['female', 'females', 'woman', 'women', 'girl', 'girls'],
};

/** A column whose values are the codes M and F, or male and female (and perhaps a missing marker), reads "women" as F. */
function addSexCodes(v: Vocabulary, column: string, values: readonly string[]): void {
  // The codes M and F, or the words male and female ("men" is a man, a male person, to no dictionary link).
  const codes = values.filter((x) => /^([mf]|male|female|males|females)$/i.test(x.trim()));
  if (codes.length !== 2 || values.length > 4 || codes[0]!.trim()[0]!.toLowerCase() === codes[1]!.trim()[0]!.toLowerCase()) return;
  for (const value of codes) {
    for (const key of SEX_CODE_WORDS[value.trim()[0]!.toLowerCase()]!) {
      if (key === value.trim().toLowerCase()) continue;
      addEntry(v, { key, target: { kind: 'value', column, value }, source: 'synonym', score: 0.9, via: `the code ${value} of ${column}` }, false);
    }
  }
}
