import { authHeaders } from './transport.js';

type Row = Record<string, unknown>;

/** Columns an InsightQuery may group by (the rest of a wider dataset is left out of the replay). */
const MAX_GROUP_COLUMNS = 20;
/** Groups one query returns at most (the server's own cap on `limit`). */
const PAGE = 10_000;

export interface DatasetRows {
  rows: Row[];
  time: string | null;
  measure: string | null;
  key: string | null;
  /** What was left out (columns beyond the grouping cap, rows beyond the limit). */
  notes: string[];
}

interface ColumnInfo {
  name: string;
  role: string;
}

async function gql<T>(base: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...authHeaders() }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  if (body.errors?.length) throw Object.assign(new Error(body.errors[0]!.message), { code: body.errors[0]!.extensions?.code });
  return body.data!;
}

/**
 * Up to `maxRows` rows of a dataset on the server, in time order. There is no raw-row query, so it
 * groups by every column with a count and repeats each group that many times (identical rows stay
 * as many as they were). Pages move along the time column: a page cut at its limit drops its last
 * timestamp and the next page starts there, so no time is split between pages.
 */
export async function readDatasetRows(base: string, dataset: string, maxRows: number): Promise<DatasetRows> {
  const { dataset: ds } = await gql<{ dataset: { name: string; columns: ColumnInfo[]; timeColumn: { name: string } | null } | null }>(
    base,
    `query($n: String!) { dataset(name: $n) { name columns { name role } timeColumn { name } } }`,
    { n: dataset },
  );
  if (!ds) throw Object.assign(new Error(`no dataset '${dataset}'`), { code: 'DATASET_NOT_FOUND' });
  const notes: string[] = [];
  const time = ds.timeColumn?.name ?? null;
  const cols = [...(time ? [time] : []), ...ds.columns.map((c) => c.name).filter((c) => c !== time)];
  if (cols.length > MAX_GROUP_COLUMNS) notes.push(`only the first ${MAX_GROUP_COLUMNS} of ${cols.length} columns are replayed`);
  const dims = cols.slice(0, MAX_GROUP_COLUMNS);
  const n = dims.includes('n') ? '__replay_n' : 'n';
  const rows: Row[] = [];
  let from: unknown = null;
  for (;;) {
    const query = {
      dataset: ds.name,
      measures: [{ agg: 'COUNT', as: n }],
      dimensions: dims,
      ...(time ? { orderBy: [{ field: time, direction: 'ASC' }], ...(from !== null ? { filter: { column: time, op: 'GTE', value: from } } : {}) } : {}),
      limit: PAGE,
    };
    const { insight } = await gql<{ insight: { rows: Row[]; truncated: boolean } }>(base, `query($q: InsightQueryInput!) { insight(query: $q) { rows truncated } }`, { q: query });
    let page = insight.rows;
    const last = time && page.length ? page[page.length - 1]![time] : null;
    const more = insight.truncated && time !== null && page.some((r) => r[time] !== last);
    if (more) page = page.filter((r) => r[time!] !== last);
    for (const g of page) {
      const count = Number(g[n]);
      const { [n]: _, ...row } = g;
      for (let i = 0; i < count && rows.length < maxRows; i++) rows.push(row);
    }
    if (rows.length >= maxRows) {
      notes.push(`stopped at ${maxRows.toLocaleString('en-US')} rows (INSIGHTQL_MAX_ROWS)`);
      break;
    }
    if (!more) {
      if (insight.truncated) notes.push(`the server cut the rows at ${page.length.toLocaleString('en-US')} groups`);
      break;
    }
    from = last;
  }
  const measure = ds.columns.find((c) => c.role === 'MEASURE')?.name ?? null;
  const key = ds.columns.find((c) => c.role === 'DIMENSION' || c.role === 'IDENTIFIER')?.name ?? null;
  return { rows, time, measure, key, notes };
}
