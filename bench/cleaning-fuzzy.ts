/**
 * Fuzzy duplicate detection at scale: 1M rows of a text column built from real movie titles
 * (vega-datasets) with injected near-duplicates, found with blocking; beside it the naive
 * all-pairs method on 10k rows and the share of its matches that blocking keeps.
 *
 *   npx tsx bench/cleaning-fuzzy.ts [rows=1000000] [naiveRows=10000]
 */
import { mulberry32 } from '../src/models/math/prng.js';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus } from 'node:os';

// natural calls dotenv at import; keep its banner out of the table.
process.env.DOTENV_CONFIG_QUIET ??= 'true';
const { findFuzzyDuplicates, findFuzzyDuplicatesAllPairs, impliedPairs } = await import('../src/cleaning/dedupe/fuzzyDuplicates.js');
const { DEFAULT_BLOCKING } = await import('../src/cleaning/cluster/blocking.js');

const ROWS = Number(process.argv[2] ?? 1_000_000);
const NAIVE_ROWS = Number(process.argv[3] ?? 10_000);
const THRESHOLD = 0.92;
const DUP_RATE = 0.05;

const dataDir = join(dirname(fileURLToPath(import.meta.url)), '../node_modules/vega-datasets/data');
const movies = JSON.parse(readFileSync(join(dataDir, 'movies.json'), 'utf8')) as { Title: unknown; Director: unknown }[];
const titles = movies.map((m) => m.Title).filter((t): t is string => typeof t === 'string');
const vocabulary = [...new Set(titles.flatMap((t) => t.split(/\s+/)).filter((w) => /^\p{L}{3,}$/u.test(w)))];

const seeded = mulberry32;

/** One typo in a word of ≥ 4 letters, a case change or a spacing change. */
function perturb(s: string, rnd: () => number): string {
  const r = rnd();
  if (r < 0.2) return s.toUpperCase();
  if (r < 0.3) return ` ${s.replace(' ', '  ')}`;
  const words = [...s.matchAll(/\p{L}{4,}/gu)];
  if (!words.length) return s.toLowerCase();
  const w = words[Math.floor(rnd() * words.length)]!;
  const p = w.index! + 1 + Math.floor(rnd() * (w[0].length - 2));
  const k = rnd();
  if (k < 0.33) return s.slice(0, p) + s.slice(p + 1); // drop
  if (k < 0.66) return s.slice(0, p) + s[p + 1] + s[p] + s.slice(p + 2); // swap
  return s.slice(0, p) + 'aeiou'[Math.floor(rnd() * 5)] + s.slice(p + 1); // substitute
}

/**
 * Rows: a real title plus two real title words, so values are distinct (each title recurs ~300 times
 * at 1M rows, and one extra word would give many genuine look-alikes that are not injected); 5 %
 * are near-duplicates of earlier rows.
 */
function generate(n: number, seed: number): { rows: { title: string }[]; truth: Set<number> } {
  const rnd = seeded(seed);
  const rows: { title: string }[] = [];
  const origin: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 10 && rnd() < DUP_RATE) {
      const src = Math.floor(rnd() * i);
      rows.push({ title: perturb(rows[src]!.title, rnd) });
      origin.push(origin[src]!);
      continue;
    }
    const extra = 2;
    let t = titles[Math.floor(rnd() * titles.length)]!;
    for (let k = 0; k < extra; k++) t += ` ${vocabulary[Math.floor(rnd() * vocabulary.length)]!}`;
    rows.push({ title: t });
    origin.push(i);
  }
  const groups = new Map<number, number[]>();
  origin.forEach((o, i) => groups.set(o, [...(groups.get(o) ?? []), i]));
  return { rows, truth: impliedPairs([...groups.values()].filter((g) => g.length > 1).map((r) => ({ rows: r })), n) };
}

function prf(pred: Set<number>, truth: Set<number>): { precision: number; recall: number } {
  let tp = 0;
  for (const p of pred) if (truth.has(p)) tp++;
  return { precision: pred.size ? tp / pred.size : 1, recall: truth.size ? tp / truth.size : 1 };
}

const opts = { columns: [{ column: 'title' }], threshold: THRESHOLD, blocking: DEFAULT_BLOCKING };
const table: string[][] = [];
const fmt = (x: number, d = 3): string => x.toFixed(d);

// Reference: naive all-pairs vs blocking on the same 10k rows.
{
  const { rows, truth } = generate(NAIVE_ROWS, 11);
  let t = performance.now();
  const naive = findFuzzyDuplicatesAllPairs(rows, opts);
  const naiveMs = performance.now() - t;
  t = performance.now();
  const blocked = findFuzzyDuplicates(rows, opts);
  const blockedMs = performance.now() - t;
  const naivePairs = impliedPairs(naive.groups, rows.length);
  const blockedPairs = impliedPairs(blocked.groups, rows.length);
  const kept = prf(blockedPairs, naivePairs).recall;
  const qn = prf(naivePairs, truth);
  const qb = prf(blockedPairs, truth);
  table.push(['all pairs (naive)', String(rows.length), String(naive.comparisons), fmt(naiveMs / 1000, 2), String(naivePairs.size), '1.000', fmt(qn.precision), fmt(qn.recall)]);
  table.push(['blocking', String(rows.length), String(blocked.comparisons), fmt(blockedMs / 1000, 2), String(blockedPairs.size), fmt(kept), fmt(qb.precision), fmt(qb.recall)]);
}

// Scale: blocking on 1M rows.
{
  const { rows, truth } = generate(ROWS, 12);
  const heap0 = process.memoryUsage().heapUsed;
  const t = performance.now();
  const blocked = findFuzzyDuplicates(rows, opts);
  const ms = performance.now() - t;
  const pairs = impliedPairs(blocked.groups, rows.length);
  const q = prf(pairs, truth);
  table.push(['blocking', String(rows.length), String(blocked.comparisons), fmt(ms / 1000, 2), String(pairs.size), 'n/a', fmt(q.precision), fmt(q.recall)]);
  console.log(`heap after 1M run: ${Math.round((process.memoryUsage().heapUsed - heap0) / 1e6)} MB above the generated rows`);
}

const head = ['method', 'rows', 'comparisons', 'seconds', 'matched pairs', 'kept vs naive', 'precision', 'recall'];
const widths = head.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
const line = (r: string[]): string => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
console.log(`\nfuzzy duplicate detection, Jaro-Winkler ≥ ${THRESHOLD} with merge guards; blocking = ${DEFAULT_BLOCKING.map((b) => (b.kind === 'sorted' ? `sorted(${b.key}, w=${b.window})` : b.kind === 'block' ? `blocks(${b.key})` : `ngrams(${b.n})`)).join(' + ')}; one thread of ${cpus().length} cores; target < 60 s for 1M rows`);
console.log(line(head));
for (const r of table) console.log(line(r));
console.log('precision/recall against the injected near-duplicates (pairs); "kept vs naive" = share of the naive matched pairs that blocking also finds');
