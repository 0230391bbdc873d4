import { parentPort } from 'node:worker_threads';
import { summariseSeries, type SeriesInput, type SummaryOptions } from './analyseSeries.js';

/** Message from the pool: a chunk of series to summarise. */
export interface WorkerJob {
  jobId: number;
  items: SeriesInput[];
  opts: SummaryOptions;
}

// Runs only as a worker thread: summarise each chunk and post it back.
if (parentPort) {
  const port = parentPort;
  port.on('message', (job: WorkerJob) => {
    port.postMessage({ jobId: job.jobId, results: job.items.map((it) => summariseSeries(it, job.opts)) });
  });
}
