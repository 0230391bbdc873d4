import { Worker } from 'node:worker_threads';
import { AppError, ErrorCode } from '../shared/errors.js';
import { isParquetFile } from './openInput.js';
import type { Format, RecordOrBad } from './types.js';
import type { FromWorker, RejectedRow, ToWorker, WorkerInput, WorkerTarget } from './workerProtocol.js';

/**
 * Heap of a load worker, in MB. Text rows live from parse to COPY chunk: with V8's default young
 * space (a few MB) they outlive scavenges and fill the old generation with garbage (300+ MB peaks
 * per million rows); 48 MB lets them die young. Parquet decodes a whole row group at once, which
 * is promoted anyway: a small young space and a capped old one keep its peak near 300 MB in all.
 */
const HEAP_MB = { text: { young: 48, old: 128 }, parquet: { young: 16, old: 192 } };

/** The end of a load in a worker: counts, content hash and byte count of the file. */
export interface WorkerLoadResult {
  read: number;
  loaded: number;
  hash: string;
  bytes: number;
  produceMs: number;
}

/** The worker's entry: the compiled file, or from sources (tests, tsx scripts) a bootstrap that loads the TypeScript through tsx. */
function workerEntry(): { entry: string | URL; evaluate: boolean } {
  if (!import.meta.url.endsWith('.ts')) return { entry: new URL('./loadWorker.js', import.meta.url), evaluate: false };
  const ts = new URL('./loadWorker.ts', import.meta.url).href;
  // Loader hooks of the parent (tsx's --import, vitest's transform) do not reach a worker on Node 20.
  return { entry: `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(ts)}); })`, evaluate: true };
}

/** A worker that ran out of its heap: say so plainly (a parquet row group too large, most likely). */
function outOfMemory(e: Error, limitMb: number): AppError | null {
  if ((e as { code?: string }).code !== 'ERR_WORKER_OUT_OF_MEMORY') return null;
  return new AppError(ErrorCode.PAYLOAD_TOO_LARGE, `the file needs more than the loader's ${limitMb} MB working memory (a parquet row group this large must be split into smaller row groups)`);
}

function toError(e: { code: string | null; message: string; details?: unknown; stack?: string }): Error {
  if (e.code) return new AppError(e.code as ErrorCode, e.message, e.details as ConstructorParameters<typeof AppError>[2]);
  const err = new Error(e.message);
  if (e.stack) err.stack = e.stack;
  return err;
}

/**
 * One file loaded by a worker thread: the worker reads, parses and converts; this side hands the
 * sample to type inference, sends the target back and yields the COPY chunks as they come, with
 * at most a few in flight (the worker waits for acknowledgements, so memory stays bounded).
 */
export class WorkerLoad {
  private readonly inbox: (FromWorker | { type: 'exit'; error: Error })[] = [];
  private wake: (() => void) | null = null;
  private finished = false;
  bytesRead = 0;

  private constructor(
    private readonly worker: Worker,
    readonly format: Format,
    readonly labels: string[],
    readonly sample: RecordOrBad[],
  ) {}

  /** Starts a worker on the file and waits for its labels and sample. */
  static async open(input: WorkerInput): Promise<WorkerLoad> {
    const { entry, evaluate } = workerEntry();
    const heap = isParquetFile(input.path, input.format) ? HEAP_MB.parquet : HEAP_MB.text;
    const worker = new Worker(entry, { eval: evaluate, workerData: input, resourceLimits: { maxYoungGenerationSizeMb: heap.young, maxOldGenerationSizeMb: heap.old } });
    const pending: (FromWorker | { type: 'exit'; error: Error })[] = [];
    let self: WorkerLoad | null = null;
    let wakeOpen: (() => void) | null = null;
    const push = (m: FromWorker | { type: 'exit'; error: Error }) => {
      if (self) {
        self.inbox.push(m);
        self.wake?.();
      } else {
        pending.push(m);
        wakeOpen?.();
      }
    };
    worker.on('message', push);
    worker.on('error', (e) => push({ type: 'exit', error: outOfMemory(e, heap.old) ?? e }));
    worker.on('exit', (code) => push({ type: 'exit', error: new Error(`the load worker stopped (exit code ${code})`) }));
    while (!pending.length) await new Promise<void>((r) => (wakeOpen = r));
    const first = pending.shift()!;
    if (first.type !== 'opened') {
      await worker.terminate();
      throw first.type === 'error' ? toError(first.error) : first.type === 'exit' ? first.error : new Error(`unexpected message '${first.type}' from the load worker`);
    }
    self = new WorkerLoad(worker, first.format, first.labels, first.sample);
    self.inbox.push(...pending);
    return self;
  }

  /**
   * COPY chunks for the target. Rejected rows reach `onRejects` as the chunks arrive, with the
   * total rejected so far (beyond `target.storeRejects` the worker only counts them).
   */
  async *chunks(target: WorkerTarget, onRejects: (rows: RejectedRow[], rejectedTotal: number) => void, result: WorkerLoadResult): AsyncGenerator<Buffer> {
    this.post({ type: 'target', target });
    for (;;) {
      const m = await this.next();
      if (m.type === 'chunk') {
        onRejects(m.rejects, m.rejected);
        this.bytesRead = m.bytesRead;
        yield Buffer.from(m.chunk.buffer, m.chunk.byteOffset, m.chunk.byteLength);
        this.post({ type: 'ack' });
        continue;
      }
      if (m.type === 'done') {
        onRejects(m.rejects, m.rejected);
        this.bytesRead = m.bytesRead;
        Object.assign(result, { read: m.read, loaded: m.loaded, hash: m.hash, bytes: m.bytes, produceMs: m.produceMs });
        this.finished = true;
        return;
      }
      if (m.type === 'error') throw toError(m.error);
      if (m.type === 'exit') throw m.error;
      throw new Error(`unexpected message '${m.type}' from the load worker`);
    }
  }

  /**
   * Runs the load with the COPY in the worker (`target.copy` set): resolves when the rows are in
   * the table. `onProgress` hears rejected rows and counts after every chunk, in order.
   */
  async copyDirect(target: WorkerTarget, onProgress: (p: { read: number; rejects: RejectedRow[]; rejected: number }) => Promise<void>, result: WorkerLoadResult): Promise<void> {
    this.post({ type: 'target', target });
    for (;;) {
      const m = await this.next();
      if (m.type === 'progress' || m.type === 'done') {
        this.bytesRead = m.bytesRead;
        await onProgress(m);
        if (m.type === 'progress') continue;
        Object.assign(result, { read: m.read, loaded: m.loaded, hash: m.hash, bytes: m.bytes, produceMs: m.produceMs });
        this.finished = true;
        return;
      }
      if (m.type === 'error') throw toError(m.error);
      if (m.type === 'exit') throw m.error;
      throw new Error(`unexpected message '${m.type}' from the load worker`);
    }
  }

  /** Stops the worker (after the load, or to abandon it). */
  async close(): Promise<void> {
    if (!this.finished) this.post({ type: 'stop' });
    await this.worker.terminate();
  }

  private post(m: ToWorker): void {
    this.worker.postMessage(m);
  }

  private async next(): Promise<FromWorker | { type: 'exit'; error: Error }> {
    while (!this.inbox.length) await new Promise<void>((r) => (this.wake = r));
    this.wake = null;
    return this.inbox.shift()!;
  }
}
