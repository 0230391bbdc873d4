import { isNumericType, type SqlType } from '../../shared/catalog.js';
import { badInput } from '../../shared/errors.js';
import { sqlTypeDdl } from '../../ingest/sqlTypes.js';
import { convertCell, convertedText, type CoerceTypeParams } from '../steps/coerceType.js';
import { typeClass } from '../steps/params.js';
import type { CellValue } from '../steps/types.js';
import { quoteIdent } from '../../warehouse/warehouse.js';
import { SqlParams, col } from './sqlParams.js';
import { keepAll } from './schemaStepsSql.js';
import type { StepContext, StepSql } from './types.js';

const INT_DIGITS: Partial<Record<SqlType, number>> = { integer: 9, bigint: 15 };

/**
 * The text numbers SQL parses itself, exactly as the pure parser would: optional minus, optional $,
 * digits with comma thousands groups or plain, optional decimals, optional %, blanks only around.
 * Anything else (other currencies, inner blanks, units, decimal commas, parentheses, exponents,
 * garbage) goes through the pure parser over its distinct values. Integer targets take no decimals
 * and only digits that fit. Kept this narrow so three replace() calls and a cast read it.
 */
export function fastNumberPattern(to: SqlType, p: CoerceTypeParams): string | null {
  if (p.decimal === ',') return null;
  const intDigits = INT_DIGITS[to];
  const digits = intDigits ? `([0-9]{1,3}(,[0-9]{3}){0,${Math.floor(intDigits / 3) - 1}}|[0-9]{1,${intDigits}})` : `([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\\.[0-9]+)?`;
  const percent = p.percent === 'number' && !intDigits ? '%?' : '';
  return `^[ \\t]*-?\\$?${digits}${percent}[ \\t]*$`;
}

/**
 * coerceType as SQL. Text to numbers: the common forms by regexp_replace in one scan; the rest by
 * the pure parser over their distinct values, mapped back through a jsonb lookup; values that
 * cannot be parsed become null and are counted (or the step is refused with onError 'reject').
 * Other conversions are casts with the same rules (integral, in range, 0/1 for booleans).
 */
export async function coerceTypeSql(p: CoerceTypeParams, ctx: StepContext): Promise<StepSql> {
  const params = new SqlParams();
  const source = ctx.dataset.columns.find((c) => c.name === p.column)!;
  const q = col(p.column);
  const to = p.to as SqlType;
  const ddl = sqlTypeDdl(to);
  let expr: string;
  let affected: number;
  let failures: { value: string; reason: string; count: number }[] = [];
  const from = typeClass(source.type);
  if (from === 'text' && to !== 'text') {
    const fast = isNumericType(to) ? fastNumberPattern(to, p) : null;
    if (fast && ctx.purpose === 'apply') return singlePass(p, ctx, fast, to);
    const fastParam = fast ? params.add(fast) : null;
    // One scan: every slow value with its count, and the fast ones counted under a null key (split by whether their text changes).
    const rows = await ctx.db.query<{ v: string | null; chg: boolean | null; c: number }>(
      `SELECT CASE WHEN ${fast ? `${q} ~ $1` : 'false'} THEN NULL ELSE ${q} END AS v,
              ${fast ? `CASE WHEN ${q} ~ $1 THEN (${strip(q)}::${ddl})::text <> ${q} END` : 'NULL::boolean'} AS chg, count(*)::float8 AS c
       FROM ${ctx.source} s WHERE ${q} IS NOT NULL GROUP BY 1, 2`,
      fast ? [fast] : [],
    );
    const r = resolveSlow(rows, p);
    affected = r.affected;
    failures = r.failures;
    const m = params.add(JSON.stringify(r.mapping), 'jsonb');
    const slow = `(${m} ->> ${q})::${ddl}`;
    // What the pattern admits is digits, '.' and '-' once its symbols, separators, % and blanks are stripped.
    expr = fastParam ? `(CASE WHEN ${q} ~ ${fastParam} THEN ${strip(q)}::${ddl} ELSE ${slow} END)` : slow;
  } else {
    const conv = castExpr(q, source.type, to, params);
    expr = conv.expr;
    // A value changes when its text in the new type differs (7.0 to bigint stays 7; 7.5 fails and becomes null).
    const [r] = await ctx.db.query<{ ok: number; bad: number; changed: number }>(
      `SELECT count(*) FILTER (WHERE ${conv.ok})::float8 AS ok, count(*) FILTER (WHERE NOT (${conv.ok}))::float8 AS bad,
              count(*) FILTER (WHERE (${conv.expr})::text IS DISTINCT FROM ${q}::text)::float8 AS changed FROM ${ctx.source} s WHERE ${q} IS NOT NULL`,
      params.values,
    );
    affected = Number(r?.changed ?? 0);
    if (Number(r?.bad ?? 0) > 0) {
      const ex = await ctx.db.query<{ v: string; c: number }>(
        `SELECT ${q}::text AS v, count(*)::float8 AS c FROM ${ctx.source} s WHERE ${q} IS NOT NULL AND NOT (${conv.ok}) GROUP BY 1 ORDER BY 2 DESC LIMIT 5`,
        params.values,
      );
      failures = ex.map((e) => ({ value: e.v, reason: conv.why, count: Number(e.c) }));
      failures.push({ value: '…', reason: conv.why, count: Number(r!.bad) - failures.reduce((n, f) => n + f.count, 0) });
      failures = failures.filter((f) => f.count > 0);
    }
  }
  const failedRows = rejectOrCount(p, failures);
  const columns = keepAll(ctx.dataset).map((c) => (c.name === p.column ? { ...c, type: to, expr, role: c.type === to ? c.role : null } : c));
  return {
    columns,
    from: `FROM ${ctx.source} s`,
    srcId: 's.ctid',
    orderBy: null,
    changed: `(${expr})::text IS DISTINCT FROM ${q}::text`,
    removesRows: false,
    params,
    affected,
    failed: failedRows,
    resolved: null,
    details: { column: p.column, from: source.type, to, failures: failures.slice(0, 5) },
  };
}

