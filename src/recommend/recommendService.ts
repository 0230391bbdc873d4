import { ownerOf } from '../auth/owner.js';
import type { Principal } from '../auth/principal.js';
import { currentPrincipal } from '../auth/requestScope.js';
import type { InsightQuery } from '../insights/insightQuery.js';
import type { AutoInsightReport } from '../models/autoInsights/insightScanner.js';
import { AppError, badInput, ErrorCode } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { CatalogRepository } from '../warehouse/catalogRepository.js';
import type { SqlRunner } from '../warehouse/sqlRunner.js';
import { CooccurrenceModel, withColdStart, type Reason } from './core/cooccurrence.js';
import { itemId, MAX_ITEM_TEXT, type ItemKind } from './core/itemId.js';
import { RecommendStore, type Scope } from './recommendStore.js';

export interface RecommendedItem {
  id: string;
  kind: ItemKind;
  text: string;
  score: number;
  reasons: Reason[];
  /** An insight's supporting query. */
  query: InsightQuery | null;
}

export interface RecommendOptions {
  /** How long a ranking waits for a first auto-insight scan (it goes on in the background and serves the next one). */
  insightWaitMs?: number;
  /** How long a dataset's auto insights are reused. */
  insightTtlMs?: number;
}

const MAX_LIMIT = 20;
/** How old a model an answer's suggestions may use. */
const ASK_STALE_MS = 30_000;
const COLD_START_INSIGHTS = 10;
/** Cached models and insight scans kept at most (per tenant, dataset and scope). */
const MAX_CACHED = 500;

type Scan = (dataset: string, limit: number) => Promise<AutoInsightReport>;

/**
 * Next questions and auto insights for a conversation: item-to-item co-occurrence over the
 * tenant's stored conversations of the dataset (what was asked next, what was found helpful, what
 * was opened), with auto insights as the cold start. Everything stays in the caller's tenant; a
 * key with row filters draws only on its own conversations (another key's questions could name
 * values its filters hide), and its insights are scanned through its filters.
 */
export class RecommendService {
  private readonly store: RecommendStore;
  private readonly models = new Map<string, { stamp: string; at: number; model: CooccurrenceModel }>();
  private readonly insights = new Map<string, { at: number; items: Promise<RecommendedItem[]> }>();

  constructor(
    db: SqlRunner,
    private readonly catalog: CatalogRepository,
    private readonly scan: Scan,
    private readonly log: Logger,
    private readonly opts: RecommendOptions = {},
  ) {
    this.store = new RecommendStore(db);
  }

  /** Ranked next items for `dataset`, after what `conversationId` (the caller's) asked and opened. */
  async recommend(p: Principal, dataset: string, conversationId: string | null, limit = 5): Promise<RecommendedItem[]> {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw badInput(`limit must be a whole number from 1 to ${MAX_LIMIT}, got ${String(limit)}`, { field: 'limit' });
    const ds = await this.catalog.getCatalogDataset(dataset);
    const scope = scopeOf(p);
    if (conversationId !== null && !(await this.store.ownsConversation(scope, conversationId))) throw notFound(conversationId);
    const model = await this.model(scope, ds.name);
    const own = conversationId ? await this.store.sessions(scope, ds.name, conversationId) : new Map();
    const context = [...own.values()].flat().map((s) => s.id);
    const exclude = new Set(context);
    const ranked = model.rank(context, exclude, limit);
    if (ranked.length >= limit) return ranked.map((r) => ({ ...r, query: null }));
    const cold = await this.coldStart(p, scope, ds.name);
    const filled = withColdStart(ranked, cold, exclude, limit);
    const queries = new Map(cold.map((c) => [c.id, c.query]));
    return filled.map((r) => ({ ...r, query: queries.get(r.id) ?? null }));
  }

  /**
   * Questions users asked next after `question` on this dataset (for an answer's suggestions): the
   * learned part only, never the cold start. Every ask adds a turn, so on a busy dataset the exact
   * model would be rebuilt per question: the answer path takes one up to `ASK_STALE_MS` old.
   */
  async askedNext(dataset: string, question: string, limit = 2): Promise<string[]> {
    const p = currentPrincipal();
    if (!p) return [];
    const model = await this.model(scopeOf(p), dataset, ASK_STALE_MS);
    const id = itemId('question', question);
    return model
      .rank([id], new Set([id]), limit, { popular: false })
      .filter((r) => r.kind === 'question')
      .map((r) => r.text);
  }

