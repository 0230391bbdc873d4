import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { summariseSeries, type SeriesInput, type SeriesSummary, type SummaryOptions } from './analyseSeries.js';
import type { WorkerJob } from './worker.js';

/** Most series one batch analyses; the rest are dropped and the note says how many. */
export const MAX_BATCH_SERIES = 10_000;

export interface BatchOptions extends SummaryOptions {
  /** Worker threads (default os.availableParallelism()); 0 runs in this thread. */
  workers?: number;
  /** Series per message to a worker (default 25). */
  chunkSize?: number;
}

export interface BatchResult {
  results: SeriesSummary[];
  mode: 'workers' | 'in-thread';
  workers: number;
  /** Chunks each worker answered (workers mode): shows the work spread across threads. */
  chunksPerWorker?: number[];
  notes: string[];
}

/**
 * Starts the worker module next to this one: `worker.js` in a compiled build; from sources (vitest,
 * tsx) `worker.ts`, through a small bootstrap that registers tsx's ESM hooks inside the worker
 * (an `--import tsx` execArgv does not reach a worker's own loader on Node 20).
 */
export function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url));
  // The ESM build of tsx's API (its CJS build mis-resolves its own files inside an eval'd worker).
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const target = new URL('./worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); });`;
  return new Worker(boot, { eval: true });
}

function inThread(items: SeriesInput[], opts: SummaryOptions): SeriesSummary[] {
  return items.map((it) => summariseSeries(it, opts));
}

// A small pool: each worker pulls the next chunk when it answers, so uneven series balance out.
async function inWorkers(items: SeriesInput[], opts: BatchOptions, count: number): Promise<{ results: SeriesSummary[]; chunksPerWorker: number[] }> {
  const size = opts.chunkSize ?? 25;
  const chunks: SeriesInput[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  const results: SeriesSummary[][] = new Array(chunks.length);
  const summaryOpts: SummaryOptions = { outer: opts.outer };
  const pool = Array.from({ length: Math.min(count, chunks.length) }, startWorker);
  const chunksPerWorker = pool.map(() => 0);
  let next = 0;
  try {
    await Promise.all(
      pool.map(
        (w, wi) =>
          new Promise<void>((resolve, reject) => {
            const send = (): void => {
              if (next >= chunks.length) return resolve();
              const jobId = next++;
              w.postMessage({ jobId, items: chunks[jobId]!, opts: summaryOpts } satisfies WorkerJob);
            };
            w.on('message', (msg: { jobId: number; results: SeriesSummary[] }) => {
              results[msg.jobId] = msg.results;
              chunksPerWorker[wi]!++;
              send();
            });
            w.once('error', reject);
            w.once('exit', (code) => {
              if (next < chunks.length || code !== 0) reject(new Error(`model worker exited with code ${code}`));
            });
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return { results: results.flat(), chunksPerWorker };
}

/** Trend + seasonality + anomalies for many series, in worker threads (falls back to this thread if workers cannot start). */
export async function analyseMany(items: readonly SeriesInput[], opts: BatchOptions = {}): Promise<BatchResult> {
  const notes: string[] = [];
  let list = items.slice();
  if (list.length > MAX_BATCH_SERIES) {
    notes.push(`${list.length} series asked, the first ${MAX_BATCH_SERIES} analysed; narrow the segment (top values) for the rest`);
    list = list.slice(0, MAX_BATCH_SERIES);
  }
  const count = opts.workers ?? availableParallelism();
  if (count <= 0 || list.length <= (opts.chunkSize ?? 25)) {
    return { results: inThread(list, opts), mode: 'in-thread', workers: 0, notes };
  }
  try {
    const { results, chunksPerWorker } = await inWorkers(list, opts, count);
    return { results, mode: 'workers', workers: chunksPerWorker.length, chunksPerWorker, notes };
  } catch (e) {
    notes.push(`worker threads failed (${e instanceof Error ? e.message : String(e)}): analysed in-thread`);
    return { results: inThread(list, opts), mode: 'in-thread', workers: 0, notes };
  }
}
