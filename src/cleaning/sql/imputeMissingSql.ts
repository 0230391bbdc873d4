import { isTimeType, primaryTimeColumn, type CatalogColumn } from '../../shared/catalog.js';
import { AppError, ErrorCode, badInput } from '../../shared/errors.js';
import { sqlTypeDdl } from '../../ingest/sqlTypes.js';
import { parseDateLoose } from '../parseDate.js';
import type { ImputeMissingParams } from '../steps/imputeMissing.js';
import { typeClass } from '../steps/params.js';
import { SqlParams, col, missingExpr } from './sqlParams.js';
import { keepAll } from './schemaStepsSql.js';
import type { StepContext, StepSql } from './types.js';

/**
 * imputeMissing as SQL. Mean, median, mode and constant: the fill is computed in SQL (avg,
 * percentile_cont, mode() in code-point order) and written with CASE. Forward/backward fill: a
 * running count of known values numbers each run of gaps, and the run's first value fills it.
 * Linear: each gap joins the known points before and after it along the order column. Missing
 * means what the pure core's isMissing means (nulls, NaN, disguised-null text).
 */
export async function imputeMissingSql(p: ImputeMissingParams, ctx: StepContext): Promise<StepSql> {
  const ds = ctx.dataset;
  const c = ds.columns.find((x) => x.name === p.column)!;
  const params = new SqlParams();
  const missing = missingExpr(c, params);
  const q = col(c.name);
  const ddl = sqlTypeDdl(c.type);
  const [stats] = await ctx.db.query<{ missing: number; present: number }>(
    `SELECT count(*) FILTER (WHERE ${missing})::float8 AS missing, count(*) FILTER (WHERE NOT ${missing})::float8 AS present FROM ${ctx.source} s`,
    params.values,
  );
  const nMissing = Number(stats?.missing ?? 0);
  const replayed = p.method !== 'constant' && ctx.replay?.fill !== undefined && ctx.replay.fill !== null ? (ctx.replay.fill as string | number | boolean) : null;
  if (p.method !== 'constant' && replayed === null && Number(stats?.present ?? 0) === 0) {
    throw new AppError(ErrorCode.NOT_ENOUGH_DATA, `imputeMissing: column '${p.column}' has no non-null values to impute from`, { step: 'imputeMissing', column: p.column });
  }
  const base = { from: `FROM ${ctx.source} s`, srcId: 's.ctid', orderBy: null as string | null, removesRows: false, params, failed: 0 };
  const withExpr = (expr: string) => keepAll(ds).map((k) => (k.name === c.name ? { ...k, expr } : k));
  if (p.method === 'mean' || p.method === 'median' || p.method === 'mode' || p.method === 'constant') {
    const fill = p.method === 'constant' ? constantFill(p, c) : (replayed ?? (await statFill(p.method, c, ctx, missing, params)));
    const expr = `CASE WHEN ${missing} THEN ${params.add(fill, ddl === 'double precision' ? 'float8' : ddl)} ELSE ${q} END`;
    return { ...base, columns: withExpr(expr), changed: missing, affected: nMissing, resolved: { fill }, details: { method: p.method, fill } };
  }
  const ord = p.orderBy ? ds.columns.find((x) => x.name === p.orderBy)! : primaryTimeColumn(ds);
  const key = (alias: string) => (ord ? (isTimeType(ord.type) ? `extract(epoch FROM ${col(ord.name, alias)})` : `${col(ord.name, alias)}::float8`) : null);
  const known = (alias: string) => `NOT ${missingExpr(c, params, alias)}`;
  const value = (alias: string) => `CASE WHEN ${known(alias)} THEN ${col(c.name, alias)} END`;
  if (p.method === 'forward_fill' || p.method === 'backward_fill') {
    const fwd = p.method === 'forward_fill';
    const k = key('r');
    const asc = k ? `${k} ASC NULLS LAST, r.ctid ASC` : 'r.ctid ASC';
    const desc = k ? `${k} DESC NULLS FIRST, r.ctid DESC` : 'r.ctid DESC';
    const order = fwd ? asc : desc;
    const from = `FROM (
        SELECT w.*, first_value(w."__v") OVER (PARTITION BY w."__g" ORDER BY w."__o") AS "__fill" FROM (
          SELECT r.*, r.ctid AS "__src", ${value('r')} AS "__v",
            count(${value('r')}) OVER (ORDER BY ${order} ROWS UNBOUNDED PRECEDING) AS "__g",
            row_number() OVER (ORDER BY ${order}) AS "__o"
          FROM ${ctx.source} r) w
      ) s`;
    const fillExpr = `CASE WHEN ${missing} AND s."__fill" IS NOT NULL THEN s."__fill" ELSE ${q} END`;
    const [n] = await ctx.db.query<{ n: number }>(`SELECT count(*)::float8 AS n ${from} WHERE ${missing} AND s."__fill" IS NOT NULL`, params.values);
    return { ...base, from, srcId: 's."__src"', orderBy: 's."__src"', columns: withExpr(fillExpr), changed: `(${missing} AND s."__fill" IS NOT NULL)`, affected: Number(n?.n ?? 0), resolved: null, details: { method: p.method, orderBy: ord?.name ?? null } };
  }
  // linear
  if (!ord) throw badInput(`imputeMissing: method 'linear' needs 'orderBy' (the dataset has no time column)`, { step: 'imputeMissing', parameter: 'orderBy' });
  const kr = key('r');
  const edges = p.edges === 'nearest';
  const from = `FROM (
      SELECT r.*, r.ctid AS "__src", ${kr} AS "__x",
        CASE WHEN ${kr} IS NOT NULL THEN count(*) FILTER (WHERE ${known('r')}) OVER (ORDER BY ${kr} RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) END AS "__gl"
      FROM ${ctx.source} r
    ) s
    LEFT JOIN (SELECT row_number() OVER (ORDER BY ${kr}, r.ctid) AS n, ${kr} AS x, ${col(c.name, 'r')}::float8 AS y FROM ${ctx.source} r WHERE ${kr} IS NOT NULL AND ${known('r')}) l ON l.n = s."__gl"
    LEFT JOIN (SELECT row_number() OVER (ORDER BY ${kr}, r.ctid) AS n, ${kr} AS x, ${col(c.name, 'r')}::float8 AS y FROM ${ctx.source} r WHERE ${kr} IS NOT NULL AND ${known('r')}) rt ON rt.n = s."__gl" + 1`;
  const line = `CASE WHEN l.n IS NOT NULL AND rt.n IS NOT NULL THEN CASE WHEN rt.x = l.x THEN (l.y + rt.y) / 2 ELSE l.y + (rt.y - l.y) * (s."__x" - l.x) / (rt.x - l.x) END
      ${edges ? 'WHEN l.n IS NOT NULL THEN l.y WHEN rt.n IS NOT NULL THEN rt.y' : ''} END`;
  const cond = `(${missing} AND s."__x" IS NOT NULL AND (${line}) IS NOT NULL)`;
  const fillExpr = `CASE WHEN ${cond} THEN (${line})::${ddl} ELSE ${q} END`;
  const [n] = await ctx.db.query<{ n: number }>(`SELECT count(*)::float8 AS n ${from} WHERE ${cond}`, params.values);
  return { ...base, from, srcId: 's."__src"', orderBy: 's."__src"', columns: withExpr(fillExpr), changed: cond, affected: Number(n?.n ?? 0), resolved: null, details: { method: 'linear', orderBy: ord.name, edges: p.edges } };
}

