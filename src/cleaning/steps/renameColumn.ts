import { z } from 'zod';
import { badInput } from '../../shared/errors.js';
import { COLUMN_NAME_RE, parseParams, requireColumn } from './params.js';
import type { StepDefinition } from './types.js';

const NAME = 'renameColumn';

export const renameColumnSchema = z
  .object({
    column: z.string().min(1),
    newName: z.string().regex(COLUMN_NAME_RE, 'must be a SQL-safe name: a letter or _, then letters, digits or _, at most 63'),
  })
  .strict();
export type RenameColumnParams = z.infer<typeof renameColumnSchema>;

export const renameColumn: StepDefinition<RenameColumnParams> = {
  name: NAME,
  description: 'Rename a column.',
  schema: renameColumnSchema,
  validate(params, ds) {
    const p = parseParams(NAME, renameColumnSchema, params);
    requireColumn(ds, p.column, NAME, 'column');
    if (p.newName !== p.column && ds.columns.some((c) => c.name.toLowerCase() === p.newName.toLowerCase())) {
      throw badInput(`${NAME}: newName '${p.newName}' is already a column of '${ds.name}'`, { step: NAME, parameter: 'newName' });
    }
    return p;
  },
  plan: (p) => ({ kind: 'renameColumn', from: p.column, to: p.newName }),
};
