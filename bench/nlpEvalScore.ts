// Scoring for the blind question sets (bench/nlp-eval.ts and its vitest): an answer is exact when
// it has as many rows as the truth and every truth row's values all appear in a distinct answer
// row (extra answer columns, such as a comparison's change, are allowed), in order when the truth
// is ordered. Pure: no I/O.

export type Cell = string | number | boolean | null;

/** One blind question, as FORMAT.md describes it. */
export interface BlindQuestion {
  id: string;
  question: string;
  class: string;
  answerable: boolean;
  sql: string | null;
  ordered: boolean;
  followUpOf: string | null;
  /** Dev-set questions only: the dataset argument to pass (null: none; absent: the set's dataset). */
  askDataset?: string | null;
}

export interface BlindSet {
  dataset: string;
  source: string;
  writtenBy?: string;
  questions: BlindQuestion[];
}

/** What happened to one question. */
export type Outcome = 'exact' | 'wrong' | 'clarified' | 'error';

export interface QuestionResult {
  id: string;
  dataset: string;
  class: string;
  answerable: boolean;
  outcome: Outcome;
  confidence: number;
  /** Why it was not exact (for the tuning split only: test-only misses are never printed). */
  detail?: string;
  /** The interpretation's notes (tuning split only), for calibrating confidence. */
  notes?: string[];
  /** For a clarification that came with a tentative answer (tuning split only): was that answer right? */
  tentative?: 'exact' | 'wrong';
}

const YEAR_DATE = /^(\d{4})-01-01(?:[ T]00:00:00(?:\.0+)?(?:Z|[+-]00(?::?00)?)?)?$/;
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.\d+)?(?:Z|[+-]00(?::?00)?)?$/;
const DATE_PREFIX = /^(\d{4}-\d{2}-\d{2})(?:[ T]00:00:00(?:\.0+)?(?:Z|[+-]00(?::?00)?)?)?$/;

/** A cell as a comparable value: numeric text to numbers, midnight timestamps to their day, text lower-cased. */
export function normCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return normCell(v.toISOString());
  const s = String(v).trim();
  const d = DATE_PREFIX.exec(s);
  if (d) return d[1]!;
  // A time of day, whether written with 'T' or a space, with or without a zero offset.
  const t = TIMESTAMP.exec(s);
  if (t) return `${t[1]} ${t[2]}`;
  if (s !== '' && Number.isFinite(Number(s))) return Number(s);
  return s.toLowerCase();
}

/** Decimal places a number is shown with (at most 12). */
function decimals(x: number): number {
  if (Number.isInteger(x)) return 0;
  const s = String(x);
  const e = /e-(\d+)$/.exec(s);
  if (e) return Math.min(12, Number(e[1]));
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : Math.min(12, s.length - dot - 1);
}

/** True when the truth value is the answer value: numbers equal after rounding to the answer's precision or within a relative 1e-3; a year equals its year's first day. */
export function sameCell(truth: Cell, answer: Cell): boolean {
  if (truth === answer) return true;
  if (truth === null || answer === null) return false;
  if (typeof truth === 'number' && typeof answer === 'number') {
    if (Math.abs(truth - answer) <= 1e-3 * Math.max(Math.abs(truth), Math.abs(answer)) || Math.abs(truth - answer) < 1e-9) return true;
    const p = decimals(answer);
    return p < 12 && Number(truth.toFixed(p)) === answer;
  }
  if (typeof truth === 'boolean' || typeof answer === 'boolean') return String(truth) === String(answer);
  // A year (integer) against a year bucket ('1955-01-01'), a month ('2012-03') against its first day.
  if (typeof truth === 'number' && typeof answer === 'string') return Number.isInteger(truth) && YEAR_DATE.exec(answer)?.[1] === String(truth);
  if (typeof truth === 'string' && typeof answer === 'number') return Number.isInteger(answer) && YEAR_DATE.exec(truth)?.[1] === String(answer);
  if (typeof truth === 'string' && typeof answer === 'string') {
    if (/^\d{4}-\d{2}$/.test(truth)) return answer === `${truth}-01`;
    if (/^\d{4}-\d{2}$/.test(answer)) return truth === `${answer}-01`;
  }
  return false;
}

/** Every value of the truth row appears in a distinct cell of the answer row. */
export function rowCovers(truth: readonly Cell[], answer: readonly Cell[]): boolean {
  const used = new Set<number>();
  const order = truth.map((_, i) => i).sort((a, b) => (typeof truth[a] === 'number' ? 1 : 0) - (typeof truth[b] === 'number' ? 1 : 0));
  return matchAll(order, 0, truth, answer, used);
}

