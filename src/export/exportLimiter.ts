import { AppError, ErrorCode } from '../shared/errors.js';

/**
 * How many exports stream at once. An export holds a database reader (Postgres) for as long as
 * its client reads, so a few slow downloads must not take every reader from the API. Over the
 * limit, an export is refused at once with RATE_LIMITED (HTTP 429 and a Retry-After hint) rather
 * than queued: the client has sent nothing yet and can simply retry.
 */
export class ExportLimiter {
  private running = 0;

  constructor(readonly max: number) {
    if (!Number.isSafeInteger(max) || max < 1) throw new Error(`export concurrency must be a positive integer, got ${max}`);
  }

  get active(): number {
    return this.running;
  }

  /** Takes a slot or throws RATE_LIMITED; call the returned function once when the export ends. */
  acquire(): () => void {
    if (this.running >= this.max) {
      throw new AppError(ErrorCode.RATE_LIMITED, `${this.max} export${this.max === 1 ? ' is' : 's are'} already running on this server; retry in a few seconds`, { retryAfterMs: 5000, limit: 'exportConcurrency', max: this.max });
    }
    this.running++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
    };
  }
}
