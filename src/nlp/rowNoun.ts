// The noun that names the rows themselves ("how many cars", "which airports"), found among the
// words the catalog does not know.
import { primaryTimeColumn, type CatalogColumn } from '../shared/catalog.js';
import { countColumn } from './dateParts.js';
import { rowsArePeriods } from './countPlan.js';
import { yearColumn } from './timeAxis.js';
import { isKnownWord } from './lexicon.js';
import { namesRows, rowLabelColumn } from './options.js';
import { isDatasetNameWord, isWholeDatasetWord } from './datasetName.js';
import { splitLabel } from './vocabulary.js';
import type { Analysis, ColumnMention } from './analyze.js';
import type { Token } from './tokenize.js';
import type { Vocabulary } from './vocabulary.js';

/** Words after which a plain noun names the rows counted, ranked or listed ("how many cars", "which city", "top 5 cars", "list the cars"). */
const ROW_NOUN_BEFORE = new Set(['many', 'which', 'what', 'each', 'every', 'all', 'the', 'list', 'show']);

/** Words of a column that describe a person: a table with one is a table of people's records. */
const PERSON_ATTRIBUTE = /^(sex|gender|race|ethnicity|educ|education|schooling|married|marital|smoke|smoker|smoking|occupation|religion|religious|pregnant|treat|treatment|therapy|diag|diagnosis|bmi)$/;

/**
 * True when the rows are people: some column is an attribute only a person has. "How many
 * employees did Acme have" in a table of firms' yearly figures names no rows.
 */
export function rowsArePeople(vocab: Vocabulary): boolean {
  const ds = vocab.dataset;
  if (ds.columns.some((c) => [...splitLabel(c.label), ...splitLabel(c.name)].some((w) => PERSON_ATTRIBUTE.test(w)))) return true;
  // An age column says so too, where rows are not periods of something else (a firm's yearly figures with the firm's age).
  // Nor where a column names each row (towns with the share of their old houses called "age").
  // Nor a share called age (tracts with the percentage of their old houses): a person's age is whole years.
  const personAge = (c: CatalogColumn) => /^age$/i.test(c.name) && (c.stats?.integralShare ?? 0) >= 0.99 && (c.stats?.min ?? -1) >= 0 && (c.stats?.max ?? 999) <= 110;
  return ds.columns.some(personAge) && !primaryTimeColumn(ds) && !yearColumn(ds) && !rowLabelColumn(ds);
}

/** Nouns for a person of one sex: a filter on a sex column, never the rows, where the table has one. */
const GENDERED = /^(men|man|women|woman|males?|females?|boys?|girls?|mothers?|fathers?|husbands?|wives|wife|sons?|daughters?|ladies|lady|gentlemen|gentleman)$/;

/** Words that name a record of any table ("how many readings", "across all measurements"). */
const RECORD_NOUNS = /^(records|readings|measurements|observations|entries|samples|rows|datapoints|groups|combinations|cells)$/;
/** Words that name records, not groups of them, wherever they stand ("readings"); not "tests" or "samples", which a column may count. */
const RECORD_ANYWHERE = /^(record|records|reading|readings|measurement|measurements|observation|observations|entry|entries|row|rows|datapoints)$/;

/**
 * "how many groups have at least 100 people": a word that names the records themselves, right
 * after "how many" or "number of", counts rows even where each row stands for many; summing the
 * count column would count what the rows stand for instead.
 */
export function countsRecords(tokens: readonly Token[]): boolean {
  return tokens.some((t, i) => RECORD_NOUNS.test(t.key) && ((tokens[i - 2]?.key === 'how' && tokens[i - 1]?.key === 'many') || (['number', 'count'].includes(tokens[i - 2]?.key ?? '') && tokens[i - 1]?.key === 'of')));
}

/**
 * Words for the people a table of records is about, read as its rows wherever they stand. Not
 * roles ("managers", "nurses", "parents"): those are a part of the rows a column may hold.
 */
const ROWS_OF_PEOPLE = /^(people|persons?|individuals?|respondents?|participants?|subjects|patients?|cases|women|men|mothers|students?|pupils?|adults|babies|infants|customers?|clients?|users?|employees?|members?|passengers?|residents?|applicants?)$/;

/** Plural words for people that WordNet files under groups, not under person. */
const PEOPLE = /^(people|persons|individuals|folks)$/;

/** True when a column says the sex of the person on the row. */
const hasSexColumn = (vocab: Vocabulary) => vocab.dataset.columns.some((c) => [...splitLabel(c.label), ...splitLabel(c.name)].some((w) => /^(sex|gender)$/.test(w)));

/** Shortest catalog word a person noun may be built on ("smoke" in "smokers", "diab" in "diabetics"). */
const MIN_STEM = 4;