const SLOW = '__slow';
const FAST_CHANGED = '__fast_changed';

/** Removes what the fast pattern admits besides the number (the cast skips the blanks around it). */
const strip = (q: string): string => `replace(replace(replace(${q}, ',', ''), '$', ''), '%', '')`;

/**
 * Applying text → number in one pass over the source: the fast forms are parsed in the CREATE
 * TABLE itself, every other value is kept aside in a hidden column; then only those distinct values
 * go through the pure parser, their rows are updated, and the hidden column is dropped. The regex
 * runs once per row (the subquery with OFFSET 0 keeps the planner from copying it into both uses).
 */
function singlePass(p: CoerceTypeParams, ctx: StepContext, fast: string, to: SqlType): StepSql {
  const params = new SqlParams();
  const ddl = sqlTypeDdl(to);
  const name = quoteIdent(p.column);
  const isFast = params.add(fast);
  const columns = keepAll(ctx.dataset).map((c) =>
    c.name === p.column ? { ...c, type: to, role: c.type === to ? c.role : null, expr: `(CASE WHEN s."__fast" THEN ${strip(`s.${name}`)}::${ddl} END)` } : c,
  );
  return {
    columns,
    hidden: [
      { name: SLOW, expr: `(CASE WHEN NOT s."__fast" THEN s.${name} END)` },
      // Whether a fast value's text changes (1,234 → 1234; 7 stays 7): the count of values changed.
      { name: FAST_CHANGED, expr: `(s."__fast" AND (${strip(`s.${name}`)}::${ddl})::text <> s.${name})` },
    ],
    from: `FROM (SELECT r.*, r.ctid AS "__src", (r.${name} ~ ${isFast}) AS "__fast" FROM ${ctx.source} r OFFSET 0) s`,
    srcId: 's."__src"',
    orderBy: null,
    changed: `s.${name} IS NOT NULL`,
    removesRows: false,
    params,
    affected: 0,
    failed: 0,
    resolved: null,
    details: { column: p.column, from: 'text', to },
    async finish(db, t) {
      const rows = await db.query<{ v: string | null; chg: boolean | null; c: number }>(
        `SELECT "${SLOW}" AS v, CASE WHEN "${SLOW}" IS NULL THEN "${FAST_CHANGED}" END AS chg, count(*)::float8 AS c FROM ${t.ref} WHERE ${name} IS NOT NULL OR "${SLOW}" IS NOT NULL GROUP BY 1, 2`,
      );
      const r = resolveSlow(rows, p);
      const failed = rejectOrCount(p, r.failures);
      if (Object.keys(r.mapping).length) {
        // Some slow values do convert. An UPDATE would move their rows to the end of the table, so
        // the table is written once more, in order, from the first pass (no regex this time).
        const list = columns.map((c) =>
          c.name === p.column ? `CASE WHEN "${SLOW}" IS NOT NULL AND $1::jsonb ? "${SLOW}" THEN ($1::jsonb ->> "${SLOW}")::${ddl} ELSE ${name} END AS ${name}` : quoteIdent(c.name),
        );
        const second = `${quoteIdent(t.schema)}.${quoteIdent(`${t.name}_2`)}`;
        await db.query(`CREATE TABLE ${second} AS SELECT ${list.join(', ')} FROM ${t.ref}`, [JSON.stringify(r.mapping)]);
        await db.query(`DROP TABLE ${t.ref}`);
        await db.query(`ALTER TABLE ${second} RENAME TO ${quoteIdent(t.name)}`);
      } else {
        await db.query(`ALTER TABLE ${t.ref} DROP COLUMN "${SLOW}", DROP COLUMN "${FAST_CHANGED}"`);
      }
      return { affected: r.affected, failed, details: { failures: r.failures.slice(0, 5), secondPass: Object.keys(r.mapping).length > 0 } };
    },
  };
}

