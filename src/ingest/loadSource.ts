// Where a load's rows come from: a file is read, parsed and converted by a worker thread; a stream
// (or a file when workers are off) in this thread, hashed as it is read. Either way the labels and a
// sample for type inference are in hand before any row is copied.
import { createHash } from 'node:crypto';
import { readSample } from './encodeChunks.js';
import type { IngestRequest } from './ingestRequest.js';
import { openInput } from './openInput.js';
import type { ColumnBlock, Format, RecordOrBad } from './types.js';
import { WorkerLoad } from './workerLoad.js';

/** A source read in this thread: its batches (those read for the sample first), and its bytes hashed. */
export interface InThreadRows {
  batches: AsyncIterator<RecordOrBad[]>;
  /** Batches read for the sample, loaded first, in order. */
  ahead: RecordOrBad[][];
  /** Column blocks (parquet), read instead of the batches after the sample. */
  blocks: AsyncIterator<ColumnBlock> | undefined;
  /** The content hash of every byte read, once the rows are all read. */
  digest(): string;
  bytes(): number;
}

export interface LoadSource {
  format: Format;
  labels: string[];
  sample: RecordOrBad[];
  bytesRead(): number;
  /** Set when a worker thread reads the file. */
  worker: WorkerLoad | null;
  /** Set when the rows are read in this thread. */
  inThread: InThreadRows | null;
  /**
   * Releases the file or socket: the worker ends, and with `stopReading` (a load that stopped
   * before its rows were all read) the in-thread batches are closed too.
   */
  close(stopReading: boolean): Promise<void>;
}

/** Opens a load's input and reads its labels and type-inference sample. */
export async function openLoadSource(req: IngestRequest, useWorker: boolean): Promise<LoadSource> {
  if (req.input.kind === 'file' && useWorker) {
    const w = await WorkerLoad.open({ path: req.input.path, format: req.format ?? null });
    return {
      format: w.format,
      labels: w.labels,
      sample: w.sample,
      bytesRead: () => w.bytesRead,
      worker: w,
      inThread: null,
      close: () => w.close().catch(() => undefined),
    };
  }
  const hash = createHash('sha256');
  let bytes = 0;
  const src = await openInput(req.input, req.format, (b) => {
    hash.update(b);
    bytes += b.length;
  });
  const batches = src.batches[Symbol.asyncIterator]();
  const source: LoadSource = {
    format: src.format,
    labels: src.labels,
    sample: [],
    bytesRead: () => src.bytesRead(),
    worker: null,
    inThread: { batches, ahead: [], blocks: src.blocks, digest: () => hash.digest('hex'), bytes: () => bytes },
    close: async (stopReading) => {
      if (stopReading) await batches.return?.(undefined).catch(() => undefined);
    },
  };
  // Batches read for the sample are loaded first, in order. A failure here still releases the input.
  try {
    const read = await readSample(batches);
    source.sample = read.sample;
    source.inThread!.ahead = read.ahead;
  } catch (e) {
    await source.close(true);
    throw e;
  }
  return source;
}
