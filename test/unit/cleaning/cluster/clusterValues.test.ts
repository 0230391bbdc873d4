import { describe, expect, it } from 'vitest';
import { clusterInRounds, clusterValues } from '../../../../src/cleaning/cluster/clusterValues.js';
import { mergeBlocker, guardSignature } from '../../../../src/cleaning/cluster/guards.js';
import { fingerprint, ngramFingerprint, phoneticKey } from '../../../../src/cleaning/cluster/keys.js';
import { countValues, type ValueCount } from '../../../../src/cleaning/cluster/types.js';
import { UnionFind } from '../../../../src/cleaning/cluster/unionFind.js';

const vc = (pairs: [string, number][]): ValueCount[] => pairs.map(([value, count]) => ({ value, count }));
const memberSets = (cs: { values: ValueCount[] }[]): string[][] => cs.map((c) => c.values.map((v) => v.value).sort());

describe('keys (OpenRefine keyers)', () => {
  it('fingerprint: trim, case, accents, punctuation, token order and repeats', () => {
    expect(fingerprint('  New York ')).toBe('new york');
    expect(fingerprint('york, NEW')).toBe('new york');
    expect(fingerprint('N.Y.')).toBe('ny');
    expect(fingerprint('NY')).toBe('ny');
    expect(fingerprint('Café  Münster-Straße')).toBe('cafe munsterstrasse');
    expect(fingerprint('the the end')).toBe('end the');
  });

  it('n-gram fingerprint ignores spaces and order of bigrams', () => {
    // bigrams pa, ar, ri, is → sorted ar, is, pa, ri
    expect(ngramFingerprint('Paris', 2)).toBe('arispari');
    expect(ngramFingerprint('Pa ris')).toBe(ngramFingerprint('paris'));
    expect(ngramFingerprint('abc', 1)).toBe('abc');
    expect(() => ngramFingerprint('x', 0)).toThrow(/positive integer/);
  });

  it('phonetic key encodes each token', () => {
    expect(phoneticKey('Catherine Smith', 'metaphone')).toBe(phoneticKey('kathryn smith', 'metaphone'));
    expect(phoneticKey('Schmidt 3')).toBe('3 XMT');
  });
});

describe('merge guards', () => {
  const blocker = (a: string, b: string): string | null => mergeBlocker(guardSignature(a), guardSignature(b));
  it('block sequels, numbers, extensions, short codes and different words', () => {
    expect(blocker('Rocky II', 'Rocky III')).toMatch(/sequel/);
    expect(blocker('Scary Movie 2', 'Scary Movie 3')).toMatch(/numbers/);
    expect(blocker('Alien', 'Alien³')).toMatch(/numbers/);
    expect(blocker('The Ring', 'The Ring Two')).not.toBeNull();
    expect(blocker('Paramount', 'Paramount Vantage')).toMatch(/extends/);
    expect(blocker('IA', 'IN')).toMatch(/short/);
    expect(blocker('Iowa', 'Ohio')).toMatch(/word/);
    expect(blocker('Dawn of the Dead', 'Day of the Dead')).toMatch(/word/);
  });
  it('block short titles that are another title plus letters at an end ("Babe" / "Babel", "Friday" / "Frida")', () => {
    expect(blocker('Babe', 'Babel')).toMatch(/short title/);
    expect(blocker('Friday', 'Frida')).toMatch(/short title/);
    expect(blocker('Ray', 'Array')).not.toBeNull();
    // Inner typos in short titles, and end typos in longer ones, still merge.
    expect(blocker('Frdiay', 'Friday')).toBeNull();
    expect(blocker('Babel', 'Bbael')).toBeNull();
    expect(blocker('Universal Studio', 'Universal Studios')).toBeNull();
  });
  it('allow typos, spacing, case and punctuation variants', () => {
    expect(blocker('NY', 'N.Y.')).toBeNull();
    expect(blocker('Rocky II', 'Rokcy II')).toBeNull();
    expect(blocker('Sony Pictures', 'SonyPictures')).toBeNull();
    expect(blocker('Universal', 'Universl')).toBeNull();
  });
});

describe('clusterValues', () => {
  const states = vc([
    ['New York', 40], ['new york ', 3], ['NEW YORK', 2], ['NY', 5], ['N.Y.', 2], ['Iowa', 30], ['Ohio', 25], ['Ioawa', 1],
    ['Rocky II', 4], ['Rocky III', 4], ['Rocky IIl', 1],
  ]);

  it('fingerprint merges case/space/punctuation variants, never abbreviations with full names', () => {
    const cs = clusterValues(states, 'fingerprint');
    expect(memberSets(cs)).toEqual([['NEW YORK', 'New York', 'new york '], ['N.Y.', 'NY']]);
    expect(cs[0]).toMatchObject({ canonical: 'New York', rowCount: 45, changedRows: 5, method: 'fingerprint' });
    expect(cs[0]!.score).toBe(1);
  });

  it('Levenshtein and Jaro-Winkler merge rare typos into common values and keep distinct real values apart', () => {
    for (const method of ['levenshtein', 'jaro_winkler'] as const) {
      const cs = clusterValues(states, method, { threshold: method === 'levenshtein' ? 0.7 : 0.85 });
      const sets = memberSets(cs);
      expect(sets).toContainEqual(['Ioawa', 'Iowa']);
      for (const s of sets) {
        expect(s.includes('Iowa') && s.includes('Ohio')).toBe(false);
        expect(s.includes('Rocky II') && s.includes('Rocky III')).toBe(false);
        expect(s.includes('NY') && s.includes('New York')).toBe(false);
      }
    }
  });

  it('frequency evidence: two common look-alikes stay apart unless the ratio check is off', () => {
    const v = vc([['Universal', 50], ['Universl', 40]]);
    expect(clusterValues(v, 'levenshtein')).toEqual([]);
    const withoutRatio = clusterValues(v, 'levenshtein', { minCountRatio: 1 });
    expect(memberSets(withoutRatio)).toEqual([['Universal', 'Universl']]);
    const rare = vc([['Universal', 50], ['Universl', 2]]);
    expect(clusterValues(rare, 'levenshtein')[0]).toMatchObject({ canonical: 'Universal', changedRows: 2 });
  });

  it('rounds: fingerprint then Levenshtein give a one-hop mapping to the final canonical value', () => {
    const v = vc([['Warner Bros.', 60], ['warner bros', 3], ['Warner Brso', 2], ['Walt Disney', 70]]);
    const { mapping } = clusterInRounds(v, ['fingerprint', 'levenshtein']);
    expect(Object.fromEntries(mapping)).toEqual({ 'warner bros': 'Warner Bros.', 'Warner Brso': 'Warner Bros.' });
  });

  it('countValues counts strings and numbers, skips nulls', () => {
    expect(countValues(['a', 'a', null, 3, undefined, 'b'])).toEqual(vc([['a', 2], ['3', 1], ['b', 1]]));
  });
});

describe('UnionFind', () => {
  it('groups transitively', () => {
    const uf = new UnionFind(6);
    uf.union(0, 3);
    uf.union(3, 5);
    uf.union(1, 2);
    expect(uf.union(5, 0)).toBe(false);
    expect(uf.groups()).toEqual([[0, 3, 5], [1, 2]]);
    expect(uf.groups(1)).toHaveLength(3);
  });
});
