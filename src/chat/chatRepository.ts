import type { Plan } from '../nlp/plan.js';
import { DEFAULT_TENANT } from '../auth/principal.js';
import { currentTenant } from '../auth/requestScope.js';
import type { LearnedSynonym } from '../nlp/vocabulary.js';
import type { InsightQuery } from '../insights/insightQuery.js';
import { AppError, ErrorCode } from '../shared/errors.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import type { Answer } from './answer.js';

/** A conversation as its owner may see it; `lastPlan` is the plan a follow-up builds on. */
export interface ConversationHead {
  id: string;
  lastPlan: Plan | null;
}

export interface StoredMessage {
  id: string;
  conversationId: string;
  seq: number;
  role: 'user' | 'assistant';
  question: string;
  dataset: string | null;
  plan: Plan | null;
  answer: Answer | null;
  createdAt: string;
}

export interface TurnToSave {
  conversationId: string;
  /** True when the conversation row must be created with this turn. */
  isNew: boolean;
  owner: string | null;
  userMessageId: string;
  assistantMessageId: string;
  question: string;
  dataset: string | null;
  plan: Plan;
  answer: Answer;
}

/** A training example from feedback: the question with catalog words as slots, and, for a corrected query, the query itself. */
export interface StoredExample {
  datasetName: string;
  questionKey: string;
  text: string;
  intent: string;
  query: InsightQuery | null;
}

/** Whom feedback teaches: the client or key that gave it (`owner`), or its whole tenant. */
export interface LearningScope {
  owner: string | null;
  tenantWide: boolean;
}

const UNIQUE_VIOLATION = '23505';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `id` could be a stored id (anything else cannot exist, and must not reach SQL as a uuid). */
export const isUuid = (id: string): boolean => UUID.test(id);

const notFound = (what: string, id: string) => new AppError(ErrorCode.NOT_FOUND, `no ${what} '${id.length > 80 ? `${id.slice(0, 80)}…` : id}'`, { id: id.slice(0, 80) });

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));

/**
 * SQL for the chat tables (schema `chat`). Every statement is parameterized; ownership is checked
 * in the same statement that reads, so a conversation of another client reads as missing.
 */
export class ChatRepository {
  constructor(private readonly wh: Warehouse) {}

  /** The conversation with its last answered plan; NOT_FOUND when missing or owned by another client. */
  async conversationHead(id: string, owner: string | null): Promise<ConversationHead> {
    if (!isUuid(id)) throw notFound('conversation', id);
    // The latest plan that answered something (a clarification in between does not reset the
    // context), or a clarification that waits for its reply (it carries the question to resume);
    // only other clarifications so far: the latest of those.
    const [row] = await this.wh.query<{ id: string; plan: Plan | null }>(
      `SELECT c.id,
         (SELECT m.plan FROM chat.messages m WHERE m.conversation_id = c.id AND m.role = 'assistant' ORDER BY (m.plan->>'kind' = 'clarify' AND (m.plan->'resume') IS NULL), m.seq DESC LIMIT 1) AS plan
       FROM chat.conversations c WHERE c.id = $1 AND c.owner IS NOT DISTINCT FROM $2 AND c.tenant_id = $3`,
      [id, owner, currentTenant()],
    );
    if (!row) throw notFound('conversation', id);
    return { id: row.id, lastPlan: row.plan };
  }

  /** Every message of a conversation in order; NOT_FOUND when missing or owned by another client. */
  async messages(conversationId: string, owner: string | null): Promise<{ id: string; createdAt: string; messages: StoredMessage[] }> {
    if (!isUuid(conversationId)) throw notFound('conversation', conversationId);
    const rows = await this.wh.query<Record<string, unknown>>(
      `SELECT c.id AS cid, c.created_at AS c_created, m.id, m.seq, m.role, m.question, m.dataset, m.plan, m.answer, m.created_at
       FROM chat.conversations c LEFT JOIN chat.messages m ON m.conversation_id = c.id
       WHERE c.id = $1 AND c.owner IS NOT DISTINCT FROM $2 AND c.tenant_id = $3 ORDER BY m.seq`,
      [conversationId, owner, currentTenant()],
    );
    if (!rows.length) throw notFound('conversation', conversationId);
    const messages = rows.filter((r) => r.id != null).map((r) => toMessage(r, conversationId));
    return { id: String(rows[0]!.cid), createdAt: iso(rows[0]!.c_created), messages };
  }

