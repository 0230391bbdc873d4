import type { ColumnStats, Grain, SqlType, TopValue } from '../shared/catalog.js';
import { isNumericType, isTimeType } from '../shared/catalog.js';
import type { SqlRunner } from '../warehouse/sqlRunner.js';
import { quoteIdent } from '../warehouse/warehouse.js';

export interface ProfileColumn {
  name: string;
  type: SqlType;
}

/** Above this many rows, distinct counts come from ANALYZE estimates and quantiles from a sample. */
export const EXACT_PROFILE_ROWS = 500_000;
const TOP_VALUES = 10;
const QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95];

interface BasicRow {
  [k: string]: unknown;
}

/**
 * Profiles every column of a warehouse table with a handful of set-based statements: one pass for
 * counts and numeric moments, one per text/boolean column for top values, one per time column for
 * its grain. Large tables use ANALYZE's distinct estimates and a row sample for quantiles.
 */
export async function profileTable(
  db: SqlRunner,
  schema: string,
  table: string,
  columns: ProfileColumn[],
  /** Statements in flight at once; above 1 only for a pool (the server runs them side by side), never a transaction. */
  parallel = 1,
): Promise<{ rowCount: number; stats: ColumnStats[] }> {
  const t = `${quoteIdent(schema)}.${quoteIdent(table)}`;
  const [{ n }] = (await db.query<{ n: number }>(`SELECT count(*)::float8 AS n FROM ${t}`)) as [{ n: number }];
  const rowCount = Number(n);
  const exact = rowCount <= EXACT_PROFILE_ROWS;
  if (columns.length === 0) return { rowCount, stats: [] };

  // Postgres caps a SELECT list at 1664 entries; wide tables are profiled in slices.
  const basics: BasicRow = {};
  const perColumn = 9;
  const slice = Math.max(1, Math.floor(1500 / perColumn));
  for (let start = 0; start < columns.length; start += slice) {
    const part = columns.slice(start, start + slice);
    try {
      Object.assign(basics, await basicStats(db, t, part, start, exact, false));
    } catch (e) {
      // Sums of squares of huge doubles (1e300) overflow float8: redo the slice in numeric.
      if ((e as { code?: string }).code !== NUMERIC_OUT_OF_RANGE) throw e;
      Object.assign(basics, await basicStats(db, t, part, start, exact, true));
    }
  }


  let estimates = new Map<string, number>();
  if (!exact) estimates = await distinctEstimates(db, schema, table, rowCount);
  // Per-column statements (quantiles, grain, top values) are queued and run `parallel` at a time.
  const tasks: (() => Promise<void>)[] = [];

  const stats: ColumnStats[] = [];
  for (const [i, c] of columns.entries()) {
    const nonNull = Number(basics[`nn${i}`] ?? 0);
    const distinct = exact ? Number(basics[`nd${i}`] ?? 0) : Math.min(nonNull, Math.round(estimates.get(c.name) ?? nonNull));
    const s: ColumnStats = {
      nullCount: rowCount - nonNull,
      distinctCount: distinct,
      distinctApprox: !exact,
      min: null,
      max: null,
      mean: null,
      stddev: null,
      quantiles: null,
      topValues: null,
      minTime: null,
      maxTime: null,
      grain: null,
      integralShare: null,
      nonNegative: null,
    };
    if (c.type === 'text' && nonNull > 0) s.avgLength = num(basics[`len${i}`]);
    if (isNumericType(c.type) && nonNull > 0) {
      s.min = num(basics[`min${i}`]);
      s.max = num(basics[`max${i}`]);
      s.mean = num(basics[`avg${i}`]);
      s.stddev = num(basics[`sd${i}`]);
      s.integralShare = num(basics[`int${i}`]);
      s.nonNegative = basics[`nneg${i}`] === true;
      tasks.push(async () => void (s.quantiles = await quantiles(db, t, c.name, exact, rowCount)));
    }
    if (isTimeType(c.type) && nonNull > 0) {
      s.minTime = toIso(basics[`tmin${i}`]);
      s.maxTime = toIso(basics[`tmax${i}`]);
      tasks.push(async () => void (s.grain = await detectGrain(db, t, c.name, exact)));
    }
    if ((c.type === 'text' || c.type === 'boolean' || (isNumericType(c.type) && distinct <= 50)) && nonNull > 0) {
      tasks.push(async () => void (s.topValues = await topValues(db, t, c.name, exact, rowCount)));
    }
    stats.push(s);
  }
  let nextTask = 0;
  const lane = async () => {
    while (nextTask < tasks.length) await tasks[nextTask++]!();
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, tasks.length)) }, lane));
  return { rowCount, stats };
}

const NUMERIC_OUT_OF_RANGE = '22003';