function matchAll(order: number[], k: number, truth: readonly Cell[], answer: readonly Cell[], used: Set<number>): boolean {
  if (k === order.length) return true;
  const t = truth[order[k]!]!;
  for (let j = 0; j < answer.length; j++) {
    if (used.has(j) || !sameCell(t, answer[j]!)) continue;
    used.add(j);
    if (matchAll(order, k + 1, truth, answer, used)) return true;
    used.delete(j);
  }
  return false;
}

/** The truth rows matched to distinct answer rows (maximum bipartite matching), or why not. */
export function compareRows(truth: readonly Cell[][], answer: readonly Cell[][], ordered: boolean): { exact: boolean; why?: string } {
  if (truth.length !== answer.length) return { exact: false, why: `${answer.length} rows, truth has ${truth.length}` };
  const n = truth.length;
  const adj = truth.map((t) => answer.map((a, j) => (rowCovers(t, a) ? j : -1)).filter((j) => j >= 0));
  const owner = new Array<number>(n).fill(-1);
  const augment = (i: number, seen: Set<number>): boolean => {
    for (const j of adj[i]!) {
      if (seen.has(j)) continue;
      seen.add(j);
      if (owner[j] === -1 || augment(owner[j]!, seen)) {
        owner[j] = i;
        return true;
      }
    }
    return false;
  };
  // Prefer the same position, so an ordered answer matches in place when it can.
  for (let i = 0; i < n; i++) if (adj[i]!.includes(i)) owner[i] = owner[i] === -1 ? i : owner[i]!;
  const matchedTruth = new Set(owner.filter((x) => x >= 0));
  for (let i = 0; i < n; i++) if (!matchedTruth.has(i) && !augment(i, new Set())) return { exact: false, why: `truth row ${JSON.stringify(truth[i])} not in the answer` };
  if (!ordered) return { exact: true };
  const at = new Array<number>(n);
  owner.forEach((t, j) => (at[t] = j));
  for (let i = 1; i < n; i++) {
    // Rows tied on every number may come in either order.
    if (at[i]! < at[i - 1]! && !tiedNumbers(truth[i]!, truth[i - 1]!)) return { exact: false, why: `order differs at truth row ${i}` };
  }
  return { exact: true };
}

function tiedNumbers(a: readonly Cell[], b: readonly Cell[]): boolean {
  const na = a.filter((x) => typeof x === 'number');
  const nb = b.filter((x) => typeof x === 'number');
  return na.length > 0 && na.length === nb.length && na.every((x, i) => sameCell(x, nb[i]!));
}

export interface Tally {
  questions: number;
  answerable: number;
  exact: number;
  /** Answerable questions answered with wrong rows (no clarification). */
  wrong: number;
  /** Unanswerable questions answered with rows instead of a clarification. */
  unanswerableAnswered: number;
  unanswerable: number;
  unanswerableClarified: number;
  errors: number;
  /** Per class: exact / questions (unanswerable: clarified / questions). */
  byClass: Map<string, { n: number; ok: number }>;
  /** Answered questions by confidence bucket: exact / answered. */
  reliability: Map<string, { n: number; exact: number }>;
}

/** Buckets of the reliability table, highest first. */
export const CONFIDENCE_BUCKETS = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0];

export function bucketOf(c: number): string {
  const b = CONFIDENCE_BUCKETS.find((x) => c >= x - 1e-9) ?? 0;
  const i = CONFIDENCE_BUCKETS.indexOf(b);
  const hi = i === 0 ? 1 : CONFIDENCE_BUCKETS[i - 1]!;
  return `${b.toFixed(2)}–${hi.toFixed(2)}`;
}

/** Sums results into the figures the bench prints. */
export function tally(results: readonly QuestionResult[]): Tally {
  const t: Tally = { questions: results.length, answerable: 0, exact: 0, wrong: 0, unanswerableAnswered: 0, unanswerable: 0, unanswerableClarified: 0, errors: 0, byClass: new Map(), reliability: new Map() };
  for (const r of results) {
    const c = t.byClass.get(r.class) ?? { n: 0, ok: 0 };
    c.n++;
    if (r.outcome === 'error') t.errors++;
    if (r.answerable) {
      t.answerable++;
      if (r.outcome === 'exact') (t.exact++, c.ok++);
      if (r.outcome === 'wrong') t.wrong++;
    } else {
      t.unanswerable++;
      if (r.outcome === 'clarified') (t.unanswerableClarified++, c.ok++);
      else t.unanswerableAnswered++;
    }
    t.byClass.set(r.class, c);
    if (r.outcome === 'exact' || r.outcome === 'wrong' || (!r.answerable && r.outcome !== 'clarified')) {
      const b = bucketOf(r.confidence);
      const e = t.reliability.get(b) ?? { n: 0, exact: 0 };
      e.n++;
      if (r.outcome === 'exact') e.exact++;
      t.reliability.set(b, e);
    }
  }
  return t;
}
