// What a load is asked to do and what it reports back (IngestService.ingest).
import { AppError, ErrorCode } from '../shared/errors.js';
import type { IngestionRunEntity } from '../warehouse/entities/IngestionRunEntity.js';
import type { IngestInput } from './openInput.js';
import type { Format } from './types.js';

export interface IngestRequest {
  name: string;
  input: IngestInput;
  format?: Format | null;
  append?: boolean;
  /** Replace a dataset whose name differs but normalises to the same identifier (else NAME_CONFLICT). */
  replace?: boolean;
  /** An append's idempotency key: a resend with a key already applied adds no rows. */
  idempotencyKey?: string | null;
  strict?: boolean;
  /** Shown in the run's `source` (file name, "http upload"…). */
  sourceLabel?: string;
  onProgress?: (p: { rowsRead: number; bytesRead: number }) => void;
}

export interface IngestReport {
  run: IngestionRunEntity;
  /** First rejected rows with their reasons. */
  firstRejections: { line: number; reason: string }[];
  /** Where the time went, in milliseconds (also logged at debug level). */
  phases: IngestPhases;
}

/**
 * Milliseconds per phase of a load. `copy` runs reading, parsing and converting (`produce`) side
 * by side with the database's COPY; `copy - produce` is time spent waiting for the database.
 */
export interface IngestPhases {
  /** Open, sample, infer types, create the staging table. */
  prepare: number;
  copy: number;
  produce: number;
  profile: number;
  /** The catalog transaction that swaps the staging table in (appends: recipe, insert and profile). */
  swap: number;
  total: number;
}

/** The request's idempotency key, trimmed (null when none); refuses one too long or with NUL bytes. */
export function idempotencyKeyOf(req: IngestRequest): string | null {
  const key = req.idempotencyKey?.trim() || null;
  if (key && (key.length > 200 || key.includes('\u0000'))) {
    throw new AppError(ErrorCode.BAD_INPUT, 'the idempotency key must be at most 200 characters, without NUL bytes', { field: 'idempotencyKey' });
  }
  return key;
}
