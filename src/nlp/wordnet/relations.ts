import { lemmasOf } from './lemmas.js';
import type { Synset, WordNet } from './wordnet.js';

/** How a word reached a catalog name through WordNet. */
export type WordNetRelation = 'synonym' | 'attribute' | 'similar' | 'derivation' | 'pertainym' | 'hyponym' | 'initialism' | 'family';

export interface RelatedWord {
  key: string;
  relation: WordNetRelation;
  /** Trust in (0, 1]. */
  score: number;
  /** The catalog word it came from. */
  from: string;
  /** For attribute adjectives: which end of the scale the adjective names ("heavy" high, "light" low). */
  end?: 'high' | 'low';
}

/**
 * Adjectives naming the low end of an attribute's scale (general English). WordNet lists both
 * ends of an attribute (weight: heavy, light) without saying which is which.
 */
const LOW_END = new Set([
  'light', 'short', 'low', 'small', 'little', 'cold', 'cool', 'slow', 'cheap', 'inexpensive', 'young', 'shallow', 'narrow', 'thin',
  'weak', 'few', 'dry', 'early', 'near', 'close', 'poor', 'quiet', 'soft', 'brief', 'calm', 'dark', 'lightweight', 'tiny', 'minor',
  'unimportant', 'sparse', 'bad', 'worse', 'worst', 'new', 'lean', 'slim', 'skinny', 'compact', 'mild', 'wet',
]);

