import { editDistance } from '../shared/suggest.js';
import { doubleMetaphone, jaroWinkler } from './naturalLib.js';

export interface FuzzyHit {
  word: string;
  /** Jaro-Winkler similarity in [0, 1]. */
  score: number;
  distance: number;
  via: 'spelling' | 'sound';
}

/** Above this many words, sound-alike codes are skipped: they cost ~2 µs a word to build. */
const MAX_PHONETIC_WORDS = 20_000;
const MIN_SCORE = 0.88;

/**
 * Typo-tolerant lookup of single words. Blocking keeps it fast with 100k+ words: candidates share
 * the first two letters and are within two letters of length, or share a Double Metaphone code;
 * only those are scored (Jaro-Winkler, checked by Damerau-Levenshtein distance).
 */
export class FuzzyIndex {
  private readonly byPrefix = new Map<string, string[]>();
  private readonly byCode = new Map<string, string[]>();
  private readonly byEnds = new Map<string, string[]>();
  private readonly all = new Set<string>();
  private phonetic = 0;

  /** Adds a word (lower case, no spaces); `phonetic` asks for a sound-alike code too. */
  add(word: string, phonetic = true): void {
    if (word.length < 3 || this.all.has(word)) return;
    this.all.add(word);
    push(this.byPrefix, `${word.slice(0, 2)}|${word.length}`, word);
    // First and last letter: catches a typo in the second letter ("wnd" → wind, "mnth" → month).
    push(this.byEnds, `${word[0]}${word[word.length - 1]}|${word.length}`, word);
    if (phonetic && this.phonetic < MAX_PHONETIC_WORDS && /^[a-z]+$/.test(word)) {
      this.phonetic++;
      const [p] = doubleMetaphone(word);
      if (p.length >= 2) push(this.byCode, p, word);
    }
  }

  has(word: string): boolean {
    return this.all.has(word);
  }

  get size(): number {
    return this.all.size;
  }

  /** The closest known word to `word`, when one is close enough to be a typo of it. */
  lookup(word: string): FuzzyHit | undefined {
    if (word.length < 3 || this.all.has(word)) return undefined;
    const maxDist = word.length >= 8 ? 2 : 1;
    // A three-letter word only corrects to a longer one with a letter missing ("wnd" → wind).
    const minLen = word.length === 3 ? 4 : 0;
    let best: FuzzyHit | undefined;
    const consider = (c: string, via: FuzzyHit['via']) => {
      if (Math.abs(c.length - word.length) > maxDist || c.length < minLen) return;
      const score = jaroWinkler(word, c);
      if (score < MIN_SCORE || (best && score <= best.score)) return;
      const distance = editDistance(word, c);
      if (distance > maxDist) return;
      best = { word: c, score, distance, via };
    };
    const p2 = word.slice(0, 2);
    for (let len = word.length - maxDist; len <= word.length + maxDist; len++) {
      for (const c of this.byPrefix.get(`${p2}|${len}`) ?? []) consider(c, 'spelling');
      for (const c of this.byEnds.get(`${word[0]}${word[word.length - 1]}|${len}`) ?? []) consider(c, 'spelling');
    }
    if (/^[a-z]+$/.test(word)) {
      const [p] = doubleMetaphone(word);
      for (const c of this.byCode.get(p) ?? []) consider(c, 'sound');
    }
    return best;
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