/** Counts, moments and ranges of a slice of columns in one statement; `wide` computes moments in numeric. */
async function basicStats(db: SqlRunner, t: string, part: ProfileColumn[], start: number, exact: boolean, wide: boolean): Promise<BasicRow> {
  const exprs: string[] = [];
  part.forEach((c, j) => {
    const i = start + j;
    const q = quoteIdent(c.name);
    const m = wide ? `${q}::numeric` : q;
    exprs.push(`count(${q})::float8 AS "nn${i}"`);
    if (exact) exprs.push(`count(DISTINCT ${q})::float8 AS "nd${i}"`);
    if (isNumericType(c.type)) {
      exprs.push(
        `min(${q})::float8 AS "min${i}"`,
        `max(${q})::float8 AS "max${i}"`,
        `avg(${m})::float8 AS "avg${i}"`,
        `stddev_samp(${m})::float8 AS "sd${i}"`,
        // Over non-null values only: a gap says nothing about whether the numbers are counts.
        `(avg(CASE WHEN ${q} IS NULL THEN NULL WHEN ${q} = trunc(${q}) THEN 1.0 ELSE 0.0 END))::float8 AS "int${i}"`,
        `bool_and(${q} >= 0) AS "nneg${i}"`,
      );
    } else if (isTimeType(c.type)) {
      exprs.push(`min(${q})::text AS "tmin${i}"`, `max(${q})::text AS "tmax${i}"`);
    } else if (c.type === 'text') {
      exprs.push(`avg(length(${q}))::float8 AS "len${i}"`);
    }
  });
  const [row] = await db.query<BasicRow>(`SELECT ${exprs.join(', ')} FROM ${t}`);
  return row ?? {};
}

function num(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

function toIso(v: unknown): string | null {
  if (v == null) return null;
  const s = String(v);
  return s.length > 10 ? s.replace(' ', 'T') : s;
}

function sampleClause(exact: boolean, rowCount: number): string {
  if (exact) return '';
  // About 200k rows whatever the size; the percentage is computed here, not taken from input.
  const pct = Math.min(100, Math.max(0.01, (200_000 / rowCount) * 100));
  return ` TABLESAMPLE SYSTEM (${pct.toFixed(4)}) REPEATABLE (42)`;
}

async function quantiles(db: SqlRunner, t: string, col: string, exact: boolean, rowCount: number): Promise<{ p: number; value: number }[] | null> {
  const q = quoteIdent(col);
  const [row] = await db.query<{ qs: number[] | null }>(
    `SELECT percentile_cont($1::float8[]) WITHIN GROUP (ORDER BY ${q}::float8) AS qs FROM ${t}${sampleClause(exact, rowCount)} WHERE ${q} IS NOT NULL`,
    [QUANTILES],
  );
  const qs = row?.qs;
  if (!qs) return null;
  return QUANTILES.map((p, i) => ({ p, value: Number(qs[i]) }));
}

async function topValues(db: SqlRunner, t: string, col: string, exact: boolean, rowCount: number): Promise<TopValue[]> {
  const q = quoteIdent(col);
  const scale = exact ? 1 : rowCount / 200_000;
  const rows = await db.query<{ v: string; c: number }>(
    `SELECT ${q}::text AS v, count(*)::float8 AS c FROM ${t}${sampleClause(exact, rowCount)} WHERE ${q} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${TOP_VALUES}`,
  );
  return rows.map((r) => ({ value: r.v, count: Math.round(Number(r.c) * scale) }));
}

const GRAIN_SECONDS: [Grain, number][] = [
  ['minute', 60],
  ['hour', 3600],
  ['day', 86400],
  ['week', 7 * 86400],
  ['month', 30.44 * 86400],
  ['quarter', 91.3 * 86400],
  ['year', 365.25 * 86400],
];

/** The grain whose length is nearest (in log scale) to the median gap between distinct times. */
export function grainFromGap(seconds: number): Grain | null {
  if (!(seconds > 0)) return null;
  let best: Grain | null = null;
  let bestD = Infinity;
  for (const [g, s] of GRAIN_SECONDS) {
    const d = Math.abs(Math.log(seconds / s));
    if (d < bestD) {
      bestD = d;
      best = g;
    }
  }
  // Sub-minute spacing (events, logs) still reads best at minute grain.
  return best;
}

async function detectGrain(db: SqlRunner, t: string, col: string, exact: boolean): Promise<Grain | null> {
  const q = quoteIdent(col);
  // The median gap between consecutive distinct values, on at most 100k distinct values.
  const [row] = await db.query<{ gap: number | null }>(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY gap)::float8 AS gap FROM (
       SELECT extract(epoch FROM (v::timestamp - lag(v::timestamp) OVER (ORDER BY v)))::float8 AS gap
       FROM (SELECT DISTINCT ${q} AS v FROM ${t} WHERE ${q} IS NOT NULL ORDER BY 1 LIMIT ${exact ? 1_000_000 : 100_000}) d
     ) g WHERE gap > 0`,
  );
  return grainFromGap(Number(row?.gap ?? 0));
}

async function distinctEstimates(db: SqlRunner, schema: string, table: string, rowCount: number): Promise<Map<string, number>> {
  await db.query(`ANALYZE ${quoteIdent(schema)}.${quoteIdent(table)}`);
  const rows = await db.query<{ attname: string; n_distinct: number }>(
    `SELECT attname, n_distinct::float8 AS n_distinct FROM pg_stats WHERE schemaname = $1 AND tablename = $2`,
    [schema, table],
  );
  // pg_stats: a negative n_distinct is minus the fraction of rows that are distinct.
  return new Map(rows.map((r) => [r.attname, r.n_distinct < 0 ? -r.n_distinct * rowCount : r.n_distinct]));
}
