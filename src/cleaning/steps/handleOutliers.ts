import { z } from 'zod';
import { badInput } from '../../shared/errors.js';
import { flagOutliers, iqrFences, madFences, percentileFences } from '../outliers.js';
import { COLUMN_NAME_RE, columnOf, parseParams, requireColumn, requireTypeClass, toNumber } from './params.js';
import type { StepDefinition } from './types.js';

const NAME = 'handleOutliers';

/** How fences are drawn. */
export const OUTLIER_METHODS = ['iqr', 'mad', 'percentile'] as const;

export const handleOutliersSchema = z
  .object({
    column: z.string().min(1),
    method: z.enum(OUTLIER_METHODS).default('iqr'),
    /** iqr: fence multiplier. */
    k: z.number().gt(0).lte(10).default(1.5),
    /** mad: modified z-score cut-off. */
    z: z.number().gt(0).lte(20).default(3.5),
    /** percentile: lower and upper quantiles. */
    lower: z.number().min(0).lt(1).default(0.01),
    upper: z.number().gt(0).max(1).default(0.99),
    action: z.enum(['flag', 'cap', 'remove']),
    /** flag: the new boolean column (default `<column>_outlier`). */
    flagColumn: z.string().regex(COLUMN_NAME_RE, 'must be a SQL-safe name (letters, digits, _)').optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.lower >= p.upper) ctx.addIssue({ code: 'custom', path: ['lower'], message: `must be below upper (${p.upper})` });
  });
export type HandleOutliersParams = z.infer<typeof handleOutliersSchema>;

/**
 * The flag column a `flag` action writes: `flagColumn`, else `<column>_outlier` for the default
 * method (IQR) and `<column>_outlier_<method>` for the others, so two methods applied in turn
 * write two flags instead of colliding on one name.
 */
export const flagName = (p: Pick<HandleOutliersParams, 'column' | 'flagColumn'> & { method?: string }): string =>
  p.flagColumn ?? `${p.column}_outlier${p.method && p.method !== 'iqr' ? `_${p.method}` : ''}`.slice(0, 63);

export const handleOutliers: StepDefinition<HandleOutliersParams> = {
  name: NAME,
  description: 'Flag outliers in a new column, cap them at the fences (winsorize) or remove their rows; fences by IQR, median/MAD or percentiles.',
  schema: handleOutliersSchema,
  validate(params, ds) {
    const p = parseParams(NAME, handleOutliersSchema, params);
    requireTypeClass(requireColumn(ds, p.column, NAME, 'column'), ['numeric'], NAME, 'outliers are found in numeric columns');
    if (p.action === 'flag' && ds.columns.some((c) => c.name === flagName(p))) {
      throw badInput(`${NAME}: flagColumn '${flagName(p)}' already exists`, { step: NAME, parameter: 'flagColumn' });
    }
    return p;
  },
  plan(p, table) {
    const values = columnOf(table.rows, p.column).map(toNumber);
    const fences = p.method === 'iqr' ? iqrFences(values, p.k) : p.method === 'mad' ? madFences(values, p.z) : percentileFences(values, p.lower, p.upper);
    const flags = flagOutliers(values, fences);
    const rows = flags.flatMap((f, i) => (f ? [i] : []));
    const capped = p.action === 'cap' ? rows.map((row) => ({ row, from: values[row]!, to: values[row]! < fences.lower ? fences.lower : fences.upper })) : [];
    return { kind: 'outliers', column: p.column, action: p.action, fences: { lower: fences.lower, upper: fences.upper }, rows, flagColumn: p.action === 'flag' ? flagName(p) : null, capped };
  },
};
