import { AGG_WORDS, CUE_WORDS, isKnownWord, rootVariants } from './lexicon.js';
import { FuzzyIndex } from './fuzzyIndex.js';
import { pieceMatch } from './pieceMatch.js';
import { isWholeDatasetWord } from './datasetName.js';
import type { Token } from './tokenize.js';
import type { EntrySource, VocabEntry, VocabTarget, Vocabulary } from './vocabulary.js';

export interface LinkCandidate {
  target: VocabTarget;
  score: number;
  source: EntrySource;
  key: string;
  via?: string;
  end?: 'high' | 'low';
}

/** A run of tokens that names something in the catalog. */
export interface Link {
  /** Token indices [start, end). */
  start: number;
  end: number;
  /** The question's words for it (after typo correction). */
  text: string;
  /** Best first. */
  candidates: LinkCandidate[];
  /** How it matched. */
  match: 'exact' | 'stem' | 'root' | 'fuzzy' | 'acronym' | 'abbreviation';
}

export interface Correction {
  index: number;
  from: string;
  to: string;
  score: number;
}

export interface LinkResult {
  links: Link[];
  /** Word tokens that are neither catalog words nor general question words. */
  unknown: Token[];
  corrections: Correction[];
  /** Token keys after typo correction (by token index). */
  keys: string[];
}

let cueIndex: FuzzyIndex | undefined;
function cues(): FuzzyIndex {
  if (!cueIndex) {
    cueIndex = new FuzzyIndex();
    for (const w of CUE_WORDS) cueIndex.add(w);
  }
  return cueIndex;
}

/** Grammar words that are never a column's name, whatever a column is called. */
const STOPWORD_NEVER_COLUMN = /^(the|and|or|of|in|on|at|to|for|from|with|by|per|what|which|who|how|when|where|that|this|these|those|it|is|are|was|were|be|do|does|did|a|an)$/;

const MATCH_FACTOR = { exact: 1, stem: 0.95, root: 0.9, fuzzy: 1, acronym: 0.75, abbreviation: 0.75 } as const;

/**
 * Links n-grams of the question to columns, values and the dataset: longest match first, then
 * stems, inflections, typo corrections and acronyms. Tokens in `skip` (time phrases, numbers
 * already read as comparisons) are never part of a link.
 */
export function linkEntities(tokens: readonly Token[], vocab: Vocabulary, skip: ReadonlySet<number> = new Set()): LinkResult {
  const { keys, factor, corrections } = correctTypos(tokens, vocab, skip);
  const { links, linked } = linkRuns(tokens, vocab, skip, keys, factor);
  const unknown = linkLoneWords(tokens, vocab, skip, keys, linked, links);
  links.sort((a, b) => a.start - b.start);
  return { links, unknown, corrections, keys };
}

/** Each word that no vocabulary knows, read as the catalog word or cue word it most likely misspells. */
function correctTypos(tokens: readonly Token[], vocab: Vocabulary, skip: ReadonlySet<number>): { keys: string[]; factor: number[]; corrections: Correction[] } {
  const keys = tokens.map((t) => t.key);
  const factor = tokens.map(() => 1);
  const corrections: Correction[] = [];

  for (const t of tokens) {
    if (t.kind !== 'word' || skip.has(t.index) || t.key.length < 3) continue;
    if (isKnownWord(t.key) || vocab.exact.has(t.key) || vocab.fuzzy.has(t.key) || vocab.stemmed.has(t.stem)) continue;
    if (rootVariants(t.key).some((r) => vocab.exact.has(r) || isKnownWord(r))) continue;
    // A real English word ("cars") is not a misspelling of a catalog word ("carb").
    if (vocab.english?.(t.key)) continue;
    const hit = vocab.fuzzy.lookup(t.key);
    const cue = cues().lookup(t.key);
    const best = hit && (!cue || hit.score >= cue.score) ? hit : cue;
    if (best) {
      keys[t.index] = best.word;
      factor[t.index] = best.score;
      corrections.push({ index: t.index, from: t.key, to: best.word, score: best.score });
    }
  }
  return { keys, factor, corrections };
}

