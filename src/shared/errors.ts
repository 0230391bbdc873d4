/**
 * Client-facing errors. Anything that is not an AppError is masked as INTERNAL_SERVER_ERROR
 * at the edge and logged; an AppError is deliberate and safe to show.
 */
export const ErrorCode = {
  BAD_INPUT: 'BAD_INPUT',
  DATASET_NOT_FOUND: 'DATASET_NOT_FOUND',
  DATASET_EXISTS: 'DATASET_EXISTS',
  UNKNOWN_COLUMN: 'UNKNOWN_COLUMN',
  TYPE_MISMATCH: 'TYPE_MISMATCH',
  SCHEMA_MISMATCH: 'SCHEMA_MISMATCH',
  INGEST_REJECTED: 'INGEST_REJECTED',
  UNSUPPORTED_FORMAT: 'UNSUPPORTED_FORMAT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  QUERY_TIMEOUT: 'QUERY_TIMEOUT',
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  DATABASE_LOCKED: 'DATABASE_LOCKED',
  CONFLICT: 'CONFLICT',
  NOT_FOUND: 'NOT_FOUND',
  /** No valid API key where one is required. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** The key's role lacks the right (or its row filters forbid the operation). */
  FORBIDDEN: 'FORBIDDEN',
  LIMIT_EXCEEDED: 'LIMIT_EXCEEDED',
  NOT_ENOUGH_DATA: 'NOT_ENOUGH_DATA',
  /** Another dataset's name normalises to the same identifier ("Sales" and "SALES"). */
  NAME_CONFLICT: 'NAME_CONFLICT',
  /** Too many requests for this key, or its share of the database is queued full; details.retryAfterMs. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** The operation is larger than the server's limits (fields, depth, aliases, directives, cost). */
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  /** The result is larger than the response-size cap. */
  RESPONSE_TOO_LARGE: 'RESPONSE_TOO_LARGE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export type ErrorDetails = Record<string, unknown>;

/** An error meant for the client: a stable code, a message naming the bad part, optional details. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;

  constructor(code: ErrorCode, message: string, details?: ErrorDetails) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

/** True when `e` is an AppError, optionally of the given code. */
export function isAppError(e: unknown, code?: ErrorCode): e is AppError {
  return e instanceof AppError && (code === undefined || e.code === code);
}

/** Shorthand for the most common client error. */
export function badInput(message: string, details?: ErrorDetails): AppError {
  return new AppError(ErrorCode.BAD_INPUT, message, details);
}
