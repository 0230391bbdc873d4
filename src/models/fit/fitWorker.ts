import { parentPort } from 'node:worker_threads';
import { fitOutcome, type FitJob } from './fitOutcome.js';

// Runs only as a worker thread: train each model of a chunk and post the outcomes back.
if (parentPort) {
  const port = parentPort;
  port.on('message', (job: FitJob) => {
    port.postMessage({ jobId: job.jobId, results: job.items.map(fitOutcome) });
  });
}
