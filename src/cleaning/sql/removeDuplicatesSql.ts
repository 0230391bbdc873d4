import { DEFAULT_BLOCKING } from '../cluster/blocking.js';
import { findFuzzyDuplicates } from '../dedupe/fuzzyDuplicates.js';
import { rowsToDelete } from '../dedupe/keep.js';
import type { MatchColumn } from '../dedupe/scoring.js';
import type { Row } from '../dedupe/types.js';
import type { RemoveDuplicatesParams } from '../steps/removeDuplicates.js';
import { toOrderKey, typeClass } from '../steps/params.js';
import type { CatalogColumn } from '../../shared/catalog.js';
import { quoteIdent } from '../../warehouse/warehouse.js';
import { SqlParams, col, missingExpr } from './sqlParams.js';
import { keepAll } from './schemaStepsSql.js';
import type { StepContext, StepSql } from './types.js';

/** Rows read per page when the fuzzy matcher streams the table (a page is a range of heap blocks). */
const BLOCKS_PER_PAGE = 2_000;

/**
 * removeDuplicates as SQL. Exact over all columns: the first row of each GROUP BY group by ctid
 * (identical rows cannot be told apart, so keep does not matter). Exact on some columns and key:
 * row_number() over the group, ordered as `keep` says. The kept ctids feed a TID scan, which keeps
 * the table's row order without a sort. Fuzzy: the pure blocking matcher runs over the rows read
 * page by page, and its rows to delete are removed by ctid.
 */
export async function removeDuplicatesSql(p: RemoveDuplicatesParams, ctx: StepContext): Promise<StepSql> {
  const params = new SqlParams();
  const ds = ctx.dataset;
  const base = { columns: keepAll(ds), srcId: 's.ctid', orderBy: null, changed: 'false', removesRows: true, params, affected: null, failed: 0 };
  if (p.mode === 'fuzzy') return fuzzy(p, ctx, base);
  const src = ctx.source;
  if (p.mode === 'exact' && !p.columns) {
    const all = ds.columns.map((c) => quoteIdent(c.name)).join(', ');
    const agg = p.keep === 'last' ? 'max' : 'min';
    return {
      ...base,
      from: `FROM ${src} s WHERE s.ctid = ANY (ARRAY(SELECT ${agg}(ctid) FROM ${src} GROUP BY ${all}))`,
      resolved: { mode: 'exact' },
      details: { mode: p.mode, keep: p.keep },
    };
  }
  const keys = p.columns!.map((name) => ds.columns.find((c) => c.name === name)!);
  const partition = keys.map((c) => col(c.name, 'r')).join(', ');
  // key mode: rows with a null key part are never duplicates (NULL ≠ NULL), as in the pure core.
  const nullKey = p.mode === 'key' ? keys.map((c) => `${col(c.name, 'r')} IS NULL`).join(' OR ') : 'false';
  const order = keepOrder(p, ds.columns, params);
  return {
    ...base,
    from: `FROM ${src} s WHERE s.ctid = ANY (ARRAY(SELECT id FROM (
        SELECT r.ctid AS id, CASE WHEN ${nullKey} THEN 1 ELSE row_number() OVER (PARTITION BY ${partition} ORDER BY ${order}) END AS rn FROM ${src} r
      ) k WHERE rn = 1))`,
    resolved: p.keep === 'first' ? { mode: p.mode, columns: p.columns } : null,
    details: { mode: p.mode, keep: p.keep, columns: p.columns },
  };
}

/** ORDER BY inside a duplicate group: the kept row comes first. Null order keys sort last, as in the pure core. */
function keepOrder(p: RemoveDuplicatesParams, columns: CatalogColumn[], params: SqlParams): string {
  const ord = p.orderBy ? col(p.orderBy, 'r') : null;
  const first = ord ? `${ord} ASC NULLS LAST, r.ctid ASC` : 'r.ctid ASC';
  if (p.keep === 'first') return first;
  if (p.keep === 'last') return ord ? `${ord} DESC NULLS FIRST, r.ctid DESC` : 'r.ctid DESC';
  const complete = columns.map((c) => `(CASE WHEN ${missingExpr(c, params, 'r')} THEN 0 ELSE 1 END)`).join(' + ');
  return `(${complete}) DESC, ${first}`;
}

async function fuzzy(p: RemoveDuplicatesParams, ctx: StepContext, base: Omit<StepSql, 'from' | 'resolved' | 'details'>): Promise<StepSql> {
  const ds = ctx.dataset;
  const wanted = new Set<string>(p.keep === 'most_complete' ? ds.columns.map((c) => c.name) : [...p.columns!, ...(p.orderBy ? [p.orderBy] : [])]);
  const { rows, ids } = await readRows(ctx, [...wanted]);
  const spec = fuzzyMatchSpec(p, p.columns!, ds.columns);
  const order = p.orderBy ? rows.map((r) => toOrderKey(r[p.orderBy!])) : undefined;
  const r = findFuzzyDuplicates(rows, { columns: spec, threshold: p.threshold, keep: p.keep, blocking: DEFAULT_BLOCKING, ...(order ? { order } : {}) });
  const doomed = rowsToDelete(r.groups).map((i) => ids[i]!);
  return {
    ...base,
    from: `FROM ${ctx.source} s WHERE NOT (s.ctid = ANY (${base.params.add(doomed, 'tid[]')}))`,
    resolved: null,
    details: { mode: 'fuzzy', groups: r.groups.length, comparisons: r.comparisons, threshold: p.threshold },
  };
}

/** How fuzzy dedupe compares `names` (the step's columns, possibly renamed since): text by the metric, numbers by closeness, the rest exactly. */
export function fuzzyMatchSpec(p: RemoveDuplicatesParams, names: string[], columns: CatalogColumn[]): MatchColumn[] {
  return (
    names
      .map((c, i) => {
        const t = typeClass(columns.find((x) => x.name === c)!.type);
        const method = t === 'numeric' ? 'numeric' : t === 'text' ? p.metric : 'exact';
        return { column: c, weight: p.weights?.[i] ?? 1, method } as MatchColumn;
      })
      // The blocking keys come from the first text column, as in the pure step.
      .sort((a, b) => Number(b.method === p.metric) - Number(a.method === p.metric))
  );
}

/** Reads `columns` of every row in ctid order, a range of heap blocks at a time (bounded statements, one table scan in all). */
export async function readRows(ctx: StepContext, columns: string[]): Promise<{ rows: Row[]; ids: string[] }> {
  const [{ blocks }] = (await ctx.db.query<{ blocks: number }>(
    `SELECT (pg_relation_size($1::regclass) / current_setting('block_size')::int)::int AS blocks`,
    [ctx.source],
  )) as [{ blocks: number }];
  const list = columns.map((c) => quoteIdent(c)).join(', ');
  const rows: Row[] = [];
  const ids: string[] = [];
  for (let b = 0; b <= Number(blocks); b += BLOCKS_PER_PAGE) {
    const page = await ctx.db.query<Record<string, unknown>>(
      `SELECT ctid::text AS "__id"${list ? `, ${list}` : ''} FROM ${ctx.source} WHERE ctid >= $1::tid AND ctid < $2::tid ORDER BY ctid`,
      [`(${b},0)`, `(${b + BLOCKS_PER_PAGE},0)`],
    );
    for (const r of page) {
      ids.push(r.__id as string);
      delete r.__id;
      rows.push(r);
    }
  }
  return { rows, ids };
}
