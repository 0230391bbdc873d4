import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { fitOutcome, type FitItem, type FitJob, type FitOutcome } from './fitOutcome.js';

/**
 * Trains many models in worker threads, so the event loop keeps serving requests while a batch
 * (one model per segment) trains. The core's analyseMany pool only runs trend + seasonality +
 * anomalies summaries; this one runs any model kind through fitModel, with the same bootstrap.
 */

export interface FitPoolOptions {
  /** Worker threads (default: available parallelism, at least 1); 0 trains in this thread. */
  workers?: number;
  /** Models per message to a worker (default 10). */
  chunkSize?: number;
}

export interface FitBatchResult {
  outcomes: FitOutcome[];
  mode: 'workers' | 'in-thread';
  workers: number;
  notes: string[];
}

/** Starts fitWorker next to this file: the .js build, or the .ts source through tsx's ESM hooks (vitest, tsx). */
export function startFitWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./fitWorker.js', import.meta.url));
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const target = new URL('./fitWorker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); });`;
  return new Worker(boot, { eval: true });
}

async function inWorkers(items: FitItem[], count: number, size: number): Promise<FitOutcome[]> {
  const chunks: FitItem[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  const results: FitOutcome[][] = new Array(chunks.length);
  const pool = Array.from({ length: Math.min(count, chunks.length) }, startFitWorker);
  let next = 0;
  try {
    await Promise.all(
      pool.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            // Each worker pulls the next chunk when it answers, so slow series balance out.
            const send = (): void => {
              if (next >= chunks.length) return resolve();
              const jobId = next++;
              w.postMessage({ jobId, items: chunks[jobId]! } satisfies FitJob);
            };
            w.on('message', (msg: { jobId: number; results: FitOutcome[] }) => {
              results[msg.jobId] = msg.results;
              send();
            });
            w.once('error', reject);
            w.once('exit', (code) => {
              if (next < chunks.length || code !== 0) reject(new Error(`fit worker exited with code ${code}`));
            });
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results.flat();
}

/** Trains every item, in worker threads when there is more than one chunk (in-thread fallback if workers fail). */
export async function fitMany(items: readonly FitItem[], opts: FitPoolOptions = {}): Promise<FitBatchResult> {
  const size = Math.max(1, opts.chunkSize ?? 10);
  const count = opts.workers ?? Math.max(1, availableParallelism());
  const list = items.slice();
  if (count <= 0 || list.length <= 1) return { outcomes: list.map(fitOutcome), mode: 'in-thread', workers: 0, notes: [] };
  try {
    return { outcomes: await inWorkers(list, count, size), mode: 'workers', workers: Math.min(count, Math.ceil(list.length / size)), notes: [] };
  } catch (e) {
    const note = `worker threads failed (${e instanceof Error ? e.message : String(e)}): trained in-thread`;
    return { outcomes: list.map(fitOutcome), mode: 'in-thread', workers: 0, notes: [note] };
  }
}