/** The constant fill as the column's type; dates are read with the loose date parser. */
function constantFill(p: ImputeMissingParams, c: CatalogColumn): string | number | boolean {
  if (isTimeType(c.type)) {
    const d = parseDateLoose(p.value);
    if (!d.ok) throw badInput(`imputeMissing: parameter 'value': ${JSON.stringify(p.value)} is not a date (${d.reason})`, { step: 'imputeMissing', parameter: 'value' });
    return c.type === 'date' ? d.value.iso.slice(0, 10) : d.value.iso;
  }
  return p.value!;
}

/** Mean, median or mode of the known values, computed in SQL; integral columns round the way JavaScript's Math.round does. */
async function statFill(method: 'mean' | 'median' | 'mode', c: CatalogColumn, ctx: StepContext, missing: string, params: SqlParams): Promise<string | number | boolean> {
  const q = col(c.name);
  const agg =
    method === 'mean'
      ? `avg(${q}::float8)`
      : method === 'median'
        ? `percentile_cont(0.5) WITHIN GROUP (ORDER BY ${q}::float8)`
        : `mode() WITHIN GROUP (ORDER BY ${c.type === 'text' ? `${q} COLLATE "C"` : q})`;
  const [r] = await ctx.db.query<{ v: unknown }>(`SELECT ${agg} AS v FROM ${ctx.source} s WHERE NOT ${missing}`, params.values);
  const v = r?.v;
  if (method === 'mode') return typeClass(c.type) === 'numeric' ? Number(v) : (v as string | boolean);
  const n = Number(v);
  return c.type === 'integer' || c.type === 'bigint' ? Math.round(n) : n;
}
