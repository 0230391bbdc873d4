import type { CatalogDataset } from '../shared/catalog.js';
import { badInput } from '../shared/errors.js';
import type { CursorBatch } from '../warehouse/cursorRead.js';
import type { CompiledInsight, OutputColumn } from './compile.js';
import type { InsightQuery } from './insightQuery.js';

const UNDEFINED_TABLE = '42P01';

/** A large result read in batches (see InsightService.openStream). */
export interface InsightStream {
  query: InsightQuery;
  dataset: CatalogDataset;
  columns: OutputColumn[];
  /** Row batches, each row's values in `columns` order; stopping early closes the cursor. */
  batches: AsyncGenerator<unknown[][]>;
  /** Once `batches` has ended: rows given, and whether the row cap cut the result. */
  readonly rowCount: number;
  readonly truncated: boolean;
}

export interface StreamDeps {
  parse(input: unknown): InsightQuery;
  dataset(name: string): Promise<CatalogDataset>;
  /** Forgets a cached catalog entry (another process replaced the table). */
  forget(name: string): void;
  compile(q: InsightQuery, ds: CatalogDataset, maxRows: number): { compiled: CompiledInsight };
  cursor(text: string, values: readonly unknown[], opts: { batchRows: number; idleMs: number }): AsyncGenerator<CursorBatch>;
}

/**
 * A query's own `limit` is capped by the API at a page's size; a stream may go to `maxRows`.
 * The limit is checked here and the rest of the query by the usual parser.
 */
function splitLimit(input: unknown, maxRows: number): { limit: number; rest: unknown } {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return { limit: maxRows, rest: input };
  const { limit, ...rest } = input as Record<string, unknown>;
  if (limit === undefined || limit === null) return { limit: maxRows, rest };
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1) throw badInput('limit must be a positive whole number', { field: 'limit' });
  if (limit > maxRows) throw badInput(`limit ${limit} is above the export maximum of ${maxRows} rows`, { limit, maxRows });
  return { limit, rest };
}

export async function openInsightStream(input: unknown, opts: { maxRows: number; batchRows?: number; idleMs?: number }, deps: StreamDeps): Promise<InsightStream> {
  const { limit, rest } = splitLimit(input, opts.maxRows);
  const query = { ...deps.parse(rest), limit };
  const cursorOpts = { batchRows: opts.batchRows ?? 5000, idleMs: opts.idleMs ?? 60_000 };
  const open = async () => {
    const dataset = await deps.dataset(query.dataset);
    const { compiled } = deps.compile(query, dataset, opts.maxRows);
    const cursor = deps.cursor(compiled.text, compiled.values, cursorOpts);
    try {
      return { dataset, compiled, cursor, first: await cursor.next() };
    } catch (e) {
      await cursor.return(undefined).catch(() => undefined);
      throw e;
    }
  };
  let o: Awaited<ReturnType<typeof open>>;
  try {
    o = await open();
  } catch (e) {
    // Another process may have replaced the table since it was cached: look again once.
    if ((e as { code?: string }).code !== UNDEFINED_TABLE) throw e;
    deps.forget(query.dataset);
    o = await open();
  }
  const state = { rowCount: 0, truncated: false };
  const columns = o.compiled.columns;
  async function* batches(): AsyncGenerator<unknown[][]> {
    const { cursor, first } = o;
    try {
      let next = first;
      while (!next.done) {
        const b = next.value;
        const order = columns.map((c) => b.fields.indexOf(c.name));
        const inOrder = order.every((j, i) => j === i) && b.fields.length === columns.length;
        let rows = inOrder ? b.rows : b.rows.map((r) => order.map((j) => (j < 0 ? null : (r[j] ?? null))));
        // The statement reads one row past the cap to know whether it was cut.
        if (state.rowCount + rows.length > limit) {
          rows = rows.slice(0, limit - state.rowCount);
          state.truncated = true;
        }
        state.rowCount += rows.length;
        if (rows.length) yield rows;
        if (state.truncated) break;
        next = await cursor.next();
      }
    } finally {
      await cursor.return(undefined);
    }
  }
  return {
    query,
    dataset: o.dataset,
    columns,
    batches: batches(),
    get rowCount() {
      return state.rowCount;
    },
    get truncated() {
      return state.truncated;
    },
  };
}
