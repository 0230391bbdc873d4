import type { Config } from '../config/config.js';
import { AppError, ErrorCode } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { insightQueryType, toGraphqlValue } from './graphqlValues.js';
import { withTransport, type TransportOptions } from './transport.js';

/** Prints rows as an aligned text table. */
export function formatTable(columns: string[], rows: Record<string, unknown>[]): string {
  const cell = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i]!)).join('  ');
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(columns.map((c) => cell(r[c]))))].join('\n');
}

interface DatasetRow {
  name: string;
  rowCount: number;
  columns: { name: string; role: string }[];
}

/** `insightql datasets [--json]`. */
export async function runDatasets(config: Config, log: Logger, f: { json?: boolean }, via: TransportOptions): Promise<number> {
  return withTransport(config, log, via, async (t) => {
    const { datasets } = await t.request<{ datasets: DatasetRow[] }>('{ datasets { name label rowCount sourceFormat createdAt updatedAt columns { name role } } }');
    if (f.json) console.log(JSON.stringify(datasets, null, 2));
    else console.log(formatTable(['name', 'rows', 'columns'], datasets.map((d) => ({ name: d.name, rows: d.rowCount, columns: d.columns.map((c) => `${c.name}:${c.role.toLowerCase()}`).join(', ') }))));
    return 0;
  });
}

interface InsightOut {
  columns: { name: string }[];
  rows: Record<string, unknown>[];
  totalRows: number;
  truncated: boolean;
  sql: string;
  description: string;
}

/**
 * `insightql query '<InsightQuery JSON>'`: the `insight` query's input, in GraphQL's spelling
 * (`SUM`, `MONTH`, what an answer's `interpretation.query` holds) or in lower case.
 */
export async function runQuery(config: Config, log: Logger, args: string[], f: { json?: boolean }, via: TransportOptions): Promise<number> {
  let q: unknown;
  try {
    q = JSON.parse(args.join(' '));
  } catch {
    throw new AppError(ErrorCode.BAD_INPUT, 'query must be an InsightQuery as JSON, e.g. {"dataset":"stocks","measures":[{"agg":"COUNT"}]}');
  }
  const query = toGraphqlValue(insightQueryType(), q, 'query');
  return withTransport(config, log, via, async (t) => {
    const { insight: r } = await t.request<{ insight: InsightOut }>(
      'query Insight($query: InsightQueryInput!) { insight(query: $query) { columns { name label type role } rows totalRows truncated sql params description } }',
      { query },
    );
    if (f.json) console.log(JSON.stringify({ columns: r.columns, rows: r.rows, totalRows: r.totalRows, truncated: r.truncated, sql: r.sql }, null, 2));
    else {
      console.log(r.description);
      console.log(formatTable(r.columns.map((c) => c.name), r.rows));
      if (r.truncated) console.log(`(first ${r.rows.length} of ${r.totalRows} rows)`);
    }
    return 0;
  });
}
