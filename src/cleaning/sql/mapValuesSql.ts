import { clusterValues } from '../cluster/clusterValues.js';
import type { Cluster, ValueCount } from '../cluster/types.js';
import type { StandardizeValuesParams } from '../steps/standardizeValues.js';
import { tidyText, type TrimAndCaseParams } from '../steps/trimAndCase.js';
import type { CellValue, ValueMapping } from '../steps/types.js';
import { SqlParams, col } from './sqlParams.js';
import { keepAll } from './schemaStepsSql.js';
import type { StepContext, StepSql } from './types.js';

/** Distinct non-null values of a column with their row counts, read with one GROUP BY. */
export async function distinctCounts(ctx: StepContext, column: string): Promise<ValueCount[]> {
  const q = col(column);
  const rows = await ctx.db.query<{ v: string; c: number }>(`SELECT ${q}::text AS v, count(*)::float8 AS c FROM ${ctx.source} s WHERE ${q} IS NOT NULL GROUP BY 1`);
  return rows.map((r) => ({ value: r.v, count: Number(r.c) }));
}

/**
 * SQL that replaces a text column's values through a mapping: a jsonb object looked up per row
 * (`?` then `->>`), so one statement maps any number of columns with a plain scan that keeps row
 * order. A mapping to null makes a real null.
 */
export function mappedExpr(column: string, entries: ValueMapping['entries'], params: SqlParams): string {
  const q = col(column);
  const obj: Record<string, CellValue> = {};
  for (const e of entries) obj[e.from] = e.to;
  const m = params.add(JSON.stringify(obj), 'jsonb');
  return `CASE WHEN ${q} IS NOT NULL AND ${m} ? ${q} THEN ${m} ->> ${q} ELSE ${q} END`;
}

/** A value-mapping step over text columns: rows keep their place, mapped cells change. */
export function mapValuesStep(ctx: StepContext, mappings: ValueMapping[], details: Record<string, unknown>): StepSql {
  const params = new SqlParams();
  const active = mappings.filter((m) => m.entries.length > 0);
  const exprs = new Map(active.map((m) => [m.column, mappedExpr(m.column, m.entries, params)]));
  const columns = keepAll(ctx.dataset).map((c) => (exprs.has(c.name) ? { ...c, expr: exprs.get(c.name)! } : c));
  const changed = active.length ? active.map((m) => `(${col(m.column)} IS DISTINCT FROM (${exprs.get(m.column)}))`).join(' OR ') : 'false';
  // One column: rows changed = rows holding a mapped value. Several: a row may change in more than one.
  const affected = active.length <= 1 ? active.reduce((n, m) => n + m.entries.reduce((k, e) => k + e.count, 0), 0) : null;
  return {
    columns,
    from: `FROM ${ctx.source} s`,
    srcId: 's.ctid',
    orderBy: null,
    changed,
    removesRows: false,
    params,
    affected,
    failed: 0,
    resolved: { mappings: active.map((m) => ({ column: m.column, entries: m.entries.map((e) => [e.from, e.to]) })) },
    details: { ...details, mappedValues: active.reduce((n, m) => n + m.entries.length, 0) },
  };
}

/** standardizeValues: clusters (or the explicit mapping) over the column's distinct values, applied as a mapping. */
export async function standardizeValuesSql(p: StandardizeValuesParams, ctx: StepContext): Promise<StepSql> {
  const counts = await distinctCounts(ctx, p.column);
  const mapping: ValueMapping = { column: p.column, entries: [] };
  let clusters: Cluster[] = [];
  if (p.method === 'mapping') {
    const byValue = new Map(counts.map((v) => [v.value, v.count]));
    for (const [from, to] of Object.entries(p.mapping!)) if ((byValue.get(from) ?? 0) > 0 && from !== to) mapping.entries.push({ from, to, count: byValue.get(from)! });
  } else {
    const opts = {
      ngramSize: p.ngramSize,
      ...(p.threshold !== undefined ? { threshold: p.threshold } : {}),
      ...(p.minCountRatio !== undefined ? { minCountRatio: p.minCountRatio } : {}),
    };
    const replayed = replayedMapping(ctx.replay, p.column);
    if (replayed) {
      mergeBatch(counts, replayed, p.method, opts, mapping);
    } else {
      clusters = clusterValues(counts, p.method, opts);
      for (const c of clusters) for (const v of c.values) if (v.value !== c.canonical) mapping.entries.push({ from: v.value, to: c.canonical, count: v.count });
    }
  }
  const step = mapValuesStep(ctx, [mapping], {
    method: p.method,
    clusters: clusters.length,
    examples: clusters.slice(0, 5).map((c) => ({ canonical: c.canonical, variants: c.values.filter((v) => v.value !== c.canonical).slice(0, 5).map((v) => v.value) })),
  });
  // The canonical values let a later batch's new variants join the clusters found here.
  if (clusters.length) step.resolved = { ...step.resolved, canonicals: [...new Set(clusters.map((c) => c.canonical))] };
  return step;
}

interface ReplayedMapping {
  entries: Map<string, string | null>;
  canonicals: Set<string>;
}

/** The mapping and canonical values a standardizeValues step resolved when it was applied. */
function replayedMapping(replay: Record<string, unknown> | null | undefined, column: string): ReplayedMapping | null {
  const maps = replay?.mappings as { column: string; entries: [string, string | null][] }[] | undefined;
  if (!maps) return null;
  const entries = new Map(maps.find((m) => m.column === column)?.entries ?? maps[0]?.entries ?? []);
  const canonicals = new Set<string>((replay?.canonicals as string[] | undefined) ?? []);
  for (const to of entries.values()) if (to !== null) canonicals.add(to);
  return { entries, canonicals };
}

// Far above any batch's count, so a known canonical value always wins its cluster.
const CANONICAL_WEIGHT = 1e12;

/**
 * A batch's values through a recipe's standardizeValues: values seen when the step was applied
 * map as they did; new ones are clustered with the known canonical values (which win their
 * clusters and are never merged into one another) and with each other.
 */
function mergeBatch(counts: ValueCount[], known: ReplayedMapping, method: StandardizeValuesParams['method'], opts: Parameters<typeof clusterValues>[2], out: ValueMapping): void {
  const fresh: ValueCount[] = [];
  for (const v of counts) {
    if (known.entries.has(v.value)) {
      const to = known.entries.get(v.value)!;
      if (to !== v.value) out.entries.push({ from: v.value, to, count: v.count });
    } else if (!known.canonicals.has(v.value)) fresh.push(v);
  }
  if (!fresh.length || method === 'mapping') return;
  const pool = [...fresh, ...[...known.canonicals].map((value) => ({ value, count: CANONICAL_WEIGHT }))];
  for (const c of clusterValues(pool, method, opts)) {
    for (const v of c.values) if (v.value !== c.canonical && !known.canonicals.has(v.value)) out.entries.push({ from: v.value, to: c.canonical, count: v.count });
  }
}

/** trimAndCase: the pure tidy rule over each column's distinct values, applied as a mapping. */
export async function trimAndCaseSql(p: TrimAndCaseParams, ctx: StepContext): Promise<StepSql> {
  const mappings: ValueMapping[] = [];
  for (const column of p.columns) {
    const counts = await distinctCounts(ctx, column);
    mappings.push({ column, entries: counts.map((v) => ({ from: v.value, to: tidyText(v.value, p), count: v.count })).filter((e) => e.to !== e.from) });
  }
  return mapValuesStep(ctx, mappings, { columns: p.columns, case: p.case });
}
