import type { Request, Response } from 'express';
import { ownerOf } from '../auth/owner.js';
import { canSeeDataset, type Principal } from '../auth/principal.js';
import { currentPrincipal, runAs } from '../auth/requestScope.js';
import { ChatRepository } from '../chat/chatRepository.js';
import type { InsightResult } from '../insights/insightService.js';
import type { Plan } from '../nlp/plan.js';
import { sendHttpError } from '../server/httpErrors.js';
import { AppError, ErrorCode, badInput } from '../shared/errors.js';
import type { Services } from '../services.js';
import { csvLine } from './csvFormat.js';
import { normalizeQueryEnums } from './queryParam.js';

/** Rows written per chunk: large enough to amortize writes, small enough to keep memory flat. */
const CHUNK = 500;
const MAX_QUERY_PARAM = 20_000;

export interface ExportDeps {
  services: Services;
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

function writeChunk(res: Response, text: string): Promise<void> {
  if (res.write(text)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      if (res.destroyed) reject(new Error('client went away'));
      else resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

async function streamCsv(res: Response, r: InsightResult): Promise<void> {
  await writeChunk(res, csvLine(r.columns.map((c) => c.name)));
  for (let i = 0; i < r.rows.length; i += CHUNK) {
    let text = '';
    for (const row of r.rows.slice(i, i + CHUNK)) text += csvLine(r.columns.map((c) => row[c.name]));
    await writeChunk(res, text);
  }
}

async function streamJson(res: Response, r: InsightResult): Promise<void> {
  await writeChunk(res, `{"dataset":${JSON.stringify(r.dataset.name)},"columns":${JSON.stringify(r.columns.map((c) => ({ name: c.name, label: c.label, type: c.type.toUpperCase(), role: c.role.toUpperCase() })))},"rows":[`);
  for (let i = 0; i < r.rows.length; i += CHUNK) {
    const part = r.rows.slice(i, i + CHUNK).map((row) => JSON.stringify(row)).join(',');
    await writeChunk(res, (i ? ',' : '') + part);
  }
  await writeChunk(res, `],"totalRows":${r.totalRows},"truncated":${r.truncated}}`);
}

/**
 * GET /export?format=csv|json&query=<InsightQuery JSON> or &messageId=<answer id>: the rows of a
 * structured query or of a chat answer (run again, in full), as a download. The request gate
 * authenticates it like /graphql; it runs through the insight service as the caller, so row
 * filters and dataset scope apply exactly as they do to answers.
 */
export function exportRoute(deps: ExportDeps) {
  const { services } = deps;
  return async (req: Request, res: Response): Promise<void> => {
    try {
      const format = param(req, 'format') ?? 'csv';
      if (format !== 'csv' && format !== 'json') throw badInput(`format must be csv or json, not '${format.slice(0, 20)}'`, { field: 'format' });
      const queryText = param(req, 'query');
      const messageId = param(req, 'messageId');
      if ((queryText === null) === (messageId === null)) throw badInput('give exactly one of query (an InsightQuery as JSON) or messageId (a chat answer)', { field: 'query' });
      // The request gate (src/server/requestGate.ts) authenticated the request before this route.
      const principal = (res.locals.principal as Principal | undefined) ?? currentPrincipal();
      if (!principal) throw new AppError(ErrorCode.UNAUTHENTICATED, 'the request was not authenticated');
      const result = await runAs(principal, async () => {
        const q = queryText !== null ? parseQuery(queryText) : await messageQuery(services, principal, messageId!);
        if (typeof q.dataset === 'string' && !canSeeDataset(principal, q.dataset)) throw new AppError(ErrorCode.DATASET_NOT_FOUND, `dataset '${q.dataset.slice(0, 100)}' does not exist`, { dataset: q.dataset.slice(0, 100) });
        // An export is the whole result, up to the server's row cap, not the default page.
        return services.insights.run({ ...q, limit: typeof q.limit === 'number' ? q.limit : services.config.maxRows });
      });
      const name = `${result.dataset.name}-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '')}.${format}`;
      res.status(200);
      res.setHeader('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
      res.setHeader('content-disposition', `attachment; filename="${name}"`);
      res.setHeader('cache-control', 'no-store');
      res.setHeader('x-insightql-total-rows', String(result.totalRows));
      res.setHeader('x-insightql-truncated', String(result.truncated));
      await (format === 'csv' ? streamCsv(res, result) : streamJson(res, result));
      res.end();
    } catch (e) {
      sendHttpError(res, e, services.log, 'export failed');
    }
  };
}
