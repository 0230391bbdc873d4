import { AppError, ErrorCode, badInput } from '../shared/errors.js';
import { HAVING_OPS, type HavingCondition } from './insightQuery.js';
import { join, raw, sql, value, type SqlFragment } from './sql.js';
import type { ResolvedMeasure } from './validate.js';

/**
 * Group filters (SQL HAVING): a threshold on a measure's value per group, "states with more than
 * 1,000 rows", "countries whose average is above 70". The measure is named by its output name, as
 * in `orderBy`; the SQL repeats its aggregate expression (Postgres cannot read an output alias in
 * HAVING) and binds the threshold as a float8 parameter, since every numeric measure is float8.
 */

export type HavingOp = (typeof HAVING_OPS)[number];

export interface ResolvedHaving {
  measure: ResolvedMeasure;
  op: HavingOp;
  /** One threshold, or [low, high] for `between`. */
  values: number[];
}

const NUMERIC_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A threshold as a finite number (numeric text accepted, as filters accept it), else null. */
function thresholdOf(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && NUMERIC_TEXT.test(v.trim())) {
    const n = Number(v.trim());
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** Binds each condition to a measure of the query and checks its threshold; throws a coded AppError. */
export function resolveHaving(conds: readonly HavingCondition[], measures: readonly ResolvedMeasure[]): ResolvedHaving[] {
  return conds.map((c, i) => {
    const at = (...rest: string[]) => ({ path: ['having', String(i), ...rest] });
    const measure = measures.find((m) => m.name === c.measure);
    if (!measure) {
      const names = measures.map((m) => `'${m.name}'`).join(', ') || 'none';
      throw new AppError(ErrorCode.UNKNOWN_COLUMN, `having.${i}: '${c.measure}' is not a measure of this query (measures: ${names})`, { ...at('measure'), measure: c.measure });
    }
    if (!(HAVING_OPS as readonly string[]).includes(c.op)) throw badInput(`having.${i}: operator '${c.op}' does not apply to a group's figure; use one of ${HAVING_OPS.join(', ')}`, at('op'));
    if (measure.outputType !== 'double') {
      throw new AppError(ErrorCode.TYPE_MISMATCH, `having.${i}: measure '${measure.name}' is ${measure.outputType}, not a number, so it cannot be compared with a threshold`, { ...at('measure'), measure: measure.name, type: measure.outputType });
    }
    const raw = c.op === 'between' ? (c.values ?? []) : [c.value];
    if (c.op === 'between' && raw.length !== 2) throw badInput(`having.${i}: 'between' needs exactly 2 values`, at('values'));
    const values = raw.map((v, j) => {
      const n = thresholdOf(v);
      if (n === null) throw new AppError(ErrorCode.TYPE_MISMATCH, `having.${i}: threshold ${JSON.stringify(v ?? null)} is not a number`, { ...at(c.op === 'between' ? 'values' : 'value', ...(c.op === 'between' ? [String(j)] : [])), value: v ?? null });
      return n;
    });
    return { measure, op: c.op as HavingOp, values };
  });
}

const COMPARISON: Record<Exclude<HavingOp, 'between'>, string> = { eq: '=', neq: '<>', lt: '<', lte: '<=', gt: '>', gte: '>=' };

/** The HAVING clause for the conditions (empty without any); `agg` gives a measure's aggregate expression. */
export function havingClause(conds: readonly ResolvedHaving[], agg: (m: ResolvedMeasure) => SqlFragment): SqlFragment {
  if (!conds.length) return sql``;
  const parts = conds.map((c) => {
    const e = agg(c.measure);
    if (c.op === 'between') return sql`${e} BETWEEN ${value(c.values[0])}::float8 AND ${value(c.values[1])}::float8`;
    return sql`${e} ${raw(COMPARISON[c.op])} ${value(c.values[0])}::float8`;
  });
  return sql`\nHAVING ${join(parts, ' AND ')}`;
}
