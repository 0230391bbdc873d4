import { canSeeDataset } from '../auth/principal.js';
import { currentPrincipal, currentTenant } from '../auth/requestScope.js';
import { withRowFilters } from '../auth/rowFilters.js';
import type { CatalogDataset } from '../shared/catalog.js';
import { primaryTimeColumn } from '../shared/catalog.js';
import type { CatalogRepository } from '../warehouse/catalogRepository.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { compileInsight, type OutputColumn } from './compile.js';
import { describeQuery } from './describe.js';
import { parseInsightQuery, type InsightQuery } from './insightQuery.js';
import { openInsightStream, type InsightStream } from './insightStream.js';

const UNDEFINED_TABLE = '42P01';

export interface InsightResult {
  query: InsightQuery;
  dataset: CatalogDataset;
  columns: OutputColumn[];
  rows: Record<string, unknown>[];
  totalRows: number;
  truncated: boolean;
  sql: string;
  params: unknown[];
  description: string;
  timingMs: number;
}

export interface InsightServiceOptions {
  queryTimeoutMs: number;
  maxRows: number;
  now?: () => Date;
}

/** Runs InsightQueries: validate against the catalog, compile to one statement, run it read-only. */
export class InsightService {
  constructor(
    private readonly wh: Warehouse,
    private readonly catalog: CatalogRepository,
    private readonly opts: InsightServiceOptions,
  ) {}

  private readonly datasets = new Map<string, { epoch: number; ds: CatalogDataset }>();

  /** Validates an untrusted query object and runs it. */
  async run(input: unknown, dataset?: CatalogDataset): Promise<InsightResult> {
    const query = parseInsightQuery(input);
    if (dataset) return this.runQuery(query, dataset);
    const ds = await this.dataset(query.dataset);
    try {
      return await this.runQuery(query, ds);
    } catch (e) {
      // Another process may have replaced the table since it was cached: look again once.
      if ((e as { code?: string }).code !== UNDEFINED_TABLE) throw e;
      this.datasets.delete(`${currentTenant()}\u0000${query.dataset.toLowerCase()}`);
      return this.runQuery(query, await this.dataset(query.dataset));
    }
  }

  /**
   * The catalog entry, cached until this process writes anything (the warehouse's write epoch), so
   * a query is one round trip. Other processes' changes are caught by the retry in `run`.
   */
  private async dataset(name: string): Promise<CatalogDataset> {
    const principal = currentPrincipal();
    const key = `${currentTenant()}\u0000${name.toLowerCase()}`;
    const epoch = this.wh.writeEpoch;
    const hit = this.datasets.get(key);
    if (hit && hit.epoch === epoch && (!principal || canSeeDataset(principal, hit.ds.name))) return hit.ds;
    const ds = await this.catalog.getCatalogDataset(name);
    if (this.datasets.size > 1000) this.datasets.clear();
    this.datasets.set(key, { epoch, ds });
    return ds;
  }

  /**
   * Opens a large result as a stream of row batches (exports): the same validation, row filters
   * and compiler as `run`, read through a server-side cursor, up to `maxRows` rows (the query's own
   * `limit`, when it has one, may be anything up to that). The first batch is read before this
   * returns, so a bad query or a timeout is an error here, before anything is sent.
   */
  async openStream(input: unknown, opts: { maxRows: number; batchRows?: number; idleMs?: number }): Promise<InsightStream> {
    return openInsightStream(input, opts, {
      parse: (q) => parseInsightQuery(q),
      dataset: (name) => this.dataset(name),
      forget: (name) => void this.datasets.delete(`${currentTenant()}\u0000${name.toLowerCase()}`),
      compile: (q, ds, maxRows) => this.compile(q, ds, maxRows, false),
      cursor: (text, values, c) => this.wh.openCursor(text, values, c),
    });
  }

  /** The statement for `asked`, the caller's row filters joined (every compiled query passes here). */
  private compile(asked: InsightQuery, ds: CatalogDataset, maxRows: number, countTotal: boolean) {
    const query = withRowFilters(asked, ds, currentPrincipal()?.rowFilters ?? []);
    const timeCol = query.time?.column ? ds.columns.find((c) => c.name === query.time!.column) : primaryTimeColumn(ds);
    const compiled = compileInsight(query, ds, {
      anchor: timeCol?.stats?.maxTime ?? null,
      now: (this.opts.now ?? (() => new Date()))(),
      maxRows,
      countTotal,
    });
    return { query, compiled };
  }

  /** Runs an already validated query against a known dataset. */
  async runQuery(asked: InsightQuery, ds: CatalogDataset): Promise<InsightResult> {
    const { query, compiled } = this.compile(asked, ds, this.opts.maxRows, true);
    const t0 = performance.now();
    const raw = await this.wh.readQuery<Record<string, unknown>>(compiled.text, compiled.values, this.opts.queryTimeoutMs);
    const timingMs = performance.now() - t0;
    const totalRows = raw.length ? Number(raw[0]!.__total ?? raw.length) : 0;
    const rows = raw.slice(0, compiled.limit).map((r) => {
      const out: Record<string, unknown> = {};
      for (const c of compiled.columns) out[c.name] = r[c.name] ?? null;
      return out;
    });
    return {
      query: asked,
      dataset: ds,
      columns: compiled.columns,
      rows,
      totalRows: Math.max(totalRows, rows.length),
      truncated: raw.length > compiled.limit || totalRows > rows.length,
      sql: compiled.text,
      params: compiled.values,
      description: describeQuery(query, ds),
      timingMs,
    };
  }
}
