import { z } from 'zod';
import { badInput } from '../../shared/errors.js';
import { parseParams, requireColumn } from './params.js';
import type { StepDefinition } from './types.js';

const NAME = 'dropColumns';

export const dropColumnsSchema = z
  .object({ columns: z.array(z.string().min(1)).min(1).max(1000) })
  .strict()
  .refine((p) => new Set(p.columns).size === p.columns.length, { path: ['columns'], message: 'lists a column twice' });
export type DropColumnsParams = z.infer<typeof dropColumnsSchema>;

export const dropColumns: StepDefinition<DropColumnsParams> = {
  name: NAME,
  description: 'Drop columns (the previous version keeps them).',
  schema: dropColumnsSchema,
  validate(params, ds) {
    const p = parseParams(NAME, dropColumnsSchema, params);
    p.columns.forEach((c, i) => requireColumn(ds, c, NAME, `columns.${i}`));
    if (p.columns.length >= ds.columns.length) throw badInput(`${NAME}: cannot drop every column of '${ds.name}'`, { step: NAME, parameter: 'columns' });
    return p;
  },
  plan: (p) => ({ kind: 'dropColumns', columns: [...p.columns] }),
};