/** The longest runs of words that name something, left to right, each token in one link at most. */
function linkRuns(tokens: readonly Token[], vocab: Vocabulary, skip: ReadonlySet<number>, keys: readonly string[], factor: readonly number[]): { links: Link[]; linked: Set<number> } {
  const links: Link[] = [];
  const linked = new Set<number>();
  const usable = (t: Token | undefined) => !!t && t.kind !== 'punct' && !skip.has(t.index);
  // N-grams run over words and numbers only, so "pg-13" and "warner bros." match their values;
  // a skipped token (a time phrase, a comparison) breaks a run.
  const seq = tokens.filter((t) => t.kind !== 'punct');
  for (let si = 0; si < seq.length; si++) {
    if (!usable(seq[si])) continue;
    let found: Link | undefined;
    for (let n = Math.min(Math.max(vocab.maxWords, 4), seq.length - si); n >= 1 && !found; n--) {
      const span = seq.slice(si, si + n);
      if (!span.every(usable)) continue;
      found = linkSpan(span, keys, factor, vocab);
      if (found) si += n - 1;
    }
    if (found) {
      links.push(found);
      for (let j = found.start; j < found.end; j++) linked.add(j);
    }
  }
  return { links, linked };
}

/** The link a run of tokens makes, if any. */
function linkSpan(span: readonly Token[], keys: readonly string[], factor: readonly number[], vocab: Vocabulary): Link | undefined {
  const n = span.length;
  // A number alone never names a value, but an ordinal may ("3rd" class).
  if (n === 1 && span[0]!.kind === 'number' && !(span[0]!.ordinal && /^\d/.test(span[0]!.key))) return undefined;
  const ks = span.map((t) => keys[t.index]!);
  const f = span.reduce((p, t) => p * factor[t.index]!, 1);
  const key = ks.join(' ');
  const matched = spanEntries(span, ks, keys, f < 1, vocab);
  if (!matched) return undefined;
  let { entries } = matched;
  // A general word alone ("value", "number") links only to a column literally named so; written in
  // capitals after "the" ("the US") it may be a value's other name too ("OK, …", "show ME", "IN 2020"
  // are the words themselves).
  if (n === 1 && isKnownWord(key)) entries = entries.filter((e) => e.source === 'label' || e.source === 'name' || e.source === 'learned' || e.source === 'value' || (span[0]!.caps && keys[span[0]!.index - 1] === 'the' && e.source === 'wordnet' && e.target.kind === 'value'));
  if (!entries.length) return undefined;
  return { start: span[0]!.index, end: span[span.length - 1]!.index + 1, text: key, candidates: rank(entries, MATCH_FACTOR[matched.match] * f), match: matched.match };
}

/** The entries a run's words name, and how they matched: exactly, by stem or root, or as an abbreviation. */
function spanEntries(span: readonly Token[], ks: readonly string[], keys: readonly string[], fuzzy: boolean, vocab: Vocabulary): { entries: VocabEntry[]; match: Link['match'] } | undefined {
  const n = span.length;
  const key = ks.join(' ');
  let entries = vocab.exact.get(key);
  let match: Link['match'] = fuzzy ? 'fuzzy' : 'exact';
  if (!entries) {
    entries = vocab.stemmed.get(span.map((t) => (keys[t.index] === t.key ? t.stem : keys[t.index]!)).join(' '));
    if (entries) match = fuzzy ? 'fuzzy' : 'stem';
  }
  if (n === 1) {
    // Inflected forms add their own readings ("stocks" names the dataset and, as "stock", a column).
    for (const r of rootVariants(key)) {
      const more = vocab.exact.get(r);
      if (!more) continue;
      if (!entries) {
        entries = more;
        match = 'root';
      } else entries = [...entries, ...more.map((e) => ({ ...e, score: e.score * MATCH_FACTOR.root }))];
      break;
    }
  }
  if (!entries && n === 1 && span[0]!.kind === 'word') {
    const terse = terseMatch(key, vocab);
    if (terse.length) {
      entries = terse;
      match = 'abbreviation';
    }
  }
  if (!entries && n >= 2) {
    const initials = initialsMatch(span, ks, vocab);
    if (initials.length) {
      entries = initials;
      match = 'abbreviation';
    }
  }
  if (!entries && span.every((t) => t.kind === 'word')) {
    const pieces = pieceMatch(ks, vocab);
    if (pieces.length) {
      entries = pieces;
      match = 'abbreviation';
    }
  }
  return entries ? { entries, match } : undefined;
}