/**
 * Slow values (null key: the fast ones, with `chg` saying whether their text changes) through the
 * pure parser: the mapping, the failures, and the values that change (converted to other text, or
 * to null); a value already written as its new type reads the same and is not counted.
 */
function resolveSlow(rows: { v: string | null; chg?: boolean | null; c: number }[], p: CoerceTypeParams): { mapping: Record<string, CellValue>; failures: Failure[]; affected: number } {
  const mapping: Record<string, CellValue> = {};
  const failures: Failure[] = [];
  let affected = 0;
  for (const r of rows) {
    const n = Number(r.c);
    if (r.v === null) {
      if (r.chg) affected += n;
      continue;
    }
    const c = convertCell(r.v, p);
    if (c.ok) mapping[r.v] = c.value;
    else if (!c.missing) failures.push({ value: r.v, reason: c.reason, count: n });
    if (!c.ok || convertedText(c.value, p.to) !== r.v) affected += n;
  }
  failures.sort((a, b) => b.count - a.count);
  return { mapping, failures, affected };
}

type Failure = { value: string; reason: string; count: number };

/** Rows that failed; with onError 'reject', BAD_INPUT naming the column and the first failing value. */
function rejectOrCount(p: CoerceTypeParams, failures: Failure[]): number {
  const failedRows = failures.reduce((n, f) => n + f.count, 0);
  if (p.onError === 'reject' && failedRows > 0) {
    const e = failures[0]!;
    throw badInput(`coerceType: ${failedRows} value(s) of '${p.column}' cannot become ${p.to} (e.g. "${e.value}": ${e.reason}); use onError 'null' to turn them into nulls`, {
      step: 'coerceType',
      column: p.column,
      failedRows,
      examples: failures.slice(0, 5),
    });
  }
  return failedRows;
}

/** A cast between non-text types with the pure rules; `ok` is true where the value converts. */
function castExpr(q: string, from: SqlType, to: SqlType, params: SqlParams): { expr: string; ok: string; why: string } {
  const ddl = sqlTypeDdl(to);
  const fc = typeClass(from);
  const tc = typeClass(to);
  if (tc === 'text') return { expr: `${q}::text`, ok: 'true', why: '' };
  if (fc === 'numeric' && tc === 'numeric') {
    const limit = to === 'integer' ? 2 ** 31 - 1 : to === 'bigint' ? Number.MAX_SAFE_INTEGER : null;
    if (limit === null) return { expr: `${q}::${ddl}`, ok: `${q}::float8 NOT IN ('NaN', 'Infinity', '-Infinity')`, why: 'not a finite number' };
    const ok = `(${q}::float8 = trunc(${q}::float8) AND abs(${q}::float8) <= ${params.add(limit, 'float8')})`;
    return { expr: `CASE WHEN ${ok} THEN ${q}::${ddl} END`, ok, why: `not an integer in ${to} range` };
  }
  if (fc === 'numeric' && tc === 'boolean') {
    const ok = `${q} IN (0, 1)`;
    return { expr: `CASE WHEN ${q} = 1 THEN true WHEN ${q} = 0 THEN false END`, ok, why: 'only 1 and 0 read as booleans' };
  }
  if (fc === 'boolean' && tc === 'numeric') return { expr: `(CASE WHEN ${q} THEN 1 ELSE 0 END)::${ddl}`, ok: 'true', why: '' };
  return { expr: `${q}::${ddl}`, ok: 'true', why: '' };
}
