import { parentPort } from 'node:worker_threads';
import { fitHeldOut } from './core/seriesAnomaly.js';

/** Retrains drifted series models off the event loop: { id, values, period } → { id, fitted } or { id, error }. */
parentPort?.on('message', (job: { id: number; values: number[]; period: number }) => {
  try {
    parentPort!.postMessage({ id: job.id, fitted: fitHeldOut(job.values, job.period) });
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: (e as Error).message });
  }
});
