import type { Request, Response } from 'express';
import type { Services } from '../services.js';
import { AppError, ErrorCode } from '../shared/errors.js';
import type { Format } from '../ingest/types.js';
import { sendHttpError } from './httpErrors.js';

const FORMATS: Format[] = ['csv', 'tsv', 'json', 'ndjson', 'parquet'];
const MIME: Record<string, Format> = {
  'text/csv': 'csv',
  'text/tab-separated-values': 'tsv',
  'application/json': 'json',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'application/vnd.apache.parquet': 'parquet',
};

/**
 * POST /datasets/:name — streams the request body into a dataset without buffering it.
 * Query: format, append, strict, replace, filename; header `Idempotency-Key` on appends. A client that disconnects mid-upload fails the run and
 * leaves nothing behind.
 */
export function uploadRoute(services: Services) {
  return async (req: Request, res: Response) => {
    try {
      const q = req.query as Record<string, string | undefined>;
      const fmtParam = q.format?.toLowerCase();
      if (fmtParam && !FORMATS.includes(fmtParam as Format)) {
        throw new AppError(ErrorCode.UNSUPPORTED_FORMAT, `format '${fmtParam}' is not one of ${FORMATS.join(', ')}`);
      }
      const ctype = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      const format = (fmtParam as Format | undefined) ?? MIME[ctype] ?? null;
      const flag = (v: string | undefined) => v === '' || v === 'true' || v === '1';
      const name = String(req.params.name ?? '');
      const report = await services.ingest.ingest({
        name,
        input: { kind: 'stream', stream: req, fileName: q.filename ?? null },
        format,
        append: flag(q.append),
        strict: flag(q.strict),
        replace: flag(q.replace),
        idempotencyKey: req.get('idempotency-key') ?? null,
        sourceLabel: `http upload${q.filename ? ` (${q.filename})` : ''}`,
      });
      const r = report.run;
      res.status(r.status === 'succeeded' ? 201 : 200).json({
        id: r.id,
        dataset: r.datasetName,
        status: r.status,
        mode: r.mode,
        format: r.format,
        rowsRead: r.rowsRead,
        rowsLoaded: r.rowsLoaded,
        rowsRejected: r.rowsRejected,
        bytes: r.bytes,
        durationMs: r.durationMs,
        firstRejections: report.firstRejections,
        recipe: r.recipe,
      });
    } catch (e) {
      // A fully read request is "destroyed" too; only a closed socket means the client is gone.
      if (res.headersSent || !res.socket || res.socket.destroyed) return;
      sendHttpError(res, e, services.log, 'upload failed');
    }
  };
}
