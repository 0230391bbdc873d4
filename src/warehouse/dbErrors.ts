import { AppError, ErrorCode } from '../shared/errors.js';

/** Postgres SQLSTATE codes the product turns into client-facing errors. */
const QUERY_CANCELED = '57014';
const CONNECTION_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004']);
const NET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END']);
/**
 * Errors that only mean the connection went away. TypeORM's query runner releases itself when its
 * pg client emits 'error' (a terminated backend), so the next statement on it throws
 * QueryRunnerAlreadyReleasedError: seen under load when a backend was killed just after checkout.
 */
const GONE_NAMES = new Set(['QueryRunnerAlreadyReleasedError', 'ConnectionIsNotSetError']);
const GONE_TEXT = /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|not queryable|terminating connection|server closed the connection unexpectedly/i;

/**
 * Maps driver errors to AppErrors where the client can act on them (timeout, database down);
 * anything else is passed through to be masked and logged at the edge.
 */
export function translateDbError(e: unknown, depth = 0): unknown {
  if (e instanceof AppError) return e;
  const err = e as { code?: string; name?: string; message?: string; driverError?: { code?: string; message?: string }; cause?: unknown };
  const code = err?.code ?? err?.driverError?.code;
  // A NUL byte or a byte sequence the database's encoding cannot hold: the client's value is bad.
  if (code === '22021' || code === '22P05') return new AppError(ErrorCode.BAD_INPUT, 'a value contains a NUL byte or characters the database cannot store');
  if (code === QUERY_CANCELED) return new AppError(ErrorCode.QUERY_TIMEOUT, 'the query took longer than the statement timeout and was cancelled');
  if ((code && (CONNECTION_CODES.has(code) || NET_CODES.has(code))) || GONE_NAMES.has(err?.name ?? '') || GONE_TEXT.test(err?.message ?? '') || GONE_TEXT.test(err?.driverError?.message ?? '')) {
    return new AppError(ErrorCode.DATABASE_UNAVAILABLE, 'the database is unavailable right now; try again shortly');
  }
  // A wrapped cause (AggregateError, a stream's error) that is a lost connection is one too.
  if (err?.cause && depth < 3) {
    const inner = translateDbError(err.cause, depth + 1);
    if (inner instanceof AppError && inner.code === ErrorCode.DATABASE_UNAVAILABLE) return inner;
  }
  return e;
}
