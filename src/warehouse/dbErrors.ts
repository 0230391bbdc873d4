import { AppError, ErrorCode } from '../shared/errors.js';

/** Postgres SQLSTATE codes the product turns into client-facing errors. */
const QUERY_CANCELED = '57014';
const CONNECTION_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004']);
const NET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);

/**
 * Maps driver errors to AppErrors where the client can act on them (timeout, database down);
 * anything else is passed through to be masked and logged at the edge.
 */
export function translateDbError(e: unknown): unknown {
  if (e instanceof AppError) return e;
  const err = e as { code?: string; message?: string; driverError?: { code?: string } };
  const code = err?.code ?? err?.driverError?.code;
  // A NUL byte or a byte sequence the database's encoding cannot hold: the client's value is bad.
  if (code === '22021' || code === '22P05') return new AppError(ErrorCode.BAD_INPUT, 'a value contains a NUL byte or characters the database cannot store');
  if (code === QUERY_CANCELED) return new AppError(ErrorCode.QUERY_TIMEOUT, 'the query took longer than the statement timeout and was cancelled');
  if ((code && (CONNECTION_CODES.has(code) || NET_CODES.has(code))) || /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|not queryable|terminating connection/i.test(err?.message ?? '')) {
    return new AppError(ErrorCode.DATABASE_UNAVAILABLE, 'the database is unavailable right now; try again shortly');
  }
  return e;
}
