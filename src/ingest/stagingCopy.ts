// Copying a load's rows into its staging table: by the worker on a connection of its own (real
// Postgres), as chunks the worker hands back (embedded database), or encoded in this thread.
import { AppError, ErrorCode } from '../shared/errors.js';
import { quoteIdent, type Warehouse } from '../warehouse/warehouse.js';
import { makeBlockEncoder } from './copyColumns.js';
import { makeRowEncoder } from './copyRows.js';
import { encodeChunks } from './encodeChunks.js';
import type { IngestRequest } from './ingestRequest.js';
import type { LoadSource } from './loadSource.js';
import type { Target } from './loadTarget.js';
import { MAX_STORED_REJECTS, type RejectedRows } from './rejectedRows.js';
import { tableRef, WAREHOUSE_SCHEMA } from '../cleaning/versionStore.js';
import type { WorkerLoadResult } from './workerLoad.js';

/** Rows read, loaded and rejected so far, and the milliseconds spent producing COPY text. */
export interface CopyCounts {
  read: number;
  loaded: number;
  rejected: number;
  produceMs: number;
}

export interface StagingCopy {
  staging: string;
  target: Target;
  source: LoadSource;
  strict: boolean;
  rejects: RejectedRows;
  /** Filled in as the rows are copied. */
  counts: CopyCounts;
  onProgress: IngestRequest['onProgress'];
}

/** Copies every row of the source into the staging table; returns the bytes read and their content hash. */
export async function copyToStaging(wh: Warehouse, c: StagingCopy): Promise<{ bytes: number; contentHash: string }> {
  const { staging, target, source, rejects, counts } = c;
  const load = source.worker;
  const result: WorkerLoadResult = { read: 0, loaded: 0, hash: '', bytes: 0, produceMs: 0 };
  const fromWorker = (rows: { line: number; raw: string; reason: string }[], total: number) => rejects.fromWorker(rows, total);
  const progress = async (rowsRead: number) => {
    c.onProgress?.({ rowsRead, bytesRead: source.bytesRead() });
    await rejects.flushIfFull();
  };
  const workerTarget = { types: target.types, labels: target.labels, slashOrders: target.slashOrders, strict: c.strict, storeRejects: MAX_STORED_REJECTS };
  const connectionString = wh.copyConnectionString();
  if (load && connectionString) {
    // Real Postgres: the worker runs the COPY on a connection of its own.
    // No column list when nothing was inferred (every record rejected): `()` is a syntax error.
    const columns = target.names.length ? ` (${target.names.map(quoteIdent).join(', ')})` : '';
    const copy = { connectionString, sql: `COPY ${tableRef(staging)}${columns} FROM STDIN` };
    await load.copyDirect({ ...workerTarget, copy }, async (p) => {
      fromWorker(p.rejects, p.rejected);
      await progress(p.read);
    }, result);
  } else {
    const chunks = load ? load.chunks(workerTarget, fromWorker, result) : encodedHere(c);
    async function* reported(): AsyncGenerator<Buffer> {
      for await (const chunk of chunks) {
        yield chunk;
        await progress(load ? result.read : counts.read);
      }
    }
    await wh.copyIn(WAREHOUSE_SCHEMA, staging, target.names, reported());
  }
  if (load) {
    Object.assign(counts, { read: result.read, loaded: result.loaded, produceMs: result.produceMs });
    return { bytes: result.bytes, contentHash: result.hash };
  }
  return { bytes: source.inThread!.bytes(), contentHash: source.inThread!.digest() };
}

/** COPY text encoded in this thread; a rejected row stops a strict load. */
function encodedHere(c: StagingCopy): AsyncIterable<Buffer> {
  const { target, rejects, counts } = c;
  const rows = c.source.inThread!;
  const reject = (line: number, raw: string, reason: string) => {
    counts.rejected++;
    if (c.strict) throw new AppError(ErrorCode.INGEST_REJECTED, `line ${line}: ${reason} (strict mode: nothing was loaded)`, { line });
    rejects.keep(line, raw, reason);
  };
  const columnWise = rows.blocks && { rest: rows.blocks, encode: makeBlockEncoder(target.types, target.labels, target.slashOrders) };
  return encodeChunks(rows.ahead, rows.batches, makeRowEncoder(target.types, target.labels, target.slashOrders), reject, counts, columnWise);
}
