import { z } from 'zod';
import { countValues } from '../cluster/types.js';
import { columnOf, parseParams, requireColumn, requireTypeClass } from './params.js';
import type { StepDefinition, ValueMapping } from './types.js';

const NAME = 'trimAndCase';

export const trimAndCaseSchema = z
  .object({
    columns: z.array(z.string().min(1)).min(1).max(200),
    trim: z.boolean().default(true),
    collapseSpaces: z.boolean().default(true),
    case: z.enum(['keep', 'lower', 'upper', 'title']).default('keep'),
  })
  .strict();
export type TrimAndCaseParams = z.infer<typeof trimAndCaseSchema>;

/** Applies the trim / space / case rules to one value. */
export function tidyText(s: string, p: Pick<TrimAndCaseParams, 'trim' | 'collapseSpaces' | 'case'>): string {
  let t = s;
  if (p.collapseSpaces) t = t.replace(/\s+/gu, ' ');
  if (p.trim) t = t.trim();
  switch (p.case) {
    case 'lower':
      return t.toLowerCase();
    case 'upper':
      return t.toUpperCase();
    case 'title':
      return t.toLowerCase().replace(/(^|[\s\-/(])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase());
    case 'keep':
      return t;
  }
}

export const trimAndCase: StepDefinition<TrimAndCaseParams> = {
  name: NAME,
  description: 'Trim, collapse inner whitespace and change the case of text columns.',
  schema: trimAndCaseSchema,
  validate(params, ds) {
    const p = parseParams(NAME, trimAndCaseSchema, params);
    p.columns.forEach((c, i) => requireTypeClass(requireColumn(ds, c, NAME, `columns.${i}`), ['text'], NAME, 'trim and case apply to text columns'));
    return p;
  },
  plan(p, table) {
    const mappings: ValueMapping[] = p.columns.map((column) => ({
      column,
      entries: countValues(columnOf(table.rows, column).filter((v) => typeof v === 'string'))
        .map((v) => ({ from: v.value, to: tidyText(v.value, p), count: v.count }))
        .filter((e) => e.to !== e.from),
    }));
    return { kind: 'mapValues', mappings };
  },
};