/**
 * True when a word for people is built on a column's or a value's own word ("smokers" on a smoke
 * column, "diabetics" on the value 'diab'): it names the people with that value, a part of
 * the rows, not the rows themselves.
 */
function namesAPart(word: string, vocab: Vocabulary): boolean {
  for (let k = word.length - 1; k >= MIN_STEM; k--) {
    const entries = vocab.exact.get(word.slice(0, k));
    if (entries?.some((e) => e.source === 'name' || e.source === 'label' || e.source === 'value')) return true;
  }
  return false;
}

/** A word for people: WordNet's kinds of person, and the plural group words it files elsewhere. */
const isPeopleWord = (word: string, vocab: Vocabulary): boolean => !!vocab.person?.(word) || PEOPLE.test(word);

/** A count column that really says how many each row stands for (not a 0–4 code called "num"). */
function rowsStandForMany(vocab: Vocabulary): boolean {
  const c = countColumn(vocab.dataset);
  return !!c && (c.stats?.max ?? 0) > 10 && (c.stats?.distinctCount ?? 0) > 5;
}

/** True when a word for people can name the rows: a table of people, a word not built on the catalog's, and no sex column it would filter. */
function personOfRows(t: Token, vocab: Vocabulary): boolean {
  return isPeopleWord(t.key, vocab) && rowsArePeople(vocab) && !namesAPart(t.key, vocab) && !(GENDERED.test(t.key) && hasSexColumn(vocab));
}

/**
 * The one English noun, unknown to the catalog, that names the rows themselves: right after "how
 * many", "which", "number of", a ranking word or its number. Other unknown words stay unknown.
 */
export function findRowNoun(tokens: readonly Token[], unknownWords: readonly Token[], used: ReadonlySet<number>, vocab: Vocabulary, rank: Analysis['rank'], datasetNamed = false): { token: Token; named: boolean } | undefined {
  // "people" and "groups" are known words, never linked: they may name the rows as "patients" does.
  const unknown = [...unknownWords, ...tokens.filter((t) => (PEOPLE.test(t.key) || RECORD_NOUNS.test(t.key)) && !used.has(t.index) && !unknownWords.includes(t))].sort((x, y) => x.index - y.index);
  const k = (i: number) => tokens[i]?.key ?? '';
  const unknownAt = new Set(unknown.map((t) => t.index));
  // "european countries", "tooth lengths": a word before another noun qualifies it. "patients died": a verb follows.
  const beforeUnknownNoun = (t: Token) => tokens[t.index + 1]?.kind === 'word' && !isKnownWord(k(t.index + 1)) && (unknownAt.has(t.index + 1) || (!!vocab.english?.(k(t.index + 1), 'n') && !vocab.english?.(k(t.index + 1), 'v') && !vocab.english?.(k(t.index + 1), 'a')));
  for (const t of unknown) {
    if (used.has(t.index) || !vocab.english?.(t.key, 'n')) continue;
    // A modifier before another unknown noun ("american cars") is not the rows' noun itself.
    if (beforeUnknownNoun(t)) continue;
    // Part of the dataset's name ("cars" of a dataset named "mtcars"): the rows, wherever it stands.
    // Or a word the name is a kind of ("trees" of a table named after a pine).
    // Not after a grouping word: "by stone" in a table of diamonds asks for groups the rows do not have.
    const kindOfRows = vocab.rowKind?.(t.key) && !/^(by|per|each|every|across)$/.test(k(t.index - 1));
    if (isDatasetNameWord(vocab.dataset, t.key) || kindOfRows) return { token: t, named: true };
    const p = k(t.index - 1);
    const afterRank = rank && (rank.index === t.index - 1 || (rank.n !== undefined && tokens[t.index - 1]?.value === rank.n));
    const afterCount = p === 'of' && ['number', 'count'].includes(k(t.index - 2));
    const afterThe = p === 'the' && (['which', 'what', 'all', 'of', 'list', 'show'].includes(k(t.index - 2)) || (rank && rank.index === t.index - 2));
    // By its place alone only where rows are entities with a label (one row per car, per city).
    // Or, where rows have no label, a word for people ("how many patients") in a table of people's records.
    // Not when another word already named the rows ("which monarch had the most children").
    if (datasetNamed) continue;
    const placed = (ROW_NOUN_BEFORE.has(p) && p !== 'the') || afterRank || afterCount || afterThe;
    if (placed && RECORD_NOUNS.test(t.key)) return { token: t, named: true };
    if (placed && rowLabelColumn(vocab.dataset)) return { token: t, named: false };
    // In a table whose rows stand for many ("Freq"), the people counted are what that column counts.
    // After "of the" only a general word for people ("the average age of the fathers" in a table of mothers asks).
    if (placed && personOfRows(t, vocab) && (!afterThe || ROWS_OF_PEOPLE.test(t.key))) return { token: t, named: rowsStandForMany(vocab) };
  }
  if (datasetNamed) return undefined;
  // "average level for readings more than 50 km out": a word for records names the rows
  // wherever it stands.
  const record = unknown.find((t) => !used.has(t.index) && RECORD_ANYWHERE.test(t.key));
  if (record) return { token: record, named: true };
  // Anywhere else, only the one word for people in a table of people's records ("the average age
  // of patients older than 70", "for women with children"): two such words ("men vs women") are
  // parts of the rows to tell apart, not the rows.
  const people = unknown.filter((t) => !used.has(t.index) && ROWS_OF_PEOPLE.test(t.key) && vocab.english?.(t.key, 'n') && personOfRows(t, vocab) && !beforeUnknownNoun(t));
  if (people.length === 1 && new Set(unknown.filter((t) => !used.has(t.index) && isPeopleWord(t.key, vocab)).map((t) => t.key)).size === 1) return { token: people[0]!, named: rowsStandForMany(vocab) };
  return undefined;
}

