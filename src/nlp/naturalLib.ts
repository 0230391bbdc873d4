import { createRequire } from 'node:module';
import type * as NaturalNs from 'natural';

/**
 * The one door to `natural`. It is CommonJS, slow to import (~0.4–0.7 s: it loads optional storage
 * drivers and calls dotenv), and its named ESM imports fail at run time, so it is required lazily
 * on first use rather than at module load. Callers that want a quiet start set
 * DOTENV_CONFIG_QUIET=true in the composition root.
 */
export type Natural = typeof NaturalNs;

let cached: Natural | undefined;

/** The `natural` module, loaded on first call. */
export function natural(): Natural {
  if (!cached) {
    const require = createRequire(import.meta.url);
    cached = require('natural') as Natural;
  }
  return cached;
}

let metaphone: { process(word: string, maxLength?: number): [string, string] } | undefined;

/** Double Metaphone codes (primary, secondary) of one word. */
export function doubleMetaphone(word: string): [string, string] {
  if (!metaphone) {
    const n = natural();
    metaphone = new (n.DoubleMetaphone as unknown as new () => { process(w: string, m?: number): [string, string] })();
  }
  return metaphone.process(word, 6);
}

/** Porter stem of one lower-case word. */
export function stem(word: string): string {
  return natural().PorterStemmer.stem(word);
}

/** Jaro-Winkler similarity in [0, 1]. */
export function jaroWinkler(a: string, b: string): number {
  return natural().JaroWinklerDistance(a, b);
}
