import { z } from 'zod';
import type { SqlType } from '../../shared/catalog.js';
import { countValues } from '../cluster/types.js';
import { parseBooleanLoose, parseNumberLoose, type NumberRules } from '../coerce.js';
import { isNullish } from '../nulls.js';
import { parseDateLoose } from '../parseDate.js';
import { columnOf, parseParams, requireColumn, typeClass, type TypeClass } from './params.js';
import { AppError, ErrorCode, badInput } from '../../shared/errors.js';
import type { CellValue, StepDefinition } from './types.js';

const NAME = 'coerceType';
const TARGETS = ['integer', 'bigint', 'double', 'numeric', 'boolean', 'date', 'timestamp', 'text'] as const;

export const coerceTypeSchema = z
  .object({
    column: z.string().min(1),
    to: z.enum(TARGETS),
    /** What happens to values that cannot be parsed: they become null (counted) or the step is refused. */
    onError: z.enum(['null', 'reject']).default('null'),
    percent: z.enum(['number', 'fraction']).default('number'),
    decimal: z.enum(['auto', '.', ',']).default('auto'),
    units: z.boolean().default(true),
    magnitudes: z.boolean().default(false),
    dateOrder: z.enum(['auto', 'mdy', 'dmy']).default('auto'),
  })
  .strict();
export type CoerceTypeParams = z.infer<typeof coerceTypeSchema>;

// Which storage classes may be converted into which: text parses into anything; the rest only widen or print.
const ALLOWED: Record<TypeClass, readonly TypeClass[]> = {
  text: ['text', 'numeric', 'time', 'boolean'],
  numeric: ['numeric', 'text', 'boolean'],
  time: ['time', 'text'],
  boolean: ['boolean', 'text', 'numeric'],
};
const INT_RANGE: Partial<Record<SqlType, number>> = { integer: 2 ** 31 - 1, bigint: Number.MAX_SAFE_INTEGER };

/** `missing`: the text was empty or a null marker, so null is no loss. */
type Converted = { ok: true; value: CellValue } | { ok: false; reason: string; missing: boolean };

const failed = (r: { reason: string; kind: string }): Converted => ({ ok: false, reason: r.reason, missing: r.kind === 'empty' || r.kind === 'null' });

/** Converts one cell to the target type under the step's rules. */
export function convertCell(v: unknown, p: CoerceTypeParams): Converted {
  const rules: NumberRules = { percent: p.percent, decimal: p.decimal, units: p.units, magnitudes: p.magnitudes };
  switch (p.to) {
    case 'integer':
    case 'bigint':
    case 'double':
    case 'numeric': {
      if (typeof v === 'boolean') return { ok: true, value: v ? 1 : 0 };
      const r = parseNumberLoose(v, rules);
      if (!r.ok) return failed(r);
      const limit = INT_RANGE[p.to];
      if (limit !== undefined) {
        if (!Number.isInteger(r.value)) return { ok: false, reason: `not an integer: ${r.value}`, missing: false };
        if (Math.abs(r.value) > limit) return { ok: false, reason: `out of ${p.to} range: ${r.value}`, missing: false };
      }
      return { ok: true, value: r.value };
    }
    case 'boolean': {
      const r = parseBooleanLoose(v);
      return r.ok ? { ok: true, value: r.value } : failed(r);
    }
    case 'date':
    case 'timestamp': {
      const r = parseDateLoose(v, { order: p.dateOrder });
      if (!r.ok) return failed(r);
      return { ok: true, value: p.to === 'date' ? r.value.iso.slice(0, 10) : r.value.iso };
    }
    case 'text':
      return { ok: true, value: typeof v === 'string' ? v : String(v) };
  }
}

export const coerceType: StepDefinition<CoerceTypeParams> = {
  name: NAME,
  description: 'Convert a column to another type with loose parse rules (thousands separators, currency, percent, units, date formats, booleans).',
  schema: coerceTypeSchema,
  validate(params, ds) {
    const p = parseParams(NAME, coerceTypeSchema, params);
    const col = requireColumn(ds, p.column, NAME, 'column');
    const from = typeClass(col.type);
    const to = typeClass(p.to);
    if (!ALLOWED[from].includes(to)) {
      throw new AppError(ErrorCode.TYPE_MISMATCH, `${NAME}: column '${col.name}' is ${col.type} and cannot become ${p.to}`, { step: NAME, column: col.name, type: col.type, to: p.to });
    }
    return p;
  },
  plan(p, table) {
    const counts = countValues(columnOf(table.rows, p.column).filter((v) => !isNullish(v)));
    const entries: { from: string; to: CellValue; count: number }[] = [];
    const failures: { value: string; reason: string; count: number }[] = [];
    for (const { value, count } of counts) {
      const c = convertCell(value, p);
      if (c.ok) entries.push({ from: value, to: c.value, count });
      else {
        entries.push({ from: value, to: null, count });
        // Empty text and null markers become null quietly: they were missing already.
        if (!c.missing) failures.push({ value, reason: c.reason, count });
      }
    }
    failures.sort((a, b) => b.count - a.count);
    const failedRows = failures.reduce((n, f) => n + f.count, 0);
    if (p.onError === 'reject' && failures.length > 0) {
      const e = failures[0]!;
      throw badInput(`${NAME}: ${failedRows} value(s) of '${p.column}' cannot become ${p.to} (e.g. "${e.value}": ${e.reason}); use onError 'null' to turn them into nulls`, {
        step: NAME,
        column: p.column,
        failedRows,
        examples: failures.slice(0, 5),
      });
    }
    return { kind: 'coerce', column: p.column, to: p.to, mapping: { column: p.column, entries }, failures, failedRows };
  },
};

/**
 * A converted value as Postgres prints it in its new type (float8, boolean, date and timestamp
 * text), so "does this value change" compares like with like: "7" to bigint stays 7, "7.50" to
 * double becomes 7.5, "1,234" becomes 1234.
 */
export function convertedText(value: CellValue, to: CoerceTypeParams['to']): string | null {
  if (value === null) return null;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return String(value);
  return to === 'timestamp' ? value.replace('T', ' ').replace(/(\.0+)?Z?$/, '') : value;
}

/** True when coerceType rewrites this cell: it fails or stands for a missing value (becomes null), or its converted text differs. */
export function cellChanges(v: string, p: CoerceTypeParams): boolean {
  const c = convertCell(v, p);
  return !c.ok || convertedText(c.value, p.to) !== v;
}
