import type { CatalogDataset } from '../shared/catalog.js';
import { buildVocabulary, DEFAULT_MAX_VALUES_PER_COLUMN, type LearnedSynonym, type Vocabulary } from '../nlp/vocabulary.js';
import type { CatalogRepository } from '../warehouse/catalogRepository.js';
import { quoteIdent, type Warehouse } from '../warehouse/warehouse.js';
import type { ChatRepository } from './chatRepository.js';
import { dropLearnedScopes, learnedScopeKey, type LearnedChange } from './learnedChanges.js';
import { loadWordNet } from './wordnetSource.js';
import { ownerOf } from '../auth/owner.js';
import { canSeeDataset, localPrincipal, type RowFilter } from '../auth/principal.js';
import { currentPrincipal } from '../auth/requestScope.js';
import { rowFilterSql } from '../auth/rowFilters.js';

/** Cached vocabularies (per dataset, tenant, owner and row filters) before the cache starts over. */
const MAX_ENTRIES = 2_000;

export interface VocabularyCacheOptions {
  /** Distinct values read per dimension column (most frequent first). */
  maxValuesPerColumn?: number;
  queryTimeoutMs: number;
  /**
   * Learned words are read again after this long even with no notice: a notice lost while this
   * process's bus connection was down leaves them stale at most this long. Default 60 s.
   */
  learnedMaxAgeMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

interface Entry {
  key: string;
  vocab: Vocabulary;
}

interface DatasetHead {
  id: string;
  name: string;
  version: number;
  row_count: number | string;
  table_name: string;
  updated_at: unknown;
}

/**
 * One vocabulary per dataset, built from the catalog, the distinct values of its dimension
 * columns and the synonyms learned from feedback. Each ask checks the datasets' versions in one
 * small statement; a dataset whose version, row count, table or learned synonyms changed is
 * rebuilt, the others are reused. Concurrent asks share one build.
 */
export class VocabularyCache {
  private readonly entries = new Map<string, Entry>();
  private readonly building = new Map<string, Promise<Entry>>();
  /** Learned synonyms per tenant and owner (see ownerOf). */
  private readonly learned = new Map<string, Promise<LearnedSynonym[]>>();
  private readonly learnedAt = new Map<string, number>();

  constructor(
    private readonly wh: Warehouse,
    private readonly catalog: CatalogRepository,
    private readonly repo: ChatRepository,
    private readonly opts: VocabularyCacheOptions,
  ) {}

  /**
   * Vocabularies of every dataset of the current tenant the principal may see, as it is now: with
   * the synonyms learned for it (its own and the tenant-wide ones) and only the values its key's
   * row filters let it see.
   */
  async current(): Promise<Vocabulary[]> {
    const principal = currentPrincipal() ?? localPrincipal();
    const tenant = principal.tenantId;
    const owner = ownerOf(principal);
    const heads = (
      await this.wh.query<DatasetHead>(`SELECT id, name, version, row_count, table_name, updated_at FROM catalog.datasets WHERE tenant_id = $1 ORDER BY name`, [tenant])
    ).filter((h) => canSeeDataset(principal, h.name));
    const learned = await this.learnedSynonyms(tenant, owner);
    // One entry per dataset, tenant, owner and row filters: none sees another's words or values.
    const scope = `${tenant}\u0000${owner ?? ''}\u0000${JSON.stringify(principal.rowFilters)}`;
    if (this.entries.size > MAX_ENTRIES) this.entries.clear();
    const out: Vocabulary[] = [];
    for (const h of heads) {
      // A dataset's vocabulary reads only its own learned synonyms: feedback on another keeps it.
      const own = JSON.stringify(learned.filter((s) => s.datasetName === h.name));
      const key = `${h.id}|${h.version}|${h.row_count}|${h.table_name}|${String(h.updated_at instanceof Date ? h.updated_at.toISOString() : h.updated_at)}|${own}`;
      const hit = this.entries.get(`${scope}\u0000${h.name}`);
      if (hit && hit.key === key) {
        out.push(hit.vocab);
        continue;
      }
      out.push((await this.build(`${scope}\u0000${h.name}`, h.name, key, learned, principal.rowFilters)).vocab);
    }
    return out;
  }

