import { describe, expect, it } from 'vitest';
import {
  boundedLevenshtein,
  damerauLevenshtein,
  doubleMetaphone,
  doubleMetaphoneMatch,
  jaroWinkler,
  jaroWinklerNatural,
  levenshtein,
  levenshteinSimilarity,
  metaphone,
  porterStem,
} from '../../../src/shared/fuzzy.js';

// Seeded so the random comparison is the same every run.
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('fuzzy (natural wrapper)', () => {
  it('Jaro-Winkler matches the textbook values', () => {
    // Winkler (1990) / Wikipedia examples.
    expect(jaroWinkler('MARTHA', 'MARHTA')).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler('DIXON', 'DICKSONX')).toBeCloseTo(0.8133, 4);
    expect(jaroWinkler('abc', 'abc')).toBe(1);
    expect(jaroWinkler('', '')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });

  it('jaroWinkler equals natural\'s JaroWinklerDistance on 5000 random pairs (incl. empty and 1-char strings)', () => {
    const rnd = lcg(11);
    const alpha = 'abcdeé ';
    const word = (): string => Array.from({ length: Math.floor(rnd() * 40) }, () => alpha[Math.floor(rnd() * alpha.length)]).join('');
    for (let k = 0; k < 5000; k++) {
      const a = word();
      const b = rnd() < 0.3 ? a.slice(0, Math.floor(rnd() * a.length)) + word().slice(0, 3) : word();
      expect(jaroWinkler(a, b)).toBeCloseTo(jaroWinklerNatural(a, b), 12);
    }
  });

  it('edit distances: classic values, transposition counted once by Damerau only', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('flaw', 'lawn')).toBe(2);
    expect(levenshtein('ab', 'ba')).toBe(2);
    expect(damerauLevenshtein('ab', 'ba')).toBe(1);
    expect(damerauLevenshtein('ca', 'abc')).toBe(2); // unrestricted: OSA would say 3
    expect(levenshteinSimilarity('kitten', 'sitting')).toBeCloseTo(1 - 3 / 7, 10);
    expect(levenshteinSimilarity('', '')).toBe(1);
  });

  it('boundedLevenshtein agrees with natural on 3000 random pairs and cuts off above max', () => {
    const rnd = lcg(7);
    const alpha = 'abcde ';
    const word = (): string => Array.from({ length: Math.floor(rnd() * 12) }, () => alpha[Math.floor(rnd() * alpha.length)]).join('');
    for (let k = 0; k < 3000; k++) {
      const a = word();
      const b = word();
      const d = levenshtein(a, b);
      expect(boundedLevenshtein(a, b, 20)).toBe(d);
      const max = Math.floor(rnd() * 5);
      expect(boundedLevenshtein(a, b, max)).toBe(d <= max ? d : max + 1);
    }
  });

  it('phonetics: Double Metaphone codes and primary/secondary matching', () => {
    expect(doubleMetaphone('Smith')).toEqual(['SM0', 'XMT']);
    expect(doubleMetaphone('Schmidt')).toEqual(['XMT', 'SMT']);
    // Primary codes differ, but Smith's secondary equals Schmidt's primary.
    expect(doubleMetaphoneMatch('Smith', 'Schmidt')).toBe(true);
    expect(doubleMetaphoneMatch('Smith', 'Jones')).toBe(false);
    expect(doubleMetaphone('')).toEqual(['', '']);
    // Metaphone rules: initial KN → N, WR → R, PH → F.
    expect(metaphone('Knight')).toBe('NT');
    expect(metaphone('Night')).toBe('NT');
    expect(metaphone('Wright')).toBe(metaphone('Write'));
    expect(metaphone('Phone')).toBe('FN');
    expect(porterStem('running')).toBe('run');
    expect(porterStem('connections')).toBe('connect');
  });
});
