import { jaroWinkler } from '../../shared/fuzzy.js';
import { buildClusters } from './buildClusters.js';
import { frequencyAllows, guardSignature, mayMerge, type GuardSignature } from './guards.js';
import { comparable, fingerprint, ngramFingerprint, phoneticKey } from './keys.js';
import type { Cluster, ValueCount } from './types.js';
import { GuardedUnionFind } from './unionFind.js';

export type KeyMethod = 'fingerprint' | 'ngram' | 'metaphone' | 'double_metaphone';

export interface KeyCollisionOptions {
  /** n for the n-gram fingerprint (default 2). */
  ngramSize?: number;
  /**
   * Minimum Jaro-Winkler similarity (folded) two members of a key group need to merge. Phonetic
   * keys are coarse ("Iowa" and "Ohio" could collide in some encoders), so they default to 0.8;
   * the textual keys default to 0 (the key itself is the evidence).
   */
  minSimilarity?: number;
  /**
   * Frequency evidence (see `frequencyAllows`). Defaults to 2 for phonetic keys, which collide
   * across real words ("The Core" / "The Crew"), and 1 (off) for the textual keys.
   */
  minCountRatio?: number;
}

/** The key function of a key-collision method. */
export function keyerFor(method: KeyMethod, ngramSize = 2): (s: string) => string {
  switch (method) {
    case 'fingerprint':
      return fingerprint;
    case 'ngram':
      return (s) => ngramFingerprint(s, ngramSize);
    case 'metaphone':
      return (s) => phoneticKey(s, 'metaphone');
    case 'double_metaphone':
      return (s) => phoneticKey(s, 'double_metaphone');
  }
}

/** OpenRefine key collision: values sharing a key form a cluster, split further by the merge guards. */
export function clusterByKey(values: readonly ValueCount[], method: KeyMethod, opts: KeyCollisionOptions = {}): Cluster[] {
  const keyer = keyerFor(method, opts.ngramSize ?? 2);
  const phonetic = method === 'metaphone' || method === 'double_metaphone';
  const minSim = opts.minSimilarity ?? (phonetic ? 0.8 : 0);
  const ratio = opts.minCountRatio ?? (phonetic ? 2 : 1);
  const byKey = new Map<string, number[]>();
  values.forEach((v, i) => {
    const k = keyer(v.value);
    if (!k) return;
    let g = byKey.get(k);
    if (!g) byKey.set(k, (g = []));
    g.push(i);
  });
  const sigs = new Map<number, GuardSignature>();
  const sig = (i: number): GuardSignature => {
    let s = sigs.get(i);
    if (!s) sigs.set(i, (s = guardSignature(values[i]!.value)));
    return s;
  };
  const uf = new GuardedUnionFind(values.length, (a, b) => mayMerge(sig(a), sig(b)));
  for (const g of byKey.values()) {
    if (g.length < 2) continue;
    const comp = minSim > 0 ? g.map((i) => comparable(values[i]!.value)) : [];
    for (let a = 0; a < g.length; a++) {
      for (let b = a + 1; b < g.length; b++) {
        if (uf.same(g[a]!, g[b]!)) continue;
        if (!frequencyAllows(values[g[a]!]!.count, values[g[b]!]!.count, ratio)) continue;
        if (minSim > 0 && jaroWinkler(comp[a]!, comp[b]!) < minSim) continue;
        uf.tryUnion(g[a]!, g[b]!);
      }
    }
  }
  return buildClusters(values, uf.groups(), method);
}