  /** One assistant message, if the caller may see it. */
  async assistantMessage(id: string, owner: string | null): Promise<StoredMessage> {
    if (!isUuid(id)) throw notFound('message', id);
    const [row] = await this.wh.query<Record<string, unknown>>(
      `SELECT m.id, m.conversation_id, m.seq, m.role, m.question, m.dataset, m.plan, m.answer, m.created_at
       FROM chat.messages m JOIN chat.conversations c ON c.id = m.conversation_id
       WHERE m.id = $1 AND m.role = 'assistant' AND c.owner IS NOT DISTINCT FROM $2 AND c.tenant_id = $3`,
      [id, owner, currentTenant()],
    );
    if (!row) throw notFound('message', id);
    return toMessage(row, String(row.conversation_id));
  }

  /**
   * Stores one turn (the question and its answer) in one statement, creating the conversation if
   * new; returns the turn's position. Two turns racing in one conversation meet on the unique
   * (conversation, seq) key: the loser retries with the next position.
   */
  async saveTurn(t: TurnToSave): Promise<number> {
    const conv = t.isNew
      ? `INSERT INTO chat.conversations (id, owner, tenant_id) VALUES ($1, $2, $9)`
      : `UPDATE chat.conversations SET updated_at = now() WHERE id = $1 AND owner IS NOT DISTINCT FROM $2 AND tenant_id = $9`;
    // A chat turn is not worth a disk flush on the request path: synchronous_commit is turned off
    // for this statement's own transaction (set_config(…, true)), so its commit returns at once.
    // A crash can lose the last turns, never corrupt or half-write one.
    const sql = `WITH s AS (SELECT set_config('synchronous_commit', 'off', true) AS v),
       c AS (${conv} RETURNING id),
       n AS (SELECT coalesce(max(seq), 0) AS last FROM chat.messages WHERE conversation_id = $1)
       INSERT INTO chat.messages (id, conversation_id, seq, role, question, dataset, plan, answer, tenant_id)
       SELECT v.id, c.id, n.last + v.k, v.role, $6, $5, v.plan, v.answer, $9
       FROM s, c, n, (VALUES ($3::uuid, 1, 'user', NULL::jsonb, NULL::jsonb),
                             ($4::uuid, 2, 'assistant', $7::jsonb, $8::jsonb)) AS v(id, k, role, plan, answer)
       RETURNING seq`;
    const values = [t.conversationId, t.owner, t.userMessageId, t.assistantMessageId, t.dataset, t.question, JSON.stringify(t.plan), JSON.stringify(t.answer), currentTenant()];
    for (let attempt = 0; ; attempt++) {
      try {
        const rows = await this.wh.query<{ seq: number }>(sql, values);
        if (!rows.length) throw notFound('conversation', t.conversationId);
        return Math.min(...rows.map((r) => Number(r.seq)));
      } catch (e) {
        if ((e as { code?: string }).code === UNIQUE_VIOLATION && !t.isNew && attempt < 5) continue;
        throw e;
      }
    }
  }

  /** Records feedback on a message. */
  async addFeedback(messageId: string, helpful: boolean, correction: unknown): Promise<void> {
    await this.wh.query(`INSERT INTO chat.feedback (message_id, helpful, correction, tenant_id) VALUES ($1, $2, $3::jsonb, $4)`, [
      messageId,
      helpful,
      correction == null ? null : JSON.stringify(correction),
      currentTenant(),
    ]);
  }

  /** Learned synonyms of every dataset that apply to `owner`: its own and the tenant-wide ones (its own win). */
  async learnedSynonyms(owner: string | null): Promise<LearnedSynonym[]> {
    const rows = await this.wh.query<{ dataset_name: string; phrase: string; target: LearnedSynonym['target'] }>(
      `SELECT dataset_name, phrase, target FROM chat.learned_synonyms
       WHERE tenant_id = $1 AND (tenant_wide OR owner IS NOT DISTINCT FROM $2)
       ORDER BY tenant_wide DESC, created_at`,
      [currentTenant(), owner],
    );
    return rows.map((r) => ({ datasetName: r.dataset_name, phrase: r.phrase, target: r.target }));
  }

