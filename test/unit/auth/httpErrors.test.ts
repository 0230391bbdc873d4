import { describe, expect, it } from 'vitest';
import { errorBody, httpStatus } from '../../../src/server/httpErrors.js';
import { RateLimiter } from '../../../src/server/plugins/rateLimit.js';
import { AppError, ErrorCode } from '../../../src/shared/errors.js';
import { translateDbError } from '../../../src/warehouse/dbErrors.js';

class QueryRunnerAlreadyReleasedError extends Error {
  constructor() {
    super('Query runner already released. Cannot run queries anymore.');
    this.name = 'QueryRunnerAlreadyReleasedError';
  }
}

describe('one HTTP error shape with stable codes', () => {
  it('gives REST and GraphQL clients the same code, and masks what is not an AppError', () => {
    const b = errorBody(new AppError(ErrorCode.RATE_LIMITED, 'slow down', { retryAfterMs: 1500 }));
    expect(b.error).toEqual({ code: 'RATE_LIMITED', message: 'slow down', details: { retryAfterMs: 1500 } });
    expect(b.errors[0]).toEqual({ message: 'slow down', extensions: { code: 'RATE_LIMITED', details: { retryAfterMs: 1500 } } });
    const hidden = errorBody(new Error('relation "warehouse.t_1" does not exist'));
    expect(hidden.error).toEqual({ code: 'INTERNAL_SERVER_ERROR', message: 'internal error' });
    expect(JSON.stringify(hidden)).not.toMatch(/warehouse/);
  });

  it('maps codes to statuses', () => {
    const status = (code: ErrorCode) => httpStatus(new AppError(code, 'x'));
    expect([ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN, ErrorCode.NOT_FOUND, ErrorCode.PAYLOAD_TOO_LARGE, ErrorCode.NAME_CONFLICT, ErrorCode.RATE_LIMITED, ErrorCode.DATABASE_UNAVAILABLE, ErrorCode.QUERY_TIMEOUT, ErrorCode.BAD_INPUT].map(status)).toEqual([
      401, 403, 404, 413, 409, 429, 503, 504, 400,
    ]);
    expect(httpStatus(new Error('boom'))).toBe(500);
  });

  it('a terminated connection is DATABASE_UNAVAILABLE (503), never an internal error', () => {
    // Seen under load: TypeORM's runner released itself when its pg client emitted 'error'.
    for (const e of [
      new QueryRunnerAlreadyReleasedError(),
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      new Error('Connection terminated unexpectedly'),
      Object.assign(new Error('write after end'), { code: 'ERR_STREAM_WRITE_AFTER_END' }),
      new Error('COPY failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) }),
      { name: 'QueryFailedError', message: 'x', driverError: { message: 'server closed the connection unexpectedly' } },
    ]) {
      expect((translateDbError(e) as AppError).code, String((e as Error).message)).toBe(ErrorCode.DATABASE_UNAVAILABLE);
      expect(httpStatus(e)).toBe(503);
    }
    expect(translateDbError(new Error('syntax error'))).toBeInstanceOf(Error);
    expect(translateDbError(new Error('syntax error'))).not.toBeInstanceOf(AppError);
  });
});

describe('rate limiter', () => {
  it('waitMs peeks without spending; admit spends and refuses with a hint', () => {
    let t = 0;
    const r = new RateLimiter(60, 2, () => t);
    expect(r.waitMs('a')).toBe(0);
    r.admit('a');
    r.admit('a');
    expect(r.waitMs('a')).toBe(1000);
    expect(r.waitMs('a')).toBe(1000);
    expect(() => r.admit('a')).toThrow(/retry in 1000 ms/);
    expect(r.waitMs('b')).toBe(0);
    t = 1000;
    expect(r.waitMs('a')).toBe(0);
  });
});
