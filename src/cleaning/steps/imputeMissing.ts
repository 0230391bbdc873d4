import { z } from 'zod';
import { primaryTimeColumn, type CatalogColumn, type CatalogDataset } from '../../shared/catalog.js';
import { AppError, ErrorCode, badInput } from '../../shared/errors.js';
import { backwardFill, fillConstant, forwardFill, imputeMean, imputeMedian, imputeMode, interpolateLinear, type Cell } from '../impute.js';
import { isMissing } from '../nulls.js';
import { columnOf, parseParams, requireColumn, requireTypeClass, toNumber, toOrderKey, typeClass } from './params.js';
import type { StepDefinition } from './types.js';

const NAME = 'imputeMissing';

export const imputeMissingSchema = z
  .object({
    column: z.string().min(1),
    method: z.enum(['mean', 'median', 'mode', 'constant', 'forward_fill', 'backward_fill', 'linear']),
    /** constant: the fill value. */
    value: z.union([z.string().max(10_000), z.number().finite(), z.boolean()]).optional(),
    /** Order for fills and interpolation (default: the dataset's time column, else row order for fills). */
    orderBy: z.string().min(1).optional(),
    /** linear: what happens before the first and after the last known value. */
    edges: z.enum(['leave', 'nearest']).default('leave'),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.method === 'constant' && p.value === undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: "method 'constant' needs a value" });
  });
export type ImputeMissingParams = z.infer<typeof imputeMissingSchema>;

function orderColumn(p: ImputeMissingParams, ds: CatalogDataset): CatalogColumn | undefined {
  if (p.orderBy) return requireColumn(ds, p.orderBy, NAME, 'orderBy');
  return primaryTimeColumn(ds);
}

export const imputeMissing: StepDefinition<ImputeMissingParams> = {
  name: NAME,
  description: 'Fill missing values (nulls and disguised nulls) by mean, median, mode, a constant, forward/backward fill or linear interpolation along time.',
  schema: imputeMissingSchema,
  validate(params, ds) {
    const p = parseParams(NAME, imputeMissingSchema, params);
    const col = requireColumn(ds, p.column, NAME, 'column');
    if (p.method === 'mean' || p.method === 'median' || p.method === 'linear') requireTypeClass(col, ['numeric'], NAME, `method '${p.method}' needs a numeric column`);
    if (p.method === 'constant') {
      const cls = typeClass(col.type);
      const ok = cls === 'numeric' ? typeof p.value === 'number' : cls === 'boolean' ? typeof p.value === 'boolean' : typeof p.value === 'string';
      if (!ok) throw new AppError(ErrorCode.TYPE_MISMATCH, `${NAME}: value ${JSON.stringify(p.value)} does not fit column '${col.name}' of type ${col.type}`, { step: NAME, column: col.name, type: col.type });
    }
    const ord = orderColumn(p, ds);
    if (p.orderBy && ord) requireTypeClass(ord, ['time', 'numeric'], NAME, 'orderBy needs a time or numeric column');
    if (p.method === 'linear' && !ord) throw badInput(`${NAME}: method 'linear' needs 'orderBy' (the dataset has no time column)`, { step: NAME, parameter: 'orderBy' });
    return p;
  },
  plan(p, table, ds) {
    const col = ds.columns.find((c) => c.name === p.column)!;
    const numeric = typeClass(col.type) === 'numeric';
    const raw = columnOf(table.rows, p.column);
    const cells: Cell[] = raw.map((v) => (isMissing(v) ? null : numeric ? toNumber(v) : (v as Cell)));
    if (p.method !== 'constant' && !cells.some((v) => v !== null)) {
      throw new AppError(ErrorCode.NOT_ENOUGH_DATA, `${NAME}: column '${p.column}' has no non-null values to impute from`, { step: NAME, column: p.column });
    }
    const ord = orderColumn(p, ds);
    const order = ord ? columnOf(table.rows, ord.name).map(toOrderKey) : undefined;
    let result: { values: Cell[]; filled: number[] };
    let fill: Cell = null;
    switch (p.method) {
      case 'mean':
      case 'median': {
        const r = p.method === 'mean' ? imputeMean(cells as (number | null)[]) : imputeMedian(cells as (number | null)[]);
        // Integral columns cannot hold a fractional fill; round as SQL's cast would.
        fill = col.type === 'integer' || col.type === 'bigint' ? Math.round(r.fill) : r.fill;
        result = fillConstant(cells, fill);
        break;
      }
      case 'mode': {
        const r = imputeMode(cells as (string | number | boolean | null)[]);
        fill = r.fill;
        result = r;
        break;
      }
      case 'constant':
        fill = p.value!;
        result = fillConstant(cells, fill);
        break;
      case 'forward_fill':
        result = forwardFill(cells, order);
        break;
      case 'backward_fill':
        result = backwardFill(cells, order);
        break;
      case 'linear':
        result = interpolateLinear(cells as (number | null)[], order, p.edges);
        break;
    }
    return { kind: 'fillValues', column: p.column, method: p.method, fill, fills: result.filled.map((row) => ({ row, value: result.values[row]! })) };
  },
};
