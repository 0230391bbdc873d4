import type { Config } from '../config/config.js';
import { AppError, ErrorCode } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { withServices } from './withServices.js';

/** Prints rows as an aligned text table. */
export function formatTable(columns: string[], rows: Record<string, unknown>[]): string {
  const cell = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i]!)).join('  ');
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(columns.map((c) => cell(r[c]))))].join('\n');
}

/** `insightql datasets`. */
export async function runDatasets(config: Config, log: Logger, f: { json?: boolean }): Promise<number> {
  return withServices(config, log, async (s) => {
    const ds = await s.catalog.allCatalogDatasets();
    if (f.json) console.log(JSON.stringify(ds, null, 2));
    else console.log(formatTable(['name', 'rows', 'columns'], ds.map((d) => ({ name: d.name, rows: d.rowCount, columns: d.columns.map((c) => `${c.name}:${c.role}`).join(', ') }))));
    return 0;
  });
}

/** `insightql query '<json>'`. */
export async function runQuery(config: Config, log: Logger, args: string[], f: { json?: boolean }): Promise<number> {
  let q: unknown;
  try {
    q = JSON.parse(args.join(' '));
  } catch {
    throw new AppError(ErrorCode.BAD_INPUT, 'query must be an InsightQuery as JSON, e.g. {"dataset":"stocks","measures":[{"agg":"count"}]}');
  }
  return withServices(config, log, async (s) => {
    const r = await s.insights.run(q);
    if (f.json) console.log(JSON.stringify({ columns: r.columns, rows: r.rows, totalRows: r.totalRows, truncated: r.truncated, sql: r.sql }, null, 2));
    else {
      console.log(r.description);
      console.log(formatTable(r.columns.map((c) => c.name), r.rows));
      if (r.truncated) console.log(`(first ${r.rows.length} of ${r.totalRows} rows)`);
    }
    return 0;
  });
}
