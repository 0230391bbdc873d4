import { jaroWinkler, levenshteinSimilarity } from '../../shared/fuzzy.js';
import { guardSignature, mayMerge, type GuardSignature } from '../cluster/guards.js';
import { comparable } from '../cluster/keys.js';
import { parseNumberLoose } from '../coerce.js';
import { isMissing } from '../nulls.js';
import type { Row } from './types.js';

export const MATCH_METHODS = ['jaro_winkler', 'levenshtein', 'exact', 'numeric'] as const;
export type MatchMethod = (typeof MATCH_METHODS)[number];

/** How one column contributes to a pair's score. */
export interface MatchColumn {
  column: string;
  /** Relative weight (default 1). */
  weight?: number;
  /** Default `jaro_winkler` for text. */
  method?: MatchMethod;
  /** `numeric`: relative difference at which similarity reaches 0 (default 0.1 = 10 %). */
  tolerance?: number;
}

/**
 * Pair scorer over prepared columns: weighted mean of per-column similarities in [0, 1]. A column
 * missing on either side is left out of the mean (unknown is not evidence either way). The merge
 * guards of text columns (sequel numbers, extra words, short codes) are checked separately, by the
 * grouping step, across whole groups.
 */
export class PairScorer {
  private readonly cols: PreparedColumn[];
  private readonly totalWeight: number;

  constructor(rows: readonly Row[], spec: readonly MatchColumn[]) {
    this.cols = spec.map((c) => prepare(rows, c));
    this.totalWeight = this.cols.reduce((s, c) => s + c.weight, 0);
  }

  /** Comparable text of the first text column for row i (blocking keys are built from it). */
  text(i: number): string {
    const c = this.cols.find((x) => x.text);
    return c?.text?.[i] ?? '';
  }

  /** Score of rows i and j in [0, 1]; stops early (returning a lower bound ≤ threshold) once `threshold` is out of reach. */
  score(i: number, j: number, threshold = 0): number {
    if (threshold > 0 && this.upperBound(i, j) < threshold) return 0;
    let sum = 0;
    let weight = 0;
    let remaining = this.totalWeight;
    for (const c of this.cols) {
      remaining -= c.weight;
      const sim = c.similarity(i, j);
      if (sim === null) continue;
      sum += c.weight * sim;
      weight += c.weight;
      // Best case for the rest: every remaining column scores 1.
      if (threshold > 0 && (sum + remaining) / (weight + remaining) < threshold) return 0;
    }
    return weight === 0 ? 0 : sum / weight;
  }

  /** Cheap upper bound of `score` from string lengths alone, so most non-matching pairs skip the metric. */
  upperBound(i: number, j: number): number {
    let sum = 0;
    let weight = 0;
    for (const c of this.cols) {
      const ub = c.bound ? c.bound(i, j) : 1;
      if (ub === null) continue;
      sum += c.weight * ub;
      weight += c.weight;
    }
    return weight === 0 ? 0 : sum / weight;
  }

  /** False when a text column's merge guards say rows i and j are distinct real values. */
  guardAllows(i: number, j: number): boolean {
    for (const c of this.cols) if (c.guardBlocks?.(i, j)) return false;
    return true;
  }
}

interface PreparedColumn {
  weight: number;
  /** Upper bound of `similarity` (null when missing), from lengths. */
  bound?(i: number, j: number): number | null;
  text?: (string | null)[];
  similarity(i: number, j: number): number | null;
  guardBlocks?(i: number, j: number): boolean;
}

function prepare(rows: readonly Row[], c: MatchColumn): PreparedColumn {
  const weight = c.weight ?? 1;
  const method = c.method ?? 'jaro_winkler';
  if (method === 'numeric') {
    const nums = rows.map((r) => {
      const p = parseNumberLoose(r[c.column]);
      return p.ok ? p.value : null;
    });
    const tol = c.tolerance ?? 0.1;
    return {
      weight,
      similarity(i, j) {
        const a = nums[i];
        const b = nums[j];
        if (a === null || b === null || a === undefined || b === undefined) return null;
        if (a === b) return 1;
        const scale = Math.max(Math.abs(a), Math.abs(b));
        return Math.max(0, 1 - Math.abs(a - b) / (tol * scale));
      },
    };
  }
  const raw = rows.map((r) => (isMissing(r[c.column]) ? null : String(r[c.column])));
  const text = raw.map((v) => (v === null ? null : comparable(v)));
  if (method === 'exact') {
    return { weight, similarity: (i, j) => (text[i] === null || text[j] === null ? null : text[i] === text[j] ? 1 : 0) };
  }
  const sigs: (GuardSignature | undefined)[] = new Array(rows.length);
  const sig = (i: number): GuardSignature => (sigs[i] ??= guardSignature(raw[i]!));
  const metric = method === 'levenshtein' ? levenshteinSimilarity : jaroWinkler;
  const bagBound = method === 'levenshtein' ? levenshteinBound : jaroWinklerBound;
  const hist = histograms(text);
  return {
    weight,
    text,
    bound(i, j) {
      const a = text[i];
      const b = text[j];
      if (a === null || b === null || a === undefined || b === undefined) return null;
      let common = 0;
      const oi = i * BUCKETS;
      const oj = j * BUCKETS;
      for (let k = 0; k < BUCKETS; k++) {
        const x = hist[oi + k]!;
        const y = hist[oj + k]!;
        common += x < y ? x : y;
      }
      return bagBound(a.length, b.length, common);
    },
    similarity(i, j) {
      const a = text[i];
      const b = text[j];
      if (a === null || b === null || a === undefined || b === undefined) return null;
      return a === b ? 1 : metric(a, b);
    },
    guardBlocks(i, j) {
      if (raw[i] === null || raw[j] === null || text[i] === text[j]) return false;
      return !mayMerge(sig(i), sig(j));
    },
  };
}

// Character histograms in 32 buckets (code & 31: the letters get a bucket each, other characters
// share). Shared-bucket counts bound the characters two strings can have in common from above,
// which bounds both metrics; sorted-neighbourhood windows are mostly non-matches and stop here.
const BUCKETS = 32;

function histograms(text: readonly (string | null)[]): Uint8Array {
  const h = new Uint8Array(text.length * BUCKETS);
  text.forEach((t, i) => {
    if (t === null) return;
    const o = i * BUCKETS;
    for (let k = 0; k < t.length; k++) {
      const b = o + (t.charCodeAt(k) & 31);
      if (h[b]! < 255) h[b]!++;
    }
  });
  return h;
}

/**
 * Jaro-Winkler can reach at most this for strings of lengths la, lb with at most `common`
 * characters in common: Jaro ≤ (m/la + m/lb + 1)/3 with m ≤ common, and the prefix bonus adds at
 * most 0.4·(1 − Jaro).
 */
export function jaroWinklerBound(la: number, lb: number, common = Math.min(la, lb)): number {
  if (la === 0 || lb === 0) return la === lb ? 1 : 0;
  const m = Math.min(common, la, lb);
  if (m === 0) return 0;
  const j = (m / la + m / lb + 1) / 3;
  return j + 0.4 * (1 - j);
}

/** Normalized Levenshtein similarity can reach at most 1 − bag distance / longer length (bag distance = max of the unshared counts). */
export function levenshteinBound(la: number, lb: number, common = Math.min(la, lb)): number {
  const max = Math.max(la, lb);
  if (max === 0) return 1;
  const c = Math.min(common, la, lb);
  return 1 - Math.max(la - c, lb - c) / max;
}
