import { currentTenant } from '../auth/requestScope.js';
import type { LearnedSynonym } from '../nlp/vocabulary.js';
import type { Warehouse } from '../warehouse/warehouse.js';

/** One stored learned word as its owner (or, for a tenant-wide one, anyone of the tenant) may see it. */
export interface StoredLearnedWord {
  id: string;
  datasetName: string;
  phrase: string;
  target: LearnedSynonym['target'];
  tenantWide: boolean;
  /** The question it was learned from, while that conversation is kept and belongs to the caller. */
  question: string | null;
  createdAt: string;
}

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));

/**
 * The question a word was learned from. A reply to a question back is stored with the answer to
 * the reply, whose own text is only the reply ("highest wind"): when that answer resumed a
 * question (a 'resumed: …' note), the question is the one the clarification before it carried.
 * Only the caller's own conversations are read (`c`), so a tenant-wide word taught by someone else
 * shows no question: conversations stay their owner's.
 */
const QUESTION_SQL = `CASE WHEN c.id IS NULL THEN NULL
  WHEN EXISTS (SELECT 1 FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(m.plan->'notes') = 'array' THEN m.plan->'notes' ELSE '[]'::jsonb END) AS n(note) WHERE n.note LIKE 'resumed: %')
    THEN coalesce((SELECT p.plan->'resume'->>'question' FROM chat.messages p
                   WHERE p.conversation_id = m.conversation_id AND p.role = 'assistant' AND p.seq < m.seq ORDER BY p.seq DESC LIMIT 1), m.question)
  ELSE m.question END`;

/**
 * SQL for listing and removing learned words (`chat.learned_synonyms`). Scope is checked in the
 * statement that reads or deletes: another owner's word, or another tenant's, reads as missing.
 */
export class LearnedWordRepository {
  constructor(private readonly wh: Warehouse) {}

  /** `owner`'s own words and the tenant-wide ones for one dataset: own first, newest first. */
  async list(owner: string | null, datasetName: string): Promise<StoredLearnedWord[]> {
    const rows = await this.wh.query<Record<string, unknown>>(
      `SELECT l.id, l.dataset_name, l.phrase, l.target, l.tenant_wide, l.created_at, ${QUESTION_SQL} AS question
       FROM chat.learned_synonyms l
       LEFT JOIN chat.messages m ON m.id = l.message_id AND m.tenant_id = l.tenant_id
       LEFT JOIN chat.conversations c ON c.id = m.conversation_id AND c.tenant_id = l.tenant_id AND c.owner IS NOT DISTINCT FROM $2
       WHERE l.tenant_id = $1 AND (l.tenant_wide OR l.owner IS NOT DISTINCT FROM $2) AND l.dataset_name = $3
       ORDER BY l.tenant_wide, l.created_at DESC, l.id`,
      [currentTenant(), owner, datasetName],
    );
    return rows.map(toWord);
  }

  /** One word `owner` may see (its own or a tenant-wide one), or null; its question is not read. */
  async find(id: string, owner: string | null): Promise<StoredLearnedWord | null> {
    const [row] = await this.wh.query<Record<string, unknown>>(
      `SELECT id, dataset_name, phrase, target, tenant_wide, created_at FROM chat.learned_synonyms
       WHERE id = $1 AND tenant_id = $2 AND (tenant_wide OR owner IS NOT DISTINCT FROM $3)`,
      [id, currentTenant(), owner],
    );
    return row ? toWord({ ...row, question: null }) : null;
  }

  /** Deletes the word: `owner`'s own, or (tenantWide) the tenant's. False when it was not there. */
  async remove(id: string, owner: string | null, tenantWide: boolean): Promise<boolean> {
    const rows = await this.wh.query(
      `DELETE FROM chat.learned_synonyms
       WHERE id = $1 AND tenant_id = $2 AND CASE WHEN $4::boolean THEN tenant_wide ELSE NOT tenant_wide AND owner IS NOT DISTINCT FROM $3 END
       RETURNING id`,
      [id, currentTenant(), owner, tenantWide],
    );
    return rows.length > 0;
  }
}

function toWord(r: Record<string, unknown>): StoredLearnedWord {
  const target = (typeof r.target === 'string' ? JSON.parse(r.target) : r.target) as LearnedSynonym['target'];
  return {
    id: String(r.id),
    datasetName: String(r.dataset_name),
    phrase: String(r.phrase),
    target,
    tenantWide: r.tenant_wide === true,
    question: r.question == null ? null : String(r.question),
    createdAt: iso(r.created_at),
  };
}
