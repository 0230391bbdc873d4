import type { SqlRunner } from '../warehouse/sqlRunner.js';
import type { Session, Step } from './core/cooccurrence.js';
import { itemId, type ItemKind } from './core/itemId.js';

/** Newest conversation turns and opened items read per dataset (older ones stop counting). */
const MAX_ROWS = 20_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whose history a ranking may draw on: the whole tenant, or (for a key with row filters) one owner's. */
export interface Scope {
  tenant: string;
  owner: string | null;
  ownerOnly: boolean;
}

interface TurnRow {
  c: string;
  question: string;
  answered: boolean;
  helpful: number;
  at: Date | string;
}

interface OpenedRow {
  c: string | null;
  kind: ItemKind;
  text: string;
  at: Date | string;
}

const ms = (v: Date | string) => (v instanceof Date ? v.getTime() : Date.parse(String(v)));

/** SQL for recommendations: a dataset's conversations as sessions, opened items, and a freshness stamp. */
export class RecommendStore {
  constructor(private readonly db: SqlRunner) {}

  /**
   * What changed last for this dataset (newest turn, newest opened item, the tenant's newest
   * verdict): a cached model built before it is stale. Three index lookups, so every ranking can
   * afford it and processes agree.
   */
  async stamp(scope: Scope, dataset: string): Promise<string> {
    const [r] = await this.db.query<{ m: unknown; o: unknown; f: unknown }>(
      // As text in SQL: a timestamp through a JS Date keeps milliseconds and String() only seconds,
      // so a turn within the same second as the cached model would not have made it stale.
      `SELECT (SELECT max(created_at)::text FROM chat.messages WHERE tenant_id = $1 AND lower(dataset) = lower($2)) AS m,
              (SELECT max(id)::text FROM chat.opened_items WHERE tenant_id = $1 AND lower(dataset) = lower($2)) AS o,
              (SELECT max(created_at)::text FROM chat.feedback WHERE tenant_id = $1) AS f`,
      [scope.tenant, dataset],
    );
    return `${String(r?.m ?? '')}|${String(r?.o ?? '')}|${String(r?.f ?? '')}`;
  }

  /** The dataset's conversations (or just one), newest first, each as its questions and opened items in order. */
  async sessions(scope: Scope, dataset: string, conversationId: string | null = null): Promise<Map<string, Session>> {
    const turns = await this.db.query<TurnRow>(
      `SELECT u.conversation_id::text AS c, u.question, u.created_at AS at,
              coalesce(jsonb_typeof(a.answer->'clarification'), 'null') = 'null' AS answered,
              coalesce((SELECT sum(CASE WHEN f.helpful THEN 1 ELSE -1 END) FROM chat.feedback f WHERE f.message_id = a.id AND f.tenant_id = $1), 0)::int AS helpful
         FROM chat.messages u
         JOIN chat.conversations cv ON cv.id = u.conversation_id AND cv.tenant_id = $1
         LEFT JOIN chat.messages a ON a.conversation_id = u.conversation_id AND a.seq = u.seq + 1 AND a.role = 'assistant'
        WHERE u.tenant_id = $1 AND lower(u.dataset) = lower($2) AND u.role = 'user' AND (NOT $4 OR cv.owner IS NOT DISTINCT FROM $3)
          AND ($5::uuid IS NULL OR u.conversation_id = $5::uuid)
        ORDER BY u.created_at DESC, u.seq DESC LIMIT ${MAX_ROWS}`,
      [scope.tenant, dataset, scope.owner, scope.ownerOnly, conversationId],
    );
    const opened = await this.db.query<OpenedRow>(
      `SELECT conversation_id::text AS c, kind, text, opened_at AS at FROM chat.opened_items
        WHERE tenant_id = $1 AND lower(dataset) = lower($2) AND (NOT $4 OR owner IS NOT DISTINCT FROM $3)
          AND ($5::uuid IS NULL OR conversation_id = $5::uuid)
        ORDER BY id DESC LIMIT ${MAX_ROWS}`,
      [scope.tenant, dataset, scope.owner, scope.ownerOnly, conversationId],
    );
    const raw = new Map<string, { at: number; step: Step }[]>();
    const push = (c: string, at: number, step: Step) => (raw.get(c) ?? raw.set(c, []).get(c)!).push({ at, step });
    for (const t of turns) push(t.c, ms(t.at), { id: itemId('question', t.question), kind: 'question', text: t.question, how: 'asked', answered: Boolean(t.answered), helpful: Number(t.helpful) });
    opened.forEach((o, i) => push(o.c ?? `opened:${i}`, ms(o.at), { id: itemId(o.kind, o.text), kind: o.kind, text: o.text, how: 'opened', answered: true, helpful: 0 }));
    const out = new Map<string, Session>();
    for (const [c, steps] of raw) out.set(c, steps.sort((x, y) => x.at - y.at).map((s) => s.step));
    return out;
  }

  /** Whether the conversation exists in the tenant and belongs to `owner`. */
  async ownsConversation(scope: Scope, id: string): Promise<boolean> {
    if (!UUID.test(id)) return false;
    const rows = await this.db.query(`SELECT 1 FROM chat.conversations WHERE id = $1 AND tenant_id = $2 AND owner IS NOT DISTINCT FROM $3`, [id, scope.tenant, scope.owner]);
    return rows.length > 0;
  }

  async recordOpened(scope: Scope, o: { dataset: string; conversationId: string | null; kind: ItemKind; text: string }): Promise<void> {
    await this.db.query(`INSERT INTO chat.opened_items (tenant_id, dataset, conversation_id, owner, kind, item_id, text) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      scope.tenant,
      o.dataset,
      o.conversationId,
      scope.owner,
      o.kind,
      itemId(o.kind, o.text),
      o.text,
    ]);
  }
}
