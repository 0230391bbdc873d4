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
  /** How old a model an answer's suggestions may use before it is refreshed (default 30 s). */
  askStaleMs?: number;
  /** Past this age the answer path builds the model itself instead of serving it (default 10 minutes). */
  askMaxStaleMs?: number;
}

const MAX_LIMIT = 20;
/** How old a model an answer's suggestions may use. */
const ASK_STALE_MS = 30_000;
/** How old a model may grow on the answer path (its refreshes failing) before a request builds a fresh one. */
const ASK_MAX_STALE_MS = 10 * 60_000;
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
  private readonly models = new Map<string, { stamp: string; at: number; seq: number; model: CooccurrenceModel }>();
  /** The one build running per cache key, and the stamp it started from. */
  private readonly building = new Map<string, { stamp: string; model: Promise<CooccurrenceModel> }>();
  /** Keys whose answer-path refresh is under way (its stamp read included). */
  private readonly refreshing = new Set<string>();
  private builds = 0;
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
   * model would be rebuilt per question: the answer path uses the model it has and, once that is
   * older than `ASK_STALE_MS`, refreshes it in the background — one refresh per dataset at a time.
   */
  async askedNext(dataset: string, question: string, limit = 2): Promise<string[]> {
    const p = currentPrincipal();
    if (!p) return [];
    const model = await this.model(scopeOf(p), dataset, this.opts.askStaleMs ?? ASK_STALE_MS);
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

  /**
   * The dataset's model, rebuilt when a turn or an opened item was added since (by any process).
   * With `staleOkMs` (the answer path), a cached model is served as it is and refreshed in the
   * background once older than that, and a first model under way is joined: under load every question adds a turn, and when each question that found the model
   * stale rebuilt its own (read up to MAX_ROWS turns, build a model), dozens of rebuilds ran at
   * once, held the pool and the event loop, and no request completed for seconds.
   */
  private async model(scope: Scope, dataset: string, staleOkMs?: number): Promise<CooccurrenceModel> {
    const key = cacheKey(scope, dataset);
    const hit = this.models.get(key);
    if (hit && staleOkMs !== undefined) {
      const age = Date.now() - hit.at;
      // Past a hard ceiling (the background refresh keeps failing), the answer path builds the
      // model itself rather than serve one of any age.
      if (age < Math.max(staleOkMs, this.opts.askMaxStaleMs ?? ASK_MAX_STALE_MS)) {
        if (age >= staleOkMs) this.refreshInBackground(scope, dataset, key);
        return hit.model;
      }
    }
    const flying = this.building.get(key);
    if (flying && staleOkMs !== undefined) return flying.model;
    const stamp = await this.store.stamp(scope, dataset);
    const cached = this.models.get(key);
    if (cached && cached.stamp === stamp) return cached.model;
    return this.build(scope, dataset, key, stamp);
  }

  /** One answer-path refresh per key at a time; it only rebuilds when the stamp moved. */
  private refreshInBackground(scope: Scope, dataset: string, key: string): void {
    if (this.refreshing.has(key) || this.building.has(key)) return;
    this.refreshing.add(key);
    this.store
      .stamp(scope, dataset)
      .then(async (stamp) => {
        const cached = this.models.get(key);
        if (cached && cached.stamp === stamp) cached.at = Date.now();
        else await this.build(scope, dataset, key, stamp);
      })
      .catch((e: unknown) => this.log.warn({ err: (e as Error).message, dataset }, 'refreshing recommendations failed'))
      .finally(() => this.refreshing.delete(key));
  }

  /**
   * Builds the model as of `stamp`. A caller whose stamp matches a build in flight joins it (that
   * build reads the sessions after the stamp, so it holds everything the caller needs); a newer
   * stamp starts its own build, and an older build that finishes last never replaces a newer model.
   */
  private build(scope: Scope, dataset: string, key: string, stamp: string): Promise<CooccurrenceModel> {
    const flying = this.building.get(key);
    if (flying && flying.stamp === stamp) return flying.model;
    const seq = ++this.builds;
    const model = this.store.sessions(scope, dataset).then((sessions) => {
      const built = new CooccurrenceModel([...sessions.values()]);
      const cached = this.models.get(key);
      if (!cached || cached.seq < seq) {
        if (this.models.size > MAX_CACHED) this.models.clear();
        this.models.set(key, { stamp, at: Date.now(), seq, model: built });
      }
      return built;
    });
    const entry = { stamp, model };
    this.building.set(key, entry);
    const done = () => {
      if (this.building.get(key) === entry) this.building.delete(key);
    };
    model.then(done, done);
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
