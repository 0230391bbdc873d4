import type { SqlType } from '../shared/catalog.js';
import type { SlashOrder } from './dateText.js';
import type { Format, RecordOrBad } from './types.js';

/** What the main thread tells a load worker to read. */
export interface WorkerInput {
  path: string;
  format: Format | null;
}

/** The column types chosen from the sample, sent back to the worker; `strict` stops at the first rejection. */
export interface WorkerTarget {
  types: SqlType[];
  labels: string[];
  slashOrders?: SlashOrder[];
  strict: boolean;
  /** Rejected rows whose text is worth sending (the rest are only counted). */
  storeRejects: number;
  /**
   * Real Postgres: the worker opens its own connection and runs the COPY itself, so no row byte
   * crosses threads. Absent (embedded database): chunks come back to the main thread.
   */
  copy?: { connectionString: string; sql: string };
}

export interface RejectedRow {
  line: number;
  raw: string;
  reason: string;
}

/** An error crossing the thread boundary: an AppError's code and details survive. */
export interface WorkerError {
  code: string | null;
  message: string;
  details?: unknown;
  stack?: string;
}

export type FromWorker =
  | { type: 'opened'; format: Format; labels: string[]; sample: RecordOrBad[] }
  | { type: 'chunk'; chunk: Uint8Array; read: number; loaded: number; rejects: RejectedRow[]; rejected: number; bytesRead: number }
  | { type: 'progress'; read: number; loaded: number; rejects: RejectedRow[]; rejected: number; bytesRead: number }
  | { type: 'done'; read: number; loaded: number; rejects: RejectedRow[]; rejected: number; bytesRead: number; hash: string; bytes: number; produceMs: number }
  | { type: 'error'; error: WorkerError };

export type ToWorker = { type: 'target'; target: WorkerTarget } | { type: 'ack' } | { type: 'stop' };
