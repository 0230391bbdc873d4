import { canSeeDataset, type Principal } from '../auth/principal.js';
import type { Answer } from '../chat/answer.js';
import { ChatRepository, isUuid } from '../chat/chatRepository.js';
import type { InsightService } from '../insights/insightService.js';
import { chartSpec } from '../nlp/answer/chart.js';
import { ANSWER_THRESHOLD } from '../nlp/confidence.js';
import { answerText } from '../nlp/answer/text.js';
import type { ModelPlan, Plan, QueryPlan } from '../nlp/plan.js';
import { AppError, ErrorCode, badInput } from '../shared/errors.js';
import type { Warehouse } from '../warehouse/warehouse.js';

/** A pinned answer: the question and the plan that answered it, re-run whenever it is viewed. */
export interface SavedQuestion {
  id: string;
  title: string;
  question: string;
  dataset: string;
  plan: QueryPlan | ModelPlan;
  sourceMessageId: string | null;
  createdBy: string | null;
  createdAt: string;
}

const MAX_TITLE = 200;

const notFound = (id: string) => new AppError(ErrorCode.NOT_FOUND, `no saved question '${id.slice(0, 80)}'`, { id: id.slice(0, 80) });

function toSaved(r: Record<string, unknown>): SavedQuestion {
  return {
    id: String(r.id),
    title: String(r.title),
    question: String(r.question),
    dataset: String(r.dataset),
    plan: r.plan as QueryPlan | ModelPlan,
    sourceMessageId: (r.source_message_id as string | null) ?? null,
    createdBy: (r.created_by as string | null) ?? null,
    createdAt: r.created_at instanceof Date ? r.created_at.toISOString() : String(r.created_at),
  };
}

/** A model plan re-runs as the query under it: the rows a board shows are the series. */
function runnablePlan(p: QueryPlan | ModelPlan): QueryPlan {
  if (p.kind === 'query') return p;
  return { kind: 'query', intent: p.query.time?.grain ? 'trend' : 'aggregate', query: p.query, restatement: p.restatement, confidence: p.confidence, notes: p.notes };
}

/**
 * Saved questions of a tenant (the board). Every statement names the tenant, so another tenant's
 * question reads as missing; embed tokens may view those on their datasets but not change any.
 */
export class SavedQuestionService {
  private readonly chat: ChatRepository;

  constructor(
    private readonly wh: Warehouse,
    private readonly insights: InsightService,
  ) {
    this.chat = new ChatRepository(wh);
  }

  /** Pins an answer the caller may see (its conversation is the caller's). */
  async save(p: Principal, owner: string | null, input: { messageId: string; title?: string | null }): Promise<SavedQuestion> {
    if (p.kind === 'embed') throw new AppError(ErrorCode.FORBIDDEN, 'embed tokens are read-only: they cannot save questions');
    const msg = await this.chat.assistantMessage(String(input.messageId ?? ''), owner);
    const plan = msg.plan as Plan | null;
    if (!plan || plan.kind === 'clarify') throw badInput('only an answer with a result can be pinned, not a clarification', { field: 'messageId' });
    if (!canSeeDataset(p, plan.query.dataset)) throw notFound(String(input.messageId));
    const title = (input.title ?? '').trim() || plan.restatement.charAt(0).toUpperCase() + plan.restatement.slice(1);
    if (title.length > MAX_TITLE) throw badInput(`title is longer than ${MAX_TITLE} characters`, { field: 'title' });
    const [row] = await this.wh.query<Record<string, unknown>>(
      `INSERT INTO catalog.saved_questions (tenant_id, title, question, dataset, plan, source_message_id, created_by)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7) RETURNING *`,
      [p.tenantId, title, msg.question, plan.query.dataset, JSON.stringify(plan), msg.id, p.keyId],
    );
    return toSaved(row!);
  }

  /** The tenant's saved questions, newest first (for an embed token, those on its datasets). */
  async list(p: Principal): Promise<SavedQuestion[]> {
    const rows = await this.wh.query<Record<string, unknown>>(`SELECT * FROM catalog.saved_questions WHERE tenant_id = $1 ORDER BY created_at DESC, id LIMIT 500`, [p.tenantId]);
    return rows.map(toSaved).filter((s) => canSeeDataset(p, s.dataset));
  }

  async get(p: Principal, id: string): Promise<SavedQuestion> {
    if (!isUuid(id)) throw notFound(id);
    const [row] = await this.wh.query<Record<string, unknown>>(`SELECT * FROM catalog.saved_questions WHERE id = $1 AND tenant_id = $2`, [id, p.tenantId]);
    if (!row) throw notFound(id);
    const s = toSaved(row);
    if (!canSeeDataset(p, s.dataset)) throw notFound(id);
    return s;
  }

  /** Deletes one; false when there was none (or it was another tenant's). */
  async delete(p: Principal, id: string): Promise<boolean> {
    if (p.kind === 'embed') throw new AppError(ErrorCode.FORBIDDEN, 'embed tokens are read-only: they cannot delete saved questions');
    if (!isUuid(id)) return false;
    const rows = await this.wh.query(`DELETE FROM catalog.saved_questions WHERE id = $1 AND tenant_id = $2 RETURNING id`, [id, p.tenantId]);
    return rows.length > 0;
  }

  /** Runs a saved question now, through the insight service (so the caller's row filters apply), with its chart. */
  async run(s: SavedQuestion): Promise<Answer> {
    const plan = runnablePlan(s.plan);
    const r = await this.insights.run(plan.query);
    const rs = { columns: r.columns.map((c) => c.name), rows: r.rows };
    return {
      text: answerText(plan, rs, r.dataset),
      dataset: r.dataset.name,
      interpretation: { intent: s.plan.intent, query: plan.query, restatement: plan.restatement, notes: plan.notes },
      result: { columns: r.columns, rows: r.rows, totalRows: r.totalRows, truncated: r.truncated },
      chart: chartSpec(plan, rs, r.dataset),
      confidence: plan.confidence,
      // A pinned answer keeps saying it was a tentative reading: re-running it does not make it surer.
      lowConfidence: plan.confidence < ANSWER_THRESHOLD,
      suggestions: [],
      clarification: null,
      conversationId: '',
      messageId: s.sourceMessageId ?? s.id,
    };
  }
}
