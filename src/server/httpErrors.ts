import type { ServerResponse } from 'node:http';
import { AppError, ErrorCode, isAppError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { translateDbError } from '../warehouse/dbErrors.js';

/**
 * The one shape of an HTTP error on every route (/graphql before GraphQL runs, uploads, events,
 * export, health): `{ error: { code, message, details? }, errors: [{ message, extensions: { code,
 * details? } }] }`, so REST clients read `error.code` and GraphQL clients `errors[0].extensions.code`.
 * Codes are the stable ErrorCode values; anything that is not an AppError is logged and masked.
 */
export interface HttpErrorBody {
  error: { code: string; message: string; details?: unknown };
  errors: { message: string; extensions: { code: string; details?: unknown } }[];
}

/** The client-facing form of any error: a lost database connection is DATABASE_UNAVAILABLE, not internal. */
export function clientError(e: unknown): AppError | null {
  const t = translateDbError(e);
  return isAppError(t) ? t : null;
}

/** HTTP status for an error (500 only for one that is not an AppError). */
export function httpStatus(e: unknown): number {
  const a = clientError(e);
  if (!a) return 500;
  switch (a.code) {
    case ErrorCode.UNAUTHENTICATED:
      return 401;
    case ErrorCode.FORBIDDEN:
      return 403;
    case ErrorCode.DATASET_NOT_FOUND:
    case ErrorCode.NOT_FOUND:
      return 404;
    case ErrorCode.PAYLOAD_TOO_LARGE:
      return 413;
    case ErrorCode.CONFLICT:
    case ErrorCode.NAME_CONFLICT:
    case ErrorCode.DATASET_EXISTS:
    case ErrorCode.SCHEMA_MISMATCH:
      return 409;
    case ErrorCode.RATE_LIMITED:
      return 429;
    case ErrorCode.DATABASE_UNAVAILABLE:
    case ErrorCode.DATABASE_LOCKED:
      return 503;
    case ErrorCode.QUERY_TIMEOUT:
      return 504;
    case ErrorCode.INTERNAL_SERVER_ERROR:
      return 500;
    default:
      return 400;
  }
}

/** JSON body of an HTTP error (see HttpErrorBody). */
export function errorBody(e: unknown): HttpErrorBody {
  const a = clientError(e);
  const code = a?.code ?? ErrorCode.INTERNAL_SERVER_ERROR;
  const message = a?.message ?? 'internal error';
  const details = a?.details;
  return { error: { code, message, ...(details ? { details } : {}) }, errors: [{ message, extensions: { code, ...(details ? { details } : {}) } }] };
}

/**
 * Answers `e` on a raw response: status, the body above, `WWW-Authenticate` on 401, `Retry-After`
 * on 429 and 503. An unexpected error is logged (never shown). A response already under way is cut.
 */
export function sendHttpError(res: ServerResponse, e: unknown, log?: Logger, what = 'HTTP request failed'): void {
  const status = httpStatus(e);
  if (status === 500) log?.error({ err: e }, what);
  if (res.headersSent) return void res.destroy();
  const body = errorBody(e);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  if (status === 401) res.setHeader('www-authenticate', 'Bearer realm="insightql"');
  const retryMs = Number((body.error.details as { retryAfterMs?: unknown } | undefined)?.retryAfterMs);
  if (status === 429 || status === 503) res.setHeader('retry-after', String(Number.isFinite(retryMs) && retryMs > 0 ? Math.ceil(retryMs / 1000) : 1));
  res.end(JSON.stringify(body));
}