/**
 * The words no run linked: a general word may still be a clipped column name, an ordinary word an
 * acronym or a terse name; the rest are unknown. Their links join `links`.
 */
function linkLoneWords(tokens: readonly Token[], vocab: Vocabulary, skip: ReadonlySet<number>, keys: readonly string[], linked: ReadonlySet<number>, links: Link[]): Token[] {
  const unknown: Token[] = [];
  for (const t of tokens) {
    if (t.kind !== 'word' || linked.has(t.index) || skip.has(t.index)) continue;
    const k = keys[t.index]!;
    if (isKnownWord(k) || rootVariants(k).some(isKnownWord)) {
      // A general word in a noun's place ("average return", "the best return") may still be a
      // column's full name that the column clips ("ret"): only then, and only as a whole-prefix clip.
      const nounPlace = t.index > 0 && (AGG_WORDS[keys[t.index - 1]!] || /^(the|by|of|best|worst|highest|lowest|total)$/.test(keys[t.index - 1]!));
      const clip = nounPlace && !STOPWORD_NEVER_COLUMN.test(k) ? terseMatch(k, vocab).filter((e) => k.startsWith(e.key) && e.key.length >= 3) : [];
      if (clip.length) links.push({ start: t.index, end: t.index + 1, text: k, candidates: rank(clip, MATCH_FACTOR.abbreviation), match: 'abbreviation' });
      continue;
    }
    // Letters in order stand for a name's code ("texas" → TX). An ordinary word ("country", "amazon") may
    // stand only for a code that spells most of it (AMZN), never for two of its letters ("country" is no CO).
    const ordinary = vocab.english?.(k) && !vocab.properName?.(k);
    const acr = acronymMatch(k, vocab).filter((e) => !ordinary || (e.key.length >= 3 && e.key.length * 2 >= k.length));
    if (acr.length) {
      links.push({ start: t.index, end: t.index + 1, text: k, candidates: rank(acr, MATCH_FACTOR.acronym), match: 'acronym' });
      continue;
    }
    const terse = terseMatch(k, vocab);
    if (terse.length) {
      links.push({ start: t.index, end: t.index + 1, text: k, candidates: rank(terse, MATCH_FACTOR.abbreviation), match: 'abbreviation' });
      continue;
    }
    unknown.push(t);
  }
  return unknown;
}

function rank(entries: readonly VocabEntry[], f: number): LinkCandidate[] {
  const seen = new Map<string, LinkCandidate>();
  for (const e of entries) {
    const id = JSON.stringify(e.target);
    // Learned entries score above 1 so they sort first; the reported score is capped at 1.
    const score = e.score * f;
    const prev = seen.get(id);
    if (!prev || prev.score < score) seen.set(id, { target: e.target, score, source: e.source, key: e.key, ...(e.via ? { via: e.via } : {}), ...(e.end ? { end: e.end } : {}) });
  }
  return [...seen.values()].sort((a, b) => b.score - a.score).map((c) => ({ ...c, score: Math.min(1, c.score) }));
}

/** Endings that make a noun of a word ("treat" + "ment"). */
const DERIVED_NOUN = /^(ment|ments|ion|ions|ance|ances|ence|ences)$/;

/** How a one-letter column name read as a word's initial is explained (doubts.ts matches it). */
export const INITIAL_VIA = 'a one-letter name, read as the initial of';

