// Worker thread entry: reads, parses and converts one file into COPY chunks for the main thread.
// A worker has a heap of its own (sized for this short-lived, allocation-heavy work) and a clean
// isolate: libraries loaded by the server (a String subclass in natural's redis dependency) slow
// string code in the process that loads them.
import { createHash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import { translateDbError } from '../warehouse/dbErrors.js';
import { copyInto } from '../warehouse/pgCopy.js';
import type { PoolClient } from '../warehouse/sqlRunner.js';
import { makeBlockEncoder } from './copyColumns.js';
import { makeRowEncoder } from './copyRows.js';
import { encodeChunks, readSample, type EncodeCounts } from './encodeChunks.js';
import { openInput } from './openInput.js';
import type { FromWorker, RejectedRow, ToWorker, WorkerInput, WorkerTarget } from './workerProtocol.js';
import { AppError, ErrorCode, isAppError } from '../shared/errors.js';
import type { RecordOrBad } from './types.js';

/** Chunks sent and not yet taken by the COPY: enough to keep it busy, few enough to bound memory. */
const IN_FLIGHT = 3;

const port = parentPort!;
const inbox: ToWorker[] = [];
let wake: (() => void) | null = null;
port.on('message', (m: ToWorker) => {
  inbox.push(m);
  wake?.();
});

async function next(): Promise<ToWorker> {
  while (!inbox.length) await new Promise<void>((r) => (wake = r));
  wake = null;
  return inbox.shift()!;
}

const send = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

/** The sample as plain data (records are class instances with lazy getters that do not clone). */
const plain = (r: RecordOrBad): RecordOrBad => (r.ok ? { ok: true, record: { line: r.record.line, values: r.record.values, raw: '' } } : r);

async function run(input: WorkerInput): Promise<void> {
  const hash = createHash('sha256');
  let bytes = 0;
  const src = await openInput({ kind: 'file', path: input.path }, input.format, (b) => {
    hash.update(b);
    bytes += b.length;
  });
  const batches = src.batches[Symbol.asyncIterator]();
  try {
    const { sample, ahead } = await readSample(batches);
    send({ type: 'opened', format: src.format, labels: src.labels, sample: sample.map(plain) });
    const m = await next();
    if (m.type !== 'target') return;
    const target: WorkerTarget = m.target;
    let rejects: RejectedRow[] = [];
    let rejected = 0;
    const reject = (line: number, raw: string, reason: string) => {
      rejected++;
      if (target.strict) throw new AppError(ErrorCode.INGEST_REJECTED, `line ${line}: ${reason} (strict mode: nothing was loaded)`, { line });
      if (rejected <= target.storeRejects) rejects.push({ line, raw: raw.slice(0, 2000), reason });
    };
    const counts: EncodeCounts = { read: 0, loaded: 0, produceMs: 0 };
    const encode = makeRowEncoder(target.types, target.labels, target.slashOrders);
    // Parquet: past the sample, rows go to COPY text column-wise, without a record per row.
    const blocks = src.blocks ? { rest: src.blocks, encode: makeBlockEncoder(target.types, target.labels, target.slashOrders) } : undefined;
    if (target.copy) {
      const copy = target.copy;
      // The COPY runs here, on a connection of this thread; the main thread only hears progress.
      const client = new pg.Client({ connectionString: copy.connectionString, application_name: 'insightql-load', connectionTimeoutMillis: 5_000 });
      // A terminated backend also emits 'error' on the client; unheard, it would end the thread
      // before the COPY's own rejection says what happened.
      client.on('error', () => undefined);
      try {
        await client.connect();
        async function* reported(): AsyncGenerator<Buffer> {
          for await (const chunk of encodeChunks(ahead, batches, encode, reject, counts, blocks)) {
            yield chunk;
            send({ type: 'progress', read: counts.read, loaded: counts.loaded, rejects, rejected, bytesRead: src.bytesRead() });
            rejects = [];
          }
        }
        await copyInto(client as unknown as PoolClient, copy.sql, reported());
      } catch (e) {
        throw translateDbError(e);
      } finally {
        await client.end().catch(() => undefined);
      }
    } else {
      let inFlight = 0;
      for await (const chunk of encodeChunks(ahead, batches, encode, reject, counts, blocks)) {
        while (inFlight >= IN_FLIGHT) {
          const c = await next();
          if (c.type === 'stop') return;
          if (c.type === 'ack') inFlight--;
        }
        // The chunk owns its ArrayBuffer (CopyBuffer.take), so it moves without a copy.
        send({ type: 'chunk', chunk, read: counts.read, loaded: counts.loaded, rejects, rejected, bytesRead: src.bytesRead() }, [chunk.buffer as ArrayBuffer]);
        rejects = [];
        inFlight++;
      }
    }
    send({ type: 'done', read: counts.read, loaded: counts.loaded, rejects, rejected, bytesRead: src.bytesRead(), hash: hash.digest('hex'), bytes, produceMs: counts.produceMs });
  } finally {
    await batches.return?.(undefined);
  }
}

run(workerData as WorkerInput).catch((e: unknown) => {
  const err = e as Error;
  send({ type: 'error', error: { code: isAppError(e) ? e.code : null, message: err?.message ?? String(e), details: isAppError(e) ? e.details : undefined, stack: err?.stack } });
});