  /**
   * Learned words changed (a reply, feedback, a removal, here or in another process): drops the
   * cached words the change names, so the next ask reads them again and rebuilds the vocabularies
   * they touch. Other owners' and other tenants' entries stay.
   */
  dropLearned(change: LearnedChange): void {
    dropLearnedScopes(this.learned, change);
  }

  private learnedSynonyms(tenant: string, owner: string | null): Promise<LearnedSynonym[]> {
    const scope = learnedScopeKey(tenant, owner);
    const now = (this.opts.now ?? Date.now)();
    let cached = this.learned.get(scope);
    if (cached && now - (this.learnedAt.get(scope) ?? 0) > (this.opts.learnedMaxAgeMs ?? 60_000)) cached = undefined;
    if (!cached) {
      if (this.learned.size > MAX_ENTRIES) {
        this.learned.clear();
        this.learnedAt.clear();
      }
      const p = this.repo.learnedSynonyms(owner);
      cached = p;
      this.learned.set(scope, p);
      this.learnedAt.set(scope, now);
      p.catch(() => {
        if (this.learned.get(scope) === p) this.learned.delete(scope);
      });
    }
    return cached;
  }

  private build(entryKey: string, name: string, key: string, learned: readonly LearnedSynonym[], rowFilters: readonly RowFilter[]): Promise<Entry> {
    const pending = this.building.get(`${entryKey}|${key}`);
    if (pending) return pending;
    const p = (async () => {
      const ds = await this.catalog.getCatalogDataset(name);
      const [values, wordnet] = await Promise.all([this.dimensionValues(ds, rowFilters), loadWordNet()]);
      // A learned word may name a value of rows the key's filters hide: such a key keeps only the
      // words whose value it can see itself.
      const usable = rowFilters.length ? learned.filter((l) => l.target.kind !== 'value' || (values[l.target.column] ?? []).includes(l.target.value)) : learned;
      const vocab = buildVocabulary(ds, values, usable, { maxValuesPerColumn: this.cap(), ...(wordnet ? { wordnet } : {}) });
      const entry = { key, vocab };
      this.entries.set(entryKey, entry);
      return entry;
    })();
    this.building.set(`${entryKey}|${key}`, p);
    const done = () => this.building.delete(`${entryKey}|${key}`);
    p.then(done, done);
    return p;
  }

  private cap(): number {
    return this.opts.maxValuesPerColumn ?? DEFAULT_MAX_VALUES_PER_COLUMN;
  }

  /**
   * The most frequent distinct values of each text dimension column, in one read-only statement.
   * Identifier-like text columns (one row per entity: a state, a car model) are read too, so an
   * entity's name in a question links to its row.
   */
  async dimensionValues(ds: CatalogDataset, rowFilters: readonly RowFilter[] = []): Promise<Record<string, string[]>> {
    const cols = ds.columns.filter((c) => (c.role === 'dimension' || c.role === 'identifier') && c.type === 'text');
    if (!cols.length) return {};
    const scoped = rowFilterSql(ds, rowFilters, 2);
    // A row filter the dataset cannot apply hides its rows, and so its values.
    if (scoped === null) return Object.fromEntries(cols.map((c) => [c.name, []]));
    const table = `warehouse.${quoteIdent(ds.tableName)}`;
    // Identifiers come from the catalog and are quoted; the cap and filter values are bind parameters.
    const parts = cols.map(
      (c, i) =>
        `(SELECT ${i} AS i, ${quoteIdent(c.name)}::text AS v, count(*) AS n FROM ${table} WHERE ${quoteIdent(c.name)} IS NOT NULL${scoped.sql} GROUP BY 2 ORDER BY 3 DESC, 2 LIMIT $1)`,
    );
    const rows = await this.wh.readOnly(this.opts.queryTimeoutMs, (tx) => tx.query<{ i: number; v: string; n: number | string }>(parts.join(' UNION ALL '), [this.cap(), ...scoped.values]));
    const byCol: { v: string; n: number }[][] = cols.map(() => []);
    for (const r of rows) byCol[Number(r.i)]!.push({ v: r.v, n: Number(r.n) });
    const out: Record<string, string[]> = {};
    cols.forEach((c, i) => {
      out[c.name] = byCol[i]!.sort((a, b) => b.n - a.n || (a.v < b.v ? -1 : a.v > b.v ? 1 : 0)).map((x) => x.v);
    });
    return out;
  }
}
