import { parentPort } from 'node:worker_threads';
import { fitHeldOut } from './core/seriesAnomaly.js';

/** Retrains drifted series models off the event loop: { id, values, period, keepLast } → { id, fitted } or { id, error }. */
parentPort?.on('message', (job: { id: number; values: number[]; period: number; keepLast?: number }) => {
  try {
    parentPort!.postMessage({ id: job.id, fitted: fitHeldOut(job.values, job.period, job.keepLast ?? 0) });
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: (e as Error).message });
  }
});
