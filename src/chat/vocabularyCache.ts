import type { CatalogDataset } from '../shared/catalog.js';
import { buildVocabulary, DEFAULT_MAX_VALUES_PER_COLUMN, type LearnedSynonym, type Vocabulary } from '../nlp/vocabulary.js';
import type { CatalogRepository } from '../warehouse/catalogRepository.js';
import { quoteIdent, type Warehouse } from '../warehouse/warehouse.js';
import type { ChatRepository } from './chatRepository.js';
import { loadWordNet } from './wordnetSource.js';

export interface VocabularyCacheOptions {
  /** Distinct values read per dimension column (most frequent first). */
  maxValuesPerColumn?: number;
  queryTimeoutMs: number;
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
  private learned: Promise<LearnedSynonym[]> | null = null;

  constructor(
    private readonly wh: Warehouse,
    private readonly catalog: CatalogRepository,
    private readonly repo: ChatRepository,
    private readonly opts: VocabularyCacheOptions,
  ) {}

  /** Vocabularies of every dataset as it is now. */
  async current(): Promise<Vocabulary[]> {
    const heads = await this.wh.query<DatasetHead>(`SELECT id, name, version, row_count, table_name, updated_at FROM catalog.datasets ORDER BY name`);
    const learned = await this.learnedSynonyms();
    const live = new Set(heads.map((h) => h.name));
    for (const name of this.entries.keys()) if (!live.has(name)) this.entries.delete(name);
    const out: Vocabulary[] = [];
    for (const h of heads) {
      // A dataset's vocabulary reads only its own learned synonyms: feedback on another keeps it.
      const own = JSON.stringify(learned.filter((s) => s.datasetName === h.name));
      const key = `${h.id}|${h.version}|${h.row_count}|${h.table_name}|${String(h.updated_at instanceof Date ? h.updated_at.toISOString() : h.updated_at)}|${own}`;
      const hit = this.entries.get(h.name);
      if (hit && hit.key === key) {
        out.push(hit.vocab);
        continue;
      }
      out.push((await this.build(h.name, key, learned)).vocab);
    }
    return out;
  }

  /** Learned synonyms changed (feedback): the next ask reads them again and rebuilds the vocabularies they touch. */
  invalidateLearned(): void {
    this.learned = null;
  }

  private learnedSynonyms(): Promise<LearnedSynonym[]> {
    if (!this.learned) {
      const p = this.repo.learnedSynonyms();
      this.learned = p;
      p.catch(() => {
        if (this.learned === p) this.learned = null;
      });
    }
    return this.learned;
  }

  private build(name: string, key: string, learned: readonly LearnedSynonym[]): Promise<Entry> {
    const pending = this.building.get(`${name}|${key}`);
    if (pending) return pending;
    const p = (async () => {
      const ds = await this.catalog.getCatalogDataset(name);
      const [values, wordnet] = await Promise.all([this.dimensionValues(ds), loadWordNet()]);
      const vocab = buildVocabulary(ds, values, learned, { maxValuesPerColumn: this.cap(), ...(wordnet ? { wordnet } : {}) });
      const entry = { key, vocab };
      this.entries.set(name, entry);
      return entry;
    })();
    this.building.set(`${name}|${key}`, p);
    const done = () => this.building.delete(`${name}|${key}`);
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
  async dimensionValues(ds: CatalogDataset): Promise<Record<string, string[]>> {
    const cols = ds.columns.filter((c) => (c.role === 'dimension' || c.role === 'identifier') && c.type === 'text');
    if (!cols.length) return {};
    const table = `warehouse.${quoteIdent(ds.tableName)}`;
    // Identifiers come from the catalog and are quoted; the cap is a bind parameter.
    const parts = cols.map(
      (c, i) => `(SELECT ${i} AS i, ${quoteIdent(c.name)}::text AS v, count(*) AS n FROM ${table} WHERE ${quoteIdent(c.name)} IS NOT NULL GROUP BY 2 ORDER BY 3 DESC, 2 LIMIT $1)`,
    );
    const rows = await this.wh.readOnly(this.opts.queryTimeoutMs, (tx) => tx.query<{ i: number; v: string; n: number | string }>(parts.join(' UNION ALL '), [this.cap()]));
    const byCol: { v: string; n: number }[][] = cols.map(() => []);
    for (const r of rows) byCol[Number(r.i)]!.push({ v: r.v, n: Number(r.n) });
    const out: Record<string, string[]> = {};
    cols.forEach((c, i) => {
      out[c.name] = byCol[i]!.sort((a, b) => b.n - a.n || (a.v < b.v ? -1 : a.v > b.v ? 1 : 0)).map((x) => x.v);
    });
    return out;
  }
}
