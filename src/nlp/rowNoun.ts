// The noun that names the rows themselves ("how many cars", "which airports"), found among the
// words the catalog does not know.
import { isKnownWord } from './lexicon.js';
import { rowLabelColumn } from './options.js';
import { isDatasetNameWord } from './datasetName.js';
import { splitLabel } from './vocabulary.js';
import type { Analysis } from './analyze.js';
import type { Token } from './tokenize.js';
import type { Vocabulary } from './vocabulary.js';

/** Words after which a plain noun names the rows counted, ranked or listed ("how many cars", "which city", "top 5 cars"). */
const ROW_NOUN_BEFORE = new Set(['many', 'which', 'what', 'each', 'every', 'all', 'the']);

/** Words of a column that describe a person: a table with one is a table of people's records. */
const PERSON_ATTRIBUTE = /^(sex|gender|race|ethnicity|educ|education|schooling|married|marital|smoke|smoker|smoking|occupation|religion|religious|pregnant)$/;

/**
 * True when the rows are people: some column is an attribute only a person has. "How many
 * employees did Acme have" in a table of firms' yearly figures names no rows.
 */
function rowsArePeople(vocab: Vocabulary): boolean {
  return vocab.dataset.columns.some((c) => [...splitLabel(c.label), ...splitLabel(c.name)].some((w) => PERSON_ATTRIBUTE.test(w)));
}

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

/**
 * The one English noun, unknown to the catalog, that names the rows themselves: right after "how
 * many", "which", "number of", a ranking word or its number. Other unknown words stay unknown.
 */
export function findRowNoun(tokens: readonly Token[], unknown: readonly Token[], used: ReadonlySet<number>, vocab: Vocabulary, rank: Analysis['rank'], datasetNamed = false): { token: Token; named: boolean } | undefined {
  const k = (i: number) => tokens[i]?.key ?? '';
  for (const t of unknown) {
    if (used.has(t.index) || !vocab.english?.(t.key, 'n')) continue;
    // A modifier before another unknown noun ("american cars") is not the rows' noun itself.
    const next = tokens[t.index + 1];
    if (next?.kind === 'word' && !isKnownWord(next.key)) continue;
    // Part of the dataset's name ("cars" of a dataset named "mtcars"): the rows, wherever it stands.
    if (isDatasetNameWord(vocab.dataset, t.key)) return { token: t, named: true };
    const p = k(t.index - 1);
    const afterRank = rank && (rank.index === t.index - 1 || (rank.n !== undefined && tokens[t.index - 1]?.value === rank.n));
    const afterCount = p === 'of' && ['number', 'count'].includes(k(t.index - 2));
    const afterThe = p === 'the' && (['which', 'what', 'all', 'of'].includes(k(t.index - 2)) || (rank && rank.index === t.index - 2));
    // By its place alone only where rows are entities with a label (one row per car, per city).
    // Or, where rows have no label, a word for people ("how many patients") in a table of people's records.
    // Not when another word already named the rows ("which monarch had the most children").
    if (datasetNamed) continue;
    if (((ROW_NOUN_BEFORE.has(p) && p !== 'the') || afterRank || afterCount || afterThe) && (rowLabelColumn(vocab.dataset) || (vocab.person?.(t.key) && rowsArePeople(vocab) && !namesAPart(t.key, vocab)))) return { token: t, named: false };
  }
  return undefined;
}