/** Terse column names ("wt", "cyl") whose letters appear in order in the word, starting with its first ("weight", "cylinders"). */
function terseMatch(word: string, vocab: Vocabulary): VocabEntry[] {
  const out: VocabEntry[] = [];
  for (const t of vocab.terse) {
    // A one-letter name is the initial of a word of three letters or more: weaker than a longer name's letters.
    if (t.initial) {
      if (word[0] === t.abbr && word.length >= 3) out.push({ key: t.abbr, target: { kind: 'column', column: t.column }, source: 'abbreviation', score: 0.9, via: `${INITIAL_VIA} '${word}'` });
      continue;
    }
    // Two letters more than the name, or one when the name is the word's start ("crim" for "crime").
    if (word[0] !== t.abbr[0] || word.length < t.abbr.length + (word.startsWith(t.abbr) ? 1 : 2)) continue;
    // A name that is a word itself only begins longer words, by three letters or more: "cap" →
    // "capacity", never "age" → "average" (letters in order) or "rate" → "rates".
    if (t.prefixOnly && (!word.startsWith(t.abbr) || word.length < t.abbr.length + 3)) continue;
    // A name of five or six letters begins only its own derived nouns ("treat" → "treatment"), not
    // compounds that start with it ("sales" → "salespeople", "stock" → "stockholders").
    if (t.prefixOnly && t.abbr.length >= 5 && !DERIVED_NOUN.test(word.slice(t.abbr.length))) continue;
    let j = 0;
    for (let i = 0; i < word.length && j < t.abbr.length; i++) if (word[i] === t.abbr[j]) j++;
    if (j === t.abbr.length) out.push({ key: t.abbr, target: { kind: 'column', column: t.column }, source: 'abbreviation', score: 1, via: `'${t.abbr}' abbreviates '${word}'` });
  }
  return out;
}

/** Words a name's phrase never ends on (STOPWORDS is too wide: it holds "rate"). */
const ENDS_NO_PHRASE = /^(a|an|the|of|in|on|at|to|for|from|with|by|per|and|or|any|all|some|no|each|every|is|are|was|were|be|it|its|their|than)$/;

/**
 * A terse column name that is the initials of the words said ("savings rate" → sr): the first and
 * last words must be content words, so everyday phrases ("average mpg" → am) never match.
 */
function initialsMatch(span: readonly Token[], ks: readonly string[], vocab: Vocabulary): VocabEntry[] {
  // Initials are of one phrase: never across punctuation ("fold their arms? Give counts" is no "ag").
  if (span.length < 2 || span.length > 4 || !span.every((t, i) => t.kind === 'word' && (i === 0 || t.index === span[i - 1]!.index + 1))) return [];
  // Both ends are content words: "contain any" is no "ca", "barium at" no "ba".
  // Nor with the dataset's own name in it ("how much do the crabs weigh" is no "cw"): that word names the rows.
  if (isKnownWord(ks[0]!) || ENDS_NO_PHRASE.test(ks[ks.length - 1]!) || ks.some((k) => k.length < 2 || AGG_WORDS[k])) return [];
  // Three words spelling a whole name are that name even with the dataset's word among them
  // ("earnings per share" → eps in a table named after earnings); two letters are too few to say so.
  const withName = ks.some((k) => isWholeDatasetWord(vocab.dataset, k));
  if (withName && ks.length < 3) return [];
  const abbr = ks.map((k) => k[0]).join('');
  const text = ks.join(' ');
  // The last word may be abbreviated rather than reduced to its initial ("unit price" → uprc).
  const head = abbr.slice(0, -1);
  const last = ks[ks.length - 1]!;
  const fits = (name: string) => name === abbr || (!withName && name.length <= 6 && name.startsWith(head) && name.length > abbr.length && isSubsequence(name.slice(head.length), last));
  return vocab.dataset.columns
    .filter((c) => fits(c.name) || fits(c.label.toLowerCase()))
    .map((c) => ({ key: abbr, target: { kind: 'column' as const, column: c.name }, source: 'abbreviation' as const, score: 1, via: `'${abbr}' is the initials of '${text}'` }));
}

/** True when `short` starts with `word`'s first letter and its letters appear in order in `word`. */
export function isSubsequence(short: string, word: string): boolean {
  if (short[0] !== word[0]) return false;
  let j = 0;
  for (let i = 0; i < word.length && j < short.length; i++) if (word[i] === short[j]) j++;
  return j === short.length;
}

/** Short upper-case values whose letters appear in order in the word, starting with its first ("general electric" → GE). */
function acronymMatch(word: string, vocab: Vocabulary): VocabEntry[] {
  if (word.length < 4) return [];
  const out: VocabEntry[] = [];
  for (const e of vocab.acronyms.get(word[0]!) ?? []) {
    if (word.length < e.key.length + 2) continue;
    let j = 0;
    for (let i = 0; i < word.length && j < e.key.length; i++) if (word[i] === e.key[j]) j++;
    if (j === e.key.length) out.push(e);
  }
  return out;
}
