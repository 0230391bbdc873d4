import type { Request, Response } from 'express';
import { currentPrincipal } from '../auth/requestScope.js';
import { localPrincipal, type Principal } from '../auth/principal.js';
import { errorBody, httpStatus } from '../server/httpServer.js';
import type { Services } from '../services.js';
import { AppError, ErrorCode } from '../shared/errors.js';

/** Largest events request body. */
export const MAX_EVENTS_BODY = 8 * 1024 * 1024;

/**
 * POST /datasets/:name/events — NDJSON (one event per line) or a JSON array. Answers
 * `{ accepted, duplicates, rejected, rejectedRows: [{ index, reason }] }` once the accepted rows are
 * committed (scoring follows). A body past MAX_EVENTS_BODY is refused whole (413) and nothing is read past it.
 */
export function eventsRoute(services: Services) {
  return async (req: Request, res: Response) => {
    try {
      const body = await readBody(req, MAX_EVENTS_BODY);
      const p: Principal = (res.locals.principal as Principal | undefined) ?? currentPrincipal() ?? localPrincipal();
      const r = await services.realtime.appendBody(p, String(req.params.name ?? ''), body);
      res.status(200).json({ accepted: r.accepted, duplicates: r.duplicates, rejected: r.rejected, rejectedRows: r.rejectedRows });
    } catch (e) {
      if (res.headersSent || !res.socket || res.socket.destroyed) return;
      res.status(httpStatus(e)).json(errorBody(e));
      if (!(e instanceof AppError)) services.log.error({ err: e }, 'events request failed');
    }
  };
}

function readBody(req: Request, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > limit) {
        // Keep reading (and discarding) to the end, so the client gets the answer instead of a reset.
        over = true;
        chunks.length = 0;
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (over) reject(new AppError(ErrorCode.PAYLOAD_TOO_LARGE, `the events body is larger than ${limit.toLocaleString('en-US')} bytes; send smaller batches (each event at most 1 MB)`, { limit }));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
    // A client that goes away mid-body (a stream cut mid-line) sends no 'end': without this the
    // request would wait forever. Nothing was parsed, so nothing is appended; it resends by `_id`.
    req.on('close', () => {
      if (!req.complete) reject(new AppError(ErrorCode.BAD_INPUT, 'the events body was cut before its end; nothing was appended (resend it: events with _id are never added twice)'));
    });
  });
}
