import { describe, expect, it } from 'vitest';
import { findDuplicateKeys, findExactDuplicates } from '../../../../src/cleaning/dedupe/exact.js';
import { findFuzzyDuplicates, findFuzzyDuplicatesAllPairs } from '../../../../src/cleaning/dedupe/fuzzyDuplicates.js';
import { chooseKept, completeness } from '../../../../src/cleaning/dedupe/keep.js';
import { PairScorer, jaroWinklerBound, levenshteinBound } from '../../../../src/cleaning/dedupe/scoring.js';
import { jaroWinkler, levenshteinSimilarity } from '../../../../src/shared/fuzzy.js';
import { comparable } from '../../../../src/cleaning/cluster/keys.js';
import { loadMovies } from '../../../support/dirty.js';

describe('exact and key duplicates', () => {
  const rows = [{ a: 1, b: 'x' }, { a: '1', b: 'x' }, { a: 1, b: 'x' }, { a: null, b: 'y' }, { a: null, b: 'y' }];
  it('1 and "1" differ; nulls are equal for exact rows but never for keys', () => {
    expect(findExactDuplicates(rows, ['a', 'b']).map((g) => g.rows)).toEqual([[0, 2], [3, 4]]);
    expect(findDuplicateKeys(rows, ['a']).map((g) => g.rows)).toEqual([[0, 2]]);
  });
  it('keep first / last / most complete, with an order column', () => {
    const r = [{ v: 1, w: null, t: 3 }, { v: 1, w: 'x', t: 1 }, { v: 1, w: null, t: 2 }];
    expect(chooseKept([0, 1, 2], 'first', r)).toBe(0);
    expect(chooseKept([0, 1, 2], 'last', r)).toBe(2);
    expect(chooseKept([0, 1, 2], 'first', r, [3, 1, 2])).toBe(1);
    expect(chooseKept([0, 1, 2], 'last', r, [3, 1, 2])).toBe(0);
    expect(chooseKept([0, 1, 2], 'most_complete', r)).toBe(1);
    expect(completeness({ a: 'N/A', b: 0, c: null })).toBe(1);
  });
});

describe('pair scoring', () => {
  it('weighted mean over present columns, numeric closeness, missing columns left out', () => {
    const rows = [
      { name: 'Jon Smith', city: 'Oslo', amount: 100 },
      { name: 'John Smith', city: null, amount: 105 },
    ];
    const s = new PairScorer(rows, [{ column: 'name', weight: 2 }, { column: 'city' }, { column: 'amount', method: 'numeric', tolerance: 0.1 }]);
    const want = (2 * jaroWinkler('jon smith', 'john smith') + (1 - 5 / 10.5)) / 3;
    expect(s.score(0, 1)).toBeCloseTo(want, 12);
  });

  it('the length/character bounds never undercut the real similarity (2000 movie title pairs)', () => {
    const titles = loadMovies().flatMap((m) => (typeof m.Title === 'string' ? [comparable(m.Title)] : []));
    for (let k = 0; k < 2000; k++) {
      const a = titles[(k * 31) % titles.length]!;
      const b = titles[(k * 17 + 5) % titles.length]!;
      const s = new PairScorer([{ t: a }, { t: b }], [{ column: 't' }]);
      expect(s.upperBound(0, 1) + 1e-12).toBeGreaterThanOrEqual(jaroWinkler(a, b));
      const l = new PairScorer([{ t: a }, { t: b }], [{ column: 't', method: 'levenshtein' }]);
      expect(l.upperBound(0, 1) + 1e-12).toBeGreaterThanOrEqual(levenshteinSimilarity(a, b));
    }
    expect(jaroWinklerBound(10, 5)).toBeCloseTo((0.5 + 1 + 1) / 3 + 0.4 * (1 - (0.5 + 1 + 1) / 3), 12);
    expect(levenshteinBound(10, 5)).toBe(0.5);
  });
});

describe('fuzzy duplicates', () => {
  const rows = ['The Matrix', 'the matrix ', 'The Matirx', 'Rocky II', 'Rocky III', 'Rocky IIl', 'Paramount', 'Paramount Vantage', 'Heat', 'Heat'].map((t) => ({ t }));

  it('matches typos and case, keeps sequels and extensions apart, even through a chain', () => {
    const { groups } = findFuzzyDuplicates(rows, { columns: [{ column: 't' }], threshold: 0.9 });
    const sets = groups.map((g) => g.rows);
    expect(sets).toContainEqual([0, 1, 2]);
    expect(sets).toContainEqual([8, 9]);
    for (const g of sets) {
      expect(g.includes(3) && g.includes(4)).toBe(false);
      expect(g.includes(6) && g.includes(7)).toBe(false);
    }
  });

  it('blocking finds what all-pairs finds on a small set; threshold out of range is refused', () => {
    const a = findFuzzyDuplicates(rows, { columns: [{ column: 't' }], threshold: 0.9 }).groups.map((g) => g.rows);
    const b = findFuzzyDuplicatesAllPairs(rows, { columns: [{ column: 't' }], threshold: 0.9 }).groups.map((g) => g.rows);
    expect(a).toEqual(b);
    expect(() => findFuzzyDuplicates(rows, { columns: [{ column: 't' }], threshold: 0 })).toThrow(/threshold/);
  });
});