  /** How many words `owner` (not tenant-wide) has learned for a dataset. */
  async learnedCount(owner: string | null, datasetName: string): Promise<number> {
    const [r] = await this.wh.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM chat.learned_synonyms WHERE tenant_id = $1 AND NOT tenant_wide AND owner IS NOT DISTINCT FROM $2 AND dataset_name = $3`,
      [currentTenant(), owner, datasetName],
    );
    return r?.n ?? 0;
  }

  /** Saves synonyms; a phrase already learned for the dataset takes the newest meaning. */
  async saveSynonyms(list: readonly LearnedSynonym[], messageId: string | null, scope: LearningScope): Promise<void> {
    for (const s of list) {
      await this.wh.query(
        `INSERT INTO chat.learned_synonyms (dataset_name, phrase, target, message_id, tenant_id, owner, tenant_wide) VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7)
         ON CONFLICT (tenant_id, (coalesce(owner, '')), tenant_wide, dataset_name, phrase) DO UPDATE SET target = EXCLUDED.target, message_id = EXCLUDED.message_id, created_at = now()`,
        [s.datasetName, s.phrase, JSON.stringify(s.target), messageId, currentTenant(), scope.tenantWide ? null : scope.owner, scope.tenantWide],
      );
    }
  }

  /** Training examples from feedback that apply to `owner` (its own and the tenant-wide ones), oldest first. */
  async examples(owner: string | null): Promise<StoredExample[]> {
    const rows = await this.wh.query<{ dataset_name: string; question_key: string; text: string; intent: string; query: InsightQuery | null }>(
      `SELECT dataset_name, question_key, text, intent, query FROM chat.training_examples
       WHERE tenant_id = $1 AND (tenant_wide OR owner IS NOT DISTINCT FROM $2) ORDER BY tenant_wide DESC, created_at, id`,
      [currentTenant(), owner],
    );
    return rows.map((r) => ({ datasetName: r.dataset_name, questionKey: r.question_key, text: r.text, intent: r.intent, query: r.query }));
  }

  /**
   * The examples the shared intent model learns from: the default tenant's tenant-wide ones only,
   * so no key's or other tenant's corrections change how anyone else's questions are classified.
   */
  async intentExamples(): Promise<StoredExample[]> {
    const rows = await this.wh.query<{ dataset_name: string; question_key: string; text: string; intent: string; query: InsightQuery | null }>(
      `SELECT dataset_name, question_key, text, intent, query FROM chat.training_examples WHERE tenant_id = $1 AND tenant_wide ORDER BY created_at, id`,
      [DEFAULT_TENANT],
    );
    return rows.map((r) => ({ datasetName: r.dataset_name, questionKey: r.question_key, text: r.text, intent: r.intent, query: r.query }));
  }

  /** Saves an example; the same question corrected again keeps the newest correction. */
  async saveExample(e: StoredExample, messageId: string | null, scope: LearningScope): Promise<void> {
    await this.wh.query(
      `INSERT INTO chat.training_examples (dataset_name, question_key, text, intent, query, message_id, tenant_id, owner, tenant_wide) VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9)
       ON CONFLICT (tenant_id, (coalesce(owner, '')), tenant_wide, dataset_name, question_key) DO UPDATE SET text = EXCLUDED.text, intent = EXCLUDED.intent, query = EXCLUDED.query, message_id = EXCLUDED.message_id, created_at = now()`,
      [e.datasetName, e.questionKey, e.text, e.intent, e.query ? JSON.stringify(e.query) : null, messageId, currentTenant(), scope.tenantWide ? null : scope.owner, scope.tenantWide],
    );
  }

  /** The stored intent model trained on exactly this corpus and these examples, if any. */
  async intentModel(fingerprint: string): Promise<string | null> {
    const [row] = await this.wh.query<{ model: string }>(`SELECT model FROM chat.intent_models WHERE fingerprint = $1`, [fingerprint]);
    return row?.model ?? null;
  }

  /** Stores a trained model; older fingerprints are dropped (only the current training set matters). */
  async saveIntentModel(fingerprint: string, model: string, examples: number): Promise<void> {
    await this.wh.transaction(async (tx) => {
      await tx.query(`DELETE FROM chat.intent_models WHERE fingerprint <> $1`, [fingerprint]);
      await tx.query(
        `INSERT INTO chat.intent_models (fingerprint, model, examples) VALUES ($1, $2, $3)
         ON CONFLICT (fingerprint) DO UPDATE SET model = EXCLUDED.model, examples = EXCLUDED.examples, trained_at = now()`,
        [fingerprint, model, examples],
      );
    });
  }
}

function toMessage(r: Record<string, unknown>, conversationId: string): StoredMessage {
  return {
    id: String(r.id),
    conversationId,
    seq: Number(r.seq),
    role: r.role as 'user' | 'assistant',
    question: String(r.question),
    dataset: (r.dataset as string | null) ?? null,
    plan: (r.plan as Plan | null) ?? null,
    answer: (r.answer as Answer | null) ?? null,
    createdAt: iso(r.created_at),
  };
}
