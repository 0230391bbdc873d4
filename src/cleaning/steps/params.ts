import type { z } from 'zod';
import { isNumericType, isTimeType, type CatalogColumn, type CatalogDataset, type SqlType } from '../../shared/catalog.js';
import { AppError, ErrorCode, badInput } from '../../shared/errors.js';
import { closest, didYouMean } from '../../shared/suggest.js';
import { parseNumberLoose } from '../coerce.js';
import type { Row } from '../dedupe/types.js';
import { isMissing } from '../nulls.js';
import { parseDateLoose } from '../parseDate.js';

/** Parses step parameters; the first problem becomes BAD_INPUT naming the step and the parameter. */
export function parseParams<P>(step: string, schema: z.ZodType<P>, params: unknown): P {
  const r = schema.safeParse(params ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const path = issue.path.length ? issue.path.map(String).join('.') : null;
  const unknown = issue.code === 'unrecognized_keys' ? (issue as { keys?: string[] }).keys ?? [] : [];
  const where = unknown.length ? `unknown parameter '${unknown.join("', '")}'` : path ? `parameter '${path}': ${issue.message}` : issue.message;
  throw badInput(`${step}: ${where}`, { step, parameter: path ?? unknown[0] ?? null, issues: r.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) });
}

/** The catalog column named `name`, or UNKNOWN_COLUMN with a did-you-mean. */
export function requireColumn(ds: CatalogDataset, name: string, step: string, param: string): CatalogColumn {
  const col = ds.columns.find((c) => c.name === name);
  if (col) return col;
  const names = ds.columns.map((c) => c.name);
  throw new AppError(ErrorCode.UNKNOWN_COLUMN, `${step}: column '${name}' (parameter '${param}') does not exist in dataset '${ds.name}'${didYouMean(name, names)}`, {
    step,
    parameter: param,
    column: name,
    suggestions: closest(name, names),
  });
}

export type TypeClass = 'text' | 'numeric' | 'time' | 'boolean';

/** The broad class of a storage type. */
export function typeClass(t: SqlType): TypeClass {
  if (isNumericType(t)) return 'numeric';
  if (isTimeType(t)) return 'time';
  return t === 'boolean' ? 'boolean' : 'text';
}

/** TYPE_MISMATCH unless the column's type is one of `allowed`. */
export function requireTypeClass(col: CatalogColumn, allowed: readonly TypeClass[], step: string, why: string): void {
  if (allowed.includes(typeClass(col.type))) return;
  throw new AppError(ErrorCode.TYPE_MISMATCH, `${step}: column '${col.name}' is ${col.type}; ${why}`, { step, column: col.name, type: col.type, expected: allowed });
}

/** A numeric cell as a number (drivers return numeric/bigint as strings); null when missing or unparseable. */
export function toNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (isMissing(v)) return null;
  const p = parseNumberLoose(v);
  return p.ok ? p.value : null;
}

/** A time or numeric cell as a sortable number (epoch ms for dates); null when missing. */
export function toOrderKey(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (v instanceof Date) return v.getTime();
  if (isMissing(v)) return null;
  const d = parseDateLoose(v);
  if (d.ok) {
    const x = d.value;
    return Date.UTC(x.year, x.month - 1, x.day, x.hour, x.minute, x.second, x.millisecond) - (x.offsetMinutes ?? 0) * 60_000;
  }
  return toNumber(v);
}

/** The column's cells from the rows. */
export function columnOf(rows: readonly Row[], name: string): unknown[] {
  return rows.map((r) => r[name]);
}

/** SQL-safe column names, as the catalog stores them. */
export const COLUMN_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