  /** Records that the caller opened a recommended item (a question or an insight). */
  async recordOpened(p: Principal, input: { dataset: string; kind: ItemKind; text: string; conversationId: string | null }): Promise<boolean> {
    const text = typeof input.text === 'string' ? input.text.trim() : '';
    if (!text) throw badInput('text must name the item opened (its question or sentence)', { field: 'text' });
    if (text.length > MAX_ITEM_TEXT) throw badInput(`text is longer than ${MAX_ITEM_TEXT} characters`, { field: 'text' });
    if (input.kind !== 'question' && input.kind !== 'insight') throw badInput('kind must be QUESTION or INSIGHT', { field: 'kind' });
    const ds = await this.catalog.getCatalogDataset(input.dataset);
    const scope = scopeOf(p);
    if (input.conversationId !== null && !(await this.store.ownsConversation(scope, input.conversationId))) throw notFound(input.conversationId);
    await this.store.recordOpened(scope, { dataset: ds.name, conversationId: input.conversationId?.toLowerCase() ?? null, kind: input.kind, text });
    return true;
  }

  /** The dataset's model, rebuilt when a turn or an opened item was added since (by any process). */
  private async model(scope: Scope, dataset: string, staleOkMs = 0): Promise<CooccurrenceModel> {
    const key = cacheKey(scope, dataset);
    const hit = this.models.get(key);
    if (hit && Date.now() - hit.at < staleOkMs) return hit.model;
    const stamp = await this.store.stamp(scope, dataset);
    if (hit && hit.stamp === stamp) return hit.model;
    const model = new CooccurrenceModel([...(await this.store.sessions(scope, dataset)).values()]);
    if (this.models.size > MAX_CACHED) this.models.clear();
    this.models.set(key, { stamp, at: Date.now(), model });
    return model;
  }

  /** Auto insights as items, scanned once per dataset and scope for a while; a slow first scan does not hold the ranking. */
  private async coldStart(p: Principal, scope: Scope, dataset: string): Promise<RecommendedItem[]> {
    const key = `${cacheKey(scope, dataset)}\u0000${JSON.stringify(p.rowFilters)}`;
    const ttl = this.opts.insightTtlMs ?? 10 * 60_000;
    let entry = this.insights.get(key);
    if (!entry || Date.now() - entry.at > ttl) {
      const items = this.scan(dataset, COLD_START_INSIGHTS).then(
        (r) => r.insights.map((i) => ({ id: itemId('insight', i.sentence), kind: 'insight' as const, text: i.sentence.slice(0, MAX_ITEM_TEXT), score: i.score, reasons: ['auto_insight' as const], query: i.query })),
        (e) => {
          this.log.warn({ err: (e as Error).message, dataset }, 'auto insights for recommendations failed');
          this.insights.delete(key);
          return [] as RecommendedItem[];
        },
      );
      if (this.insights.size > MAX_CACHED) this.insights.clear();
      entry = { at: Date.now(), items };
      this.insights.set(key, entry);
    }
    const wait = this.opts.insightWaitMs ?? 3_000;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<RecommendedItem[]>((resolve) => (timer = setTimeout(() => resolve([]), wait)));
    try {
      return await Promise.race([entry.items, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}

function scopeOf(p: Principal): Scope {
  return { tenant: p.tenantId, owner: ownerOf(p), ownerOnly: p.rowFilters.length > 0 };
}

const cacheKey = (s: Scope, dataset: string) => `${s.tenant}\u0000${dataset.toLowerCase()}\u0000${s.ownerOnly ? (s.owner ?? '') : '*'}`;

const notFound = (id: string) => new AppError(ErrorCode.NOT_FOUND, `no conversation '${id.length > 80 ? `${id.slice(0, 80)}…` : id}'`, { id: id.slice(0, 80) });
