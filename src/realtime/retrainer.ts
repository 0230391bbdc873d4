import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SeriesModel } from './core/oneStepModel.js';

export interface Fitted {
  model: SeriesModel;
  sigma: number;
  mae: number;
}

/** Starts retrainWorker next to this file: the .js build, or the .ts source through tsx's hooks (as the models' fit pool does). */
function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./retrainWorker.js', import.meta.url));
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const target = new URL('./retrainWorker.ts', import.meta.url).href;
  return new Worker(`import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); });`, { eval: true });
}

/** One worker thread, started on first use, that retrains series models one job at a time. */
export class Retrainer {
  private worker: Worker | null = null;
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (f: Fitted) => void; reject: (e: Error) => void }>();

  /** `keepLast`: newest values the fit keeps uncleaned (see fitHeldOut). */
  fit(values: readonly number[], period: number, keepLast = 0): Promise<Fitted> {
    if (!this.worker) {
      const w = startWorker();
      w.unref();
      w.on('message', (m: { id: number; fitted?: Fitted; error?: string }) => {
        const p = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        if (m.fitted) p?.resolve(m.fitted);
        else p?.reject(new Error(m.error ?? 'retrain failed'));
      });
      w.on('error', (e) => this.failAll(e));
      w.on('exit', () => {
        this.worker = null;
        this.failAll(new Error('retrain worker exited'));
      });
      this.worker = w;
    }
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker!.postMessage({ id, values, period, keepLast });
    });
  }

  private failAll(e: Error): void {
    for (const p of this.waiting.values()) p.reject(e);
    this.waiting.clear();
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = null;
  }
}