/**
 * How a question counts its rows rather than a measure's figures, if it does: the noun that names the
 * rows follows a counting word and no aggregation word is said.
 * - 'how-many': "how many respondents had an affair (affair time above 0)": the one measure named only
 *   says which rows (it is what a comparison tests). Planned by countPlan, after its own readings.
 * - 'most': "which state has the most patients", "top 3 levels by number of respondents": no measure is
 *   named; the rows are the figure. Planned by resolveMeasures, for any intent.
 */
export function rowsCounted(a: Analysis, mentions: readonly ColumnMention[], cues: readonly { index: number }[]): 'how-many' | 'most' | undefined {
  if (cues.length) return undefined;
  const k = (i: number) => a.tokens[i]?.key ?? '';
  // "which field has the most journals" in a table of journals: the table's own name counted.
  if (!a.rowNoun) {
    // Or the column naming each row ("the most titles").
    const ds = a.vocab.dataset;
    const rowsWord = (t: Analysis['links']['links'][number]['candidates'][number]['target'] | undefined, text: string) =>
      (t?.kind === 'dataset' && countableName(ds, text)) || (t?.kind === 'column' && namesRows(ds.columns.find((c) => c.name === t.column), ds));
    // Not where each row is a period: "the year with the most sunspots" ranks the figure the table is named for.
    const named = !rowsArePeriods(ds) && a.links.links.some((l) => rowsWord(l.candidates[0]?.target, l.text) && /^(most|fewest|least)$/.test(k(l.start - 1)));
    return named && !mentions.length ? 'most' : undefined;
  }
  const before = k(a.rowNoun.index - 1);
  if (before === 'many') {
    // "how many readings were taken … from the event": a word for records counts them, whatever else is named.
    if (RECORD_ANYWHERE.test(a.rowNoun.key) && !cues.length) return 'how-many';
    const only = mentions.length === 1 ? mentions[0]! : undefined;
    return only && a.conditions.some((c) => c.column?.name === only.column.name) ? 'how-many' : undefined;
  }
  const most = /^(most|fewest|least)$/.test(before) || (before === 'of' && /^(number|count)$/.test(k(a.rowNoun.index - 2)));
  return most && !mentions.length ? 'most' : undefined;
}

/**
 * The table's own name as a count of its rows ("the most journals", "polls per month"): a plural
 * word of the name, where no measure is named in the name too (a measure called by a word of the
 * name holds the figure the name speaks of; a singular mass noun such as "rainfall" counts nothing).
 */
export function countableName(ds: Analysis['vocab']['dataset'], text: string): boolean {
  if (!isWholeDatasetWord(ds, text) || !/[^s]s$/.test(text)) return false;
  const nameWords = new Set([...splitLabel(ds.name), ...splitLabel(ds.label)]);
  return !ds.columns.some((c) => c.role === 'measure' && splitLabel(c.name).some((w) => nameWords.has(w)));
}

/** True when some column names each row (a title, a name): the rows are things that can be counted by their word. */
export function rowsNamed(ds: Analysis['vocab']['dataset']): boolean {
  return ds.columns.some((c) => namesRows(c, ds));
}

/** "polls per month": the rows' own word is all that is named, so the rows are what is counted. */
export function namesRowsOnly(a: Analysis): boolean {
  const own = a.links.links.some((l) => l.candidates[0]?.target.kind === 'dataset' && countableName(a.vocab.dataset, l.text));
  return (own || !!a.rowNoun) && !a.measures.length && !a.unknown.length && !rowsArePeriods(a.vocab.dataset);
}
