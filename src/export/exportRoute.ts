import type { Request, Response } from 'express';
import { ownerOf } from '../auth/owner.js';
import { canSeeDataset, type Principal } from '../auth/principal.js';
import { currentPrincipal, runAs } from '../auth/requestScope.js';
import { ChatRepository } from '../chat/chatRepository.js';
import type { Plan } from '../nlp/plan.js';
import { sendHttpError } from '../server/httpErrors.js';
import { AppError, ErrorCode, badInput } from '../shared/errors.js';
import type { Services } from '../services.js';
import type { ExportLimiter } from './exportLimiter.js';
import { exportFormat, type ExportFormat } from './exportFormat.js';
import { normalizeQueryEnums } from './queryParam.js';
import { ClientGone, ResponseSink } from './responseSink.js';

const MAX_QUERY_PARAM = 20_000;

/** Trailers sent after the last row: the totals are known only then. */
export const TOTAL_ROWS_TRAILER = 'x-insightql-total-rows';
export const TRUNCATED_TRAILER = 'x-insightql-truncated';

export interface ExportDeps {
  services: Services;
  limiter: ExportLimiter;
}

function param(req: Request, name: string): string | null {
  const v = req.query[name];
  if (v === undefined) return null;
  if (typeof v !== 'string') throw badInput(`give ${name} once`, { field: name });
  return v;
}

function parseQuery(text: string): Record<string, unknown> {
  if (text.length > MAX_QUERY_PARAM) throw badInput(`query is longer than ${MAX_QUERY_PARAM} characters`, { field: 'query' });
  let q: unknown;
  try {
    q = JSON.parse(text);
  } catch {
    throw badInput('query is not valid JSON (an InsightQuery, URL-encoded)', { field: 'query' });
  }
  if (!q || typeof q !== 'object' || Array.isArray(q)) throw badInput('query must be a JSON object (an InsightQuery)', { field: 'query' });
  return normalizeQueryEnums(q as Record<string, unknown>);
}

/** The query behind a chat answer the caller may see (its conversation is theirs). */
async function messageQuery(services: Services, p: Principal, messageId: string): Promise<Record<string, unknown>> {
  const msg = await new ChatRepository(services.warehouse).assistantMessage(messageId, ownerOf(p));
  const plan = msg.plan as Plan | null;
  if (!plan || plan.kind === 'clarify') throw badInput('that answer is a clarification: it has no rows to export', { field: 'messageId' });
  return plan.query as unknown as Record<string, unknown>;
}

function readRequest(req: Request): { format: ExportFormat; queryText: string | null; messageId: string | null } {
  const format = param(req, 'format') ?? 'csv';
  if (format !== 'csv' && format !== 'json') throw badInput(`format must be csv or json, not '${format.slice(0, 20)}'`, { field: 'format' });
  const queryText = param(req, 'query');
  const messageId = param(req, 'messageId');
  if ((queryText === null) === (messageId === null)) throw badInput('give exactly one of query (an InsightQuery as JSON) or messageId (a chat answer)', { field: 'query' });
  return { format, queryText, messageId };
}

/**
 * GET /export?format=csv|json&query=<InsightQuery JSON> or &messageId=<answer id>: the rows of a
 * structured query or of a chat answer (run again, in full, up to INSIGHTQL_EXPORT_MAX_ROWS), as a
 * download. The request gate authenticates it like /graphql (src/server/requestGate.ts); it runs
 * through the insight service as the caller, so row filters and dataset scope apply exactly as
 * they do to answers.
 *
 * The rows stream from a server-side cursor with backpressure (memory stays flat at any size; a
 * client that stops reading stops the read; one that disconnects closes the cursor). Errors found
 * before the first row (bad query, unknown dataset, timeout) answer with their status and a JSON
 * error; the row count is known only at the end, so it is sent as HTTP trailers
 * (`x-insightql-total-rows`, `x-insightql-truncated`) and, in JSON, as the last fields. A failure
 * after rows were sent aborts the response, so a download is never silently short.
 */
export function exportRoute(deps: ExportDeps) {
  const { services } = deps;
  return async (req: Request, res: Response): Promise<void> => {
    let release: (() => void) | null = null;
    try {
      const { format, queryText, messageId } = readRequest(req);
      // The request gate (src/server/requestGate.ts) authenticated the request before this route.
      const principal = (res.locals.principal as Principal | undefined) ?? currentPrincipal();
      if (!principal) throw new AppError(ErrorCode.UNAUTHENTICATED, 'the request was not authenticated');
      release = deps.limiter.acquire();
      await runAs(principal, async () => {
        const q = queryText !== null ? parseQuery(queryText) : await messageQuery(services, principal, messageId!);
        if (typeof q.dataset === 'string' && !canSeeDataset(principal, q.dataset)) throw new AppError(ErrorCode.DATASET_NOT_FOUND, `dataset '${q.dataset.slice(0, 100)}' does not exist`, { dataset: q.dataset.slice(0, 100) });
        const stream = await services.insights.openStream(q, { maxRows: services.config.exportMaxRows ?? 5_000_000 });
        const fmt = exportFormat(format, stream.dataset.name, stream.columns);
        const name = `${stream.dataset.name}-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '')}.${format}`;
        res.status(200);
        res.setHeader('content-type', fmt.contentType);
        res.setHeader('content-disposition', `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"`);
        res.setHeader('cache-control', 'no-store');
        res.setHeader('trailer', `${TOTAL_ROWS_TRAILER}, ${TRUNCATED_TRAILER}`);
        const sink = new ResponseSink(res);
        await sink.write(fmt.head);
        let first = true;
        for await (const rows of stream.batches) {
          await sink.write(fmt.rows(rows, first));
          first = false;
        }
        await sink.write(fmt.tail(stream.rowCount, stream.truncated));
        sink.end({ [TOTAL_ROWS_TRAILER]: String(stream.rowCount), [TRUNCATED_TRAILER]: String(stream.truncated) });
      });
    } catch (e) {
      if (e instanceof ClientGone) return;
      if (res.headersSent) {
        services.log.warn({ err: (e as Error).message }, 'export failed after rows were sent; response aborted');
        return void res.destroy();
      }
      sendHttpError(res, e, services.log, 'export failed');
    } finally {
      release?.();
    }
  };
}
