import { DEFAULT_BLOCKING, forEachCandidatePair, type BlockingPass } from '../cluster/blocking.js';
import { GuardedUnionFind, UnionFind } from '../cluster/unionFind.js';
import { chooseKept } from './keep.js';
import { PairScorer, type MatchColumn } from './scoring.js';
import type { DuplicateGroup, KeepPolicy, Row } from './types.js';

export interface FuzzyDedupeOptions {
  columns: readonly MatchColumn[];
  /** Score in (0, 1] a pair needs to be a duplicate. */
  threshold: number;
  /** Blocking passes over the first text column (default: sorted neighbourhood on fingerprint and reversed key, phonetic blocks). */
  blocking?: readonly BlockingPass[];
  keep?: KeepPolicy;
  /** Sort keys for keep first/last (e.g. a timestamp per row). */
  order?: readonly (number | string | null)[];
  /** Apply the merge guards to text columns (default true). */
  guard?: boolean;
}

export interface FuzzyDedupeResult {
  groups: DuplicateGroup[];
  /** Candidate pairs scored (pairs already linked through others are skipped). */
  comparisons: number;
  /** Pairs that reached the threshold and were linked (the guards allowed their groups to join). */
  matches: number;
}

function validate(opts: FuzzyDedupeOptions): void {
  if (!(opts.threshold > 0 && opts.threshold <= 1)) throw new RangeError(`threshold must be in (0, 1], got ${opts.threshold}`);
  if (opts.columns.length === 0) throw new RangeError('fuzzy dedupe needs at least one column');
}

/** Union-find whose unions respect the scorer's guards across whole groups (when guarding is on). */
function grouping(n: number, scorer: PairScorer, guard: boolean): { uf: UnionFind; link: (i: number, j: number) => boolean } {
  if (!guard) {
    const uf = new UnionFind(n);
    return { uf, link: (i, j) => uf.union(i, j) };
  }
  const uf = new GuardedUnionFind(n, (a, b) => scorer.guardAllows(a, b));
  return { uf, link: (i, j) => uf.tryUnion(i, j) };
}

function toGroups(uf: UnionFind, pairScore: Map<number, number>, rows: readonly Row[], opts: FuzzyDedupeOptions): DuplicateGroup[] {
  return uf.groups().map((g) => ({
    rows: g,
    kept: chooseKept(g, opts.keep ?? 'first', rows, opts.order),
    score: pairScore.get(uf.find(g[0]!)) ?? 1,
  }));
}

/**
 * Fuzzy duplicate records with blocking: candidate pairs come from the blocking passes, matched
 * pairs (score ≥ threshold) are joined by union-find, each group keeps one record.
 */
export function findFuzzyDuplicates(rows: readonly Row[], opts: FuzzyDedupeOptions): FuzzyDedupeResult {
  validate(opts);
  const scorer = new PairScorer(rows, opts.columns);
  const texts = rows.map((_, i) => scorer.text(i));
  const { uf, link } = grouping(rows.length, scorer, opts.guard ?? true);
  // Lowest matched score per component root, tracked as components merge.
  const minScore = new Map<number, number>();
  let comparisons = 0;
  let matches = 0;
  const visit = (i: number, j: number): void => {
    if (uf.same(i, j)) return;
    comparisons++;
    const s = scorer.score(i, j, opts.threshold);
    if (s < opts.threshold) return;
    const m = Math.min(s, minScore.get(uf.find(i)) ?? 1, minScore.get(uf.find(j)) ?? 1);
    if (!link(i, j)) return;
    matches++;
    minScore.set(uf.find(i), m);
  };
  for (const pass of opts.blocking ?? DEFAULT_BLOCKING) forEachCandidatePair(texts, pass, visit);
  return { groups: toGroups(uf, minScore, rows, opts), comparisons, matches };
}

/** The naive reference: every pair scored (n²/2). Only for small inputs and for measuring what blocking loses. */
export function findFuzzyDuplicatesAllPairs(rows: readonly Row[], opts: FuzzyDedupeOptions): FuzzyDedupeResult {
  validate(opts);
  const scorer = new PairScorer(rows, opts.columns);
  const { uf, link } = grouping(rows.length, scorer, opts.guard ?? true);
  const minScore = new Map<number, number>();
  let comparisons = 0;
  let matches = 0;
  for (let i = 0; i < rows.length; i++) {
    for (let j = i + 1; j < rows.length; j++) {
      comparisons++;
      const s = scorer.score(i, j, opts.threshold);
      if (s < opts.threshold) continue;
      if (uf.same(i, j)) continue;
      const m = Math.min(s, minScore.get(uf.find(i)) ?? 1, minScore.get(uf.find(j)) ?? 1);
      if (!link(i, j)) continue;
      matches++;
      minScore.set(uf.find(i), m);
    }
  }
  return { groups: toGroups(uf, minScore, rows, opts), comparisons, matches };
}

/** Pairs (i < j) implied by groups, as numbers i·n + j: the unit of precision and recall. */
export function impliedPairs(groups: readonly { rows: readonly number[] }[], n: number): Set<number> {
  const out = new Set<number>();
  for (const g of groups) for (let a = 0; a < g.rows.length; a++) for (let b = a + 1; b < g.rows.length; b++) out.add(g.rows[a]! * n + g.rows[b]!);
  return out;
}