const MAX_SENSES = 3;
const MAX_HYPONYMS = 20;
const usable = (w: string) => w.length > 1 && w.split(' ').length <= 3 && /^[a-z][a-z .'-]*$/.test(w);

/** Common, many-sense words ("go", "pass", "air") are never taken from a relation: they would match everyday text. */
const MAX_SENSES_OF_RELATED = 6;
/** A derivation is a word-to-word link, so it may be a commoner word ("death" → die), but not "go" or "pass". */
const MAX_SENSES_OF_DERIVED = 15;

/**
 * Words a person may use for a column word: synonyms, the adjectives of its attribute (with the end
 * of the scale each names), derivations (death → die), and, for the most common sense, its
 * hyponyms (a general noun → its kinds). Related words with many senses are left out.
 */
export function columnWordRelations(wn: WordNet, word: string): RelatedWord[] {
  const out = new Map<string, RelatedWord>();
  const put = (r: RelatedWord) => {
    if (!usable(r.key) || r.key === word) return;
    const cap = r.relation === 'derivation' ? MAX_SENSES_OF_DERIVED : MAX_SENSES_OF_RELATED;
    if (r.relation !== 'synonym' && r.relation !== 'attribute' && wn.senseCount(r.key) > cap) return;
    const prev = out.get(r.key);
    if (!prev || prev.score < r.score) out.set(r.key, r);
  };
  const base = [word, ...lemmasOf(word, 'noun')].find((w) => wn.has(w, 'n'));
  for (const x of stemFamily(wn, base ?? word)) put({ key: x, relation: 'family', score: 0.75, from: word });
  // A column named by an adjective ("insured"): the adjectives WordNet lists as similar to it.
  // Only for a word of one or two adjective senses and no verb: "close", "low", "free" have dozens of loose neighbours.
  const adjectiveSenses = wn.lookup(word, 'a');
  if (adjectiveSenses.length >= 1 && adjectiveSenses.length <= 2 && !wn.has(word, 'v')) for (const d of wn.follow(adjectiveSenses[0]!, '&')) for (const x of d.words) put({ key: x, relation: 'similar', score: 0.75, from: word });
  if (!base) return verbRelations(wn, word, put, out);
  if (base !== word) put({ key: base, relation: 'synonym', score: 0.95, from: word });
  wn.lookup(base, 'n').slice(0, MAX_SENSES).forEach((s, sense) => {
    const w = sense === 0 ? 1 : 0.9;
    for (const x of s.words) put({ key: x, relation: 'synonym', score: 0.8 * w, from: word });
    const adjectives = new Set([...wn.follow(s, '=').flatMap((a) => a.words), ...wn.attributeAdjectives(s.offset)]);
    for (const x of adjectives) put({ key: x, relation: 'attribute', score: 0.85 * w, from: word, end: LOW_END.has(x) ? 'low' : 'high' });
    for (const d of wn.followWord(s, base, '+')) if (d.pos === 'v' || d.pos === 'a') for (const x of d.words) {
      put({ key: x, relation: 'derivation', score: 0.75 * w, from: word });
      // The derived verb's everyday synonyms ("expend" → "spend"), when they are words of few senses ("go", "pass" are not).
      if (d.pos === 'v') for (const y of d.synset) if (y !== x && !y.includes(' ') && wn.senseCount(y) <= 3) put({ key: y, relation: 'derivation', score: 0.7 * w, from: word });
    }
    for (const h of wn.follow(s, '~').slice(0, MAX_HYPONYMS)) for (const x of h.words) put({ key: x, relation: 'hyponym', score: sense === 0 ? 0.65 : 0.6, from: word });
    // The gloss names the state a noun is the word for ("X: the state of being Y").
    for (const g of s.gloss.split(/[^a-z]+/)) if (g !== base && sharedStem(g, base)) put({ key: g, relation: 'derivation', score: 0.7 * w, from: word });
  });
  return [...out.values()];
}

/**
 * A column named by a verb ("survived", "churned"): the nouns and adjectives derived from the verb
 * ("survivor", "survival"), so "survivors" and "survival rate" reach it.
 */
function verbRelations(wn: WordNet, word: string, put: (r: RelatedWord) => void, out: Map<string, RelatedWord>): RelatedWord[] {
  const verb = [word, ...lemmasOf(word, 'verb')].find((w) => wn.has(w, 'v'));
  if (!verb) return [];
  if (verb !== word) put({ key: verb, relation: 'synonym', score: 0.9, from: word });
  wn.lookup(verb, 'v').slice(0, MAX_SENSES).forEach((s, sense) => {
    const w = sense === 0 ? 1 : 0.9;
    for (const d of wn.followWord(s, verb, '+')) if (d.pos === 'n' || d.pos === 'a') for (const x of d.words) put({ key: x, relation: 'derivation', score: 0.75 * w, from: word });
  });
  return [...out.values()];
}

/**
 * Words for a value: its derivations and pertainyms (Japan → Japanese), synonyms of its first
 * sense (United States → America), and the hyponyms of a value that names a kind (female → woman).
 */
export function valueRelations(wn: WordNet, value: string): RelatedWord[] {
  const out = new Map<string, RelatedWord>();
  const put = (r: RelatedWord) => {
    if (!usable(r.key) || r.key === value) return;
    if (r.relation !== 'synonym' && wn.senseCount(r.key) > MAX_SENSES_OF_RELATED) return;
    const prev = out.get(r.key);
    if (!prev || prev.score < r.score) out.set(r.key, r);
  };
  const senses: Synset[] = [...wn.lookup(value, 'n').slice(0, 2), ...wn.lookup(value, 'a').slice(0, 1)];
  senses.forEach((s, i) => {
    const w = i === 0 ? 1 : 0.9;
    for (const x of s.words) put({ key: x, relation: 'synonym', score: 0.8 * w, from: value });
    for (const d of wn.followWord(s, value, '+')) if (d.pos === 'a' || d.pos === 'n') for (const x of d.words) put({ key: x, relation: 'derivation', score: 0.8 * w, from: value });
    for (const d of wn.followWord(s, value, '\\')) for (const x of d.words) put({ key: x, relation: 'pertainym', score: 0.8 * w, from: value });
    if (s.pos === 'n') for (const h of wn.follow(s, '~').slice(0, MAX_HYPONYMS)) for (const x of h.words) put({ key: x, relation: 'hyponym', score: 0.65, from: value });
  });
  return [...out.values()];
}

/** Two forms of one word ("employed", "employment"): a long common beginning that covers most of both. */
function sharedStem(a: string, b: string): boolean {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n >= 5 && n >= 0.6 * Math.max(a.length, b.length);
}

/** The initials of a multi-word name ("miles per gallon" → mpg), when it has 2–5 words. */
export function initialism(words: readonly string[]): string | undefined {
  if (words.length < 2 || words.length > 5) return undefined;
  return words.map((w) => w[0]).join('');
}

/** Hypernyms that make a noun a measured property (weight, length, temperature, power): averaged, not summed. */
const PROPERTY_ROOTS = new Set(['physical property', 'magnitude', 'unit of measurement', 'fundamental quantity', 'rate', 'ratio']);

/** True when the noun's most common sense is a kind of measured property (walks up to 10 hypernyms). */
export function isMeasuredProperty(wn: WordNet, word: string): boolean {
  return isKindOf(wn, word, PROPERTY_ROOTS, 10);
}

/** True when the noun's most common sense is a kind of one of `roots` (walks up to `depth` hypernyms). */
export function isKindOf(wn: WordNet, word: string, roots: ReadonlySet<string>, depth = 12): boolean {
  const above = wordsAbove(wn, word, depth);
  return !!above && [...roots].some((r) => above.has(r));
}

/**
 * The words of the noun's most common sense and of every sense above it, up to `depth` hypernyms;
 * undefined when WordNet does not know the word (or its lemma) as a noun.
 */
export function wordsAbove(wn: WordNet, word: string, depth = 12): Set<string> | undefined {
  const base = [word, ...lemmasOf(word, 'noun')].find((w) => wn.has(w, 'n'));
  if (!base) return undefined;
  const out = new Set<string>();
  let frontier = wn.lookup(base, 'n').slice(0, 1);
  for (let d = 0; d < depth && frontier.length; d++) {
    for (const s of frontier) for (const w of s.words) out.add(w);
    frontier = frontier.flatMap((s) => wn.follow(s, '@'));
  }
  return out;
}

/**
 * Endings that turn one part of speech into another (weigh → weight, retired → retirement).
 * Not "-er": an agent noun names a person ("counter", "weigher"), not the property.
 */
const ENDINGS = ['ment', 'ness', 'ation', 'ion', 'ure', 'age', 'th', 't', 'ed', 'd', 'ing', 'al'];
const MIN_BASE = 4;

/**
 * Words of the same stem that WordNet defines by the word itself: "weigh" is "have a certain
 * weight", "retirement" is "the state of being retired". WordNet has no derivation pointer
 * for many such pairs, but the definition ties them; a shared spelling alone does not.
 */
export function stemFamily(wn: WordNet, word: string): string[] {
  const bases = new Set([word]);
  for (const e of ENDINGS) if (word.endsWith(e) && word.length - e.length >= MIN_BASE) bases.add(word.slice(0, -e.length));
  const out: string[] = [];
  const mentions = new RegExp(`\\b${word.replace(/[^a-z]/g, '')}\\b`);
  for (const b of bases) {
    for (const e of ['', ...ENDINGS]) {
      const c = b + e;
      if (c === word || c.length < MIN_BASE || out.includes(c)) continue;
      const defined = (['n', 'v', 'a'] as const).some((pos) => wn.lookup(c, pos).slice(0, 2).some((sy) => mentions.test(sy.gloss.split('"')[0]!)));
      if (defined) out.push(c);
    }
  }
  return out;
}

/** Other names of a several-word column name that WordNet knows as one noun ("motor vehicle" → automobile). */
export function phraseSynonyms(wn: WordNet, words: readonly string[]): RelatedWord[] {
  if (words.length < 2) return [];
  const phrase = words.join(' ');
  const out: RelatedWord[] = [];
  for (const s of wn.lookup(phrase, 'n').slice(0, 1)) for (const x of s.words) if (x !== phrase && usable(x)) out.push({ key: x, relation: 'synonym', score: 0.8, from: phrase });
  return out;
}
