import { AppError, ErrorCode } from '../../shared/errors.js';
import { sqlTypeDdl } from '../../ingest/sqlTypes.js';
import { MAD_SCALE, MEANAD_SCALE, type Fences } from '../outliers.js';
import { flagName, type HandleOutliersParams } from '../steps/handleOutliers.js';
import { SqlParams, col } from './sqlParams.js';
import { keepAll } from './schemaStepsSql.js';
import type { StepContext, StepSql } from './types.js';


/**
 * handleOutliers as SQL: fences by IQR, median/MAD (mean absolute deviation when MAD is 0) or
 * percentiles, computed with percentile_cont (the pure core's quantile rule), then a flag column,
 * capping at the fences (integral columns cap at the nearest integers inside), or removal.
 */
export async function handleOutliersSql(p: HandleOutliersParams, ctx: StepContext): Promise<StepSql> {
  const c = ctx.dataset.columns.find((x) => x.name === p.column)!;
  const q = col(c.name);
  const x = `${q}::float8`;
  const replayed = ctx.replay?.fences as Fences | undefined;
  const fences = replayed ?? (await computeFences(p, ctx, x));
  const params = new SqlParams();
  const lo = params.add(fences.lower, 'float8');
  const hi = params.add(fences.upper, 'float8');
  const outside = `(${x} < ${lo} OR ${x} > ${hi})`;
  // remove: the service counts rows before and after instead.
  const affected = p.action === 'remove' ? 0 : Number((await ctx.db.query<{ n: number }>(`SELECT count(*)::float8 AS n FROM ${ctx.source} s WHERE ${outside}`, params.values))[0]!.n);
  const base = { from: `FROM ${ctx.source} s`, srcId: 's.ctid', orderBy: null, params, failed: 0, resolved: { fences }, details: { method: p.method, action: p.action, ...fences } };
  const cols = keepAll(ctx.dataset);
  switch (p.action) {
    case 'flag': {
      const name = flagName(p);
      // A batch that already has the flag column (the cleaned shape) gets it computed afresh.
      return { ...base, columns: [...cols.filter((k) => k.name !== name), { name, label: name, type: 'boolean', expr: `COALESCE(${outside}, false)`, role: 'dimension' }], changed: outside, removesRows: false, affected, details: { ...base.details, flagColumn: name } };
    }
    case 'cap': {
      const integral = c.type === 'integer' || c.type === 'bigint';
      const ddl = sqlTypeDdl(c.type);
      const low = integral ? `ceil(${lo})` : lo;
      const high = integral ? `floor(${hi})` : hi;
      const expr = `CASE WHEN ${x} < ${lo} THEN (${low})::${ddl} WHEN ${x} > ${hi} THEN (${high})::${ddl} ELSE ${q} END`;
      return { ...base, columns: cols.map((k) => (k.name === c.name ? { ...k, expr } : k)), changed: outside, removesRows: false, affected };
    }
    case 'remove':
      return { ...base, columns: cols, from: `FROM ${ctx.source} s WHERE NOT COALESCE(${outside}, false)`, changed: 'false', removesRows: true, affected: null };
  }
}

/** The step's fences, from one aggregate statement; NOT_ENOUGH_DATA when too few numbers. */
async function computeFences(p: HandleOutliersParams, ctx: StepContext, x: string): Promise<Fences> {
  const finite = `${x} NOT IN ('NaN', 'Infinity', '-Infinity')`;
  const need = (n: number, min: number, what: string) => {
    if (n < min) throw new AppError(ErrorCode.NOT_ENOUGH_DATA, `handleOutliers: ${what} need at least ${min} numbers in '${p.column}', got ${n}`, { step: 'handleOutliers', column: p.column });
  };
  if (p.method === 'iqr' || p.method === 'percentile') {
    const ps = p.method === 'iqr' ? [0.25, 0.75] : [p.lower, p.upper];
    const [r] = await ctx.db.query<{ n: number; qs: number[] | null }>(
      `SELECT count(*)::float8 AS n, percentile_cont($1::float8[]) WITHIN GROUP (ORDER BY ${x}) AS qs FROM ${ctx.source} s WHERE ${finite}`,
      [ps],
    );
    need(Number(r?.n ?? 0), p.method === 'iqr' ? 4 : 1, p.method === 'iqr' ? 'IQR fences' : 'percentile fences');
    const [a, b] = r!.qs!.map(Number) as [number, number];
    if (p.method === 'percentile') return { lower: a, upper: b };
    const iqr = b - a;
    return { lower: a - p.k * iqr, upper: b + p.k * iqr };
  }
  const [r] = await ctx.db.query<{ n: number; med: number; mad: number; meanad: number }>(
    `WITH v AS (SELECT ${x} AS x FROM ${ctx.source} s WHERE ${finite}),
          m AS (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) AS med, count(*)::float8 AS n FROM v)
     SELECT m.n, m.med, percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(v.x - m.med)) AS mad, avg(abs(v.x - m.med)) AS meanad FROM v, m GROUP BY m.n, m.med`,
  );
  need(Number(r?.n ?? 0), 3, 'MAD fences');
  const med = Number(r!.med);
  const mad = Number(r!.mad);
  const meanAd = Number(r!.meanad);
  const spread = mad > 0 ? (p.z * mad) / MAD_SCALE : meanAd > 0 ? p.z * MEANAD_SCALE * meanAd : Infinity;
  return { lower: med - spread, upper: med + spread };
}
