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
  if (columns.length === 0) {
    const [{ n }] = (await db.query<{ n: number }>(`SELECT count(*)::float8 AS n FROM ${t}`)) as [{ n: number }];
    return { rowCount: Number(n), stats: [] };
  }
  // ANALYZE (distinct estimates of a large table, and the planner's statistics for the queries
  // that follow) runs beside the first scan when statements may run side by side; a small table's
  // ANALYZE reads all of it, which is cheap.
  const analyzed = parallel > 1 ? distinctEstimates(db, schema, table) : null;
  analyzed?.catch(() => undefined);

  // Postgres caps a SELECT list at 1664 entries; wide tables are profiled in slices. The first
  // slice also counts the rows, so the table is scanned once for counts, moments and ranges.
  const basics: BasicRow = {};
  const perColumn = 9;
  const slice = Math.max(1, Math.floor(1500 / perColumn));
  for (let start = 0; start < columns.length; start += slice) {
    const part = columns.slice(start, start + slice);
    try {
      Object.assign(basics, await basicStats(db, t, part, start, start === 0, false));
    } catch (e) {
      // Sums of squares of huge doubles (1e300) overflow float8: redo the slice in numeric.
      if ((e as { code?: string }).code !== NUMERIC_OUT_OF_RANGE) throw e;
      Object.assign(basics, await basicStats(db, t, part, start, start === 0, true));
    }
  }
  const rowCount = Number(basics.rows ?? 0);
  const exact = rowCount <= EXACT_PROFILE_ROWS;
  if (exact) Object.assign(basics, await distinctCounts(db, t, columns, slice));
  const pgStats = exact ? null : await (analyzed ?? distinctEstimates(db, schema, table));
  const estimates = new Map<string, number>();
  // pg_stats: a negative n_distinct is minus the fraction of rows that are distinct.
  for (const r of pgStats ?? []) estimates.set(r.attname, r.n_distinct < 0 ? -r.n_distinct * rowCount : r.n_distinct);
  if (analyzed && exact) await analyzed;
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
      const window = exact ? null : grainWindow(pgStats?.find((r) => r.attname === c.name)?.histogram ?? null, rowCount);
      tasks.push(async () => void (s.grain = await detectGrain(db, t, c.name, exact, window)));
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

/** Counts, moments and ranges of a slice of columns in one statement (and the row count when asked); `wide` computes moments in numeric. */
async function basicStats(db: SqlRunner, t: string, part: ProfileColumn[], start: number, withCount: boolean, wide: boolean): Promise<BasicRow> {
  const exprs: string[] = withCount ? ['count(*)::float8 AS "rows"'] : [];
  part.forEach((c, j) => {
    const i = start + j;
    const q = quoteIdent(c.name);
    const m = wide ? `${q}::numeric` : q;
    exprs.push(`count(${q})::float8 AS "nn${i}"`);
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

/** Exact distinct counts of every column (tables up to EXACT_PROFILE_ROWS), in slices of one statement each. */
async function distinctCounts(db: SqlRunner, t: string, columns: ProfileColumn[], slice: number): Promise<BasicRow> {
  const out: BasicRow = {};
  for (let start = 0; start < columns.length; start += slice) {
    const exprs = columns.slice(start, start + slice).map((c, j) => `count(DISTINCT ${quoteIdent(c.name)})::float8 AS "nd${start + j}"`);
    const [row] = await db.query<BasicRow>(`SELECT ${exprs.join(', ')} FROM ${t}`);
    Object.assign(out, row ?? {});
  }
  return out;
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

/**
 * Where to look for a large table's time grain: a range of values between histogram bounds of
 * ANALYZE's sample, around the middle, holding about GRAIN_WINDOW_ROWS rows. Every row in that
 * range is read, so the gaps between its distinct values are the true ones whatever the table's
 * physical order, and only those rows are sorted (not the whole table). Null without a histogram
 * (few distinct values, all in the most-common list): the whole column is cheap to sort then.
 */
export function grainWindow(histogram: string[] | null, rowCount: number): { lo: string; hi: string } | null {
  if (!histogram || histogram.length < 3) return null;
  const buckets = histogram.length - 1;
  const span = Math.min(buckets, Math.max(1, Math.ceil((buckets * GRAIN_WINDOW_ROWS) / Math.max(1, rowCount))));
  const from = Math.max(0, Math.floor((buckets - span) / 2));
  return { lo: histogram[from]!, hi: histogram[from + span]! };
}

/** Rows a large table's grain is read from (see grainWindow). */
const GRAIN_WINDOW_ROWS = 100_000;

async function detectGrain(db: SqlRunner, t: string, col: string, exact: boolean, window: { lo: string; hi: string } | null): Promise<Grain | null> {
  const q = quoteIdent(col);
  // The median gap between consecutive distinct values, on at most 100k distinct values.
  const where = window ? `${q} BETWEEN $1 AND $2` : `${q} IS NOT NULL`;
  const [row] = await db.query<{ gap: number | null }>(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY gap)::float8 AS gap FROM (
       SELECT extract(epoch FROM (v::timestamp - lag(v::timestamp) OVER (ORDER BY v)))::float8 AS gap
       FROM (SELECT DISTINCT ${q} AS v FROM ${t} WHERE ${where} ORDER BY 1 LIMIT ${exact ? 1_000_000 : 100_000}) d
     ) g WHERE gap > 0`,
    window ? [window.lo, window.hi] : [],
  );
  return grainFromGap(Number(row?.gap ?? 0));
}

interface ColumnEstimate {
  attname: string;
  n_distinct: number;
  /** Histogram bounds as text (null when every value is in the most-common list, or for types without order). */
  histogram: string[] | null;
}

/** ANALYZE, then its per-column distinct estimates and histogram bounds. */
async function distinctEstimates(db: SqlRunner, schema: string, table: string): Promise<ColumnEstimate[]> {
  await db.query(`ANALYZE ${quoteIdent(schema)}.${quoteIdent(table)}`);
  return db.query<ColumnEstimate>(
    `SELECT attname, n_distinct::float8 AS n_distinct, histogram_bounds::text::text[] AS histogram FROM pg_stats WHERE schemaname = $1 AND tablename = $2`,
    [schema, table],
  );
}
