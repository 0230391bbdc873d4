import { z } from 'zod';
import { clusterValues } from '../cluster/clusterValues.js';
import { countValues } from '../cluster/types.js';
import { columnOf, parseParams, requireColumn, requireTypeClass } from './params.js';
import type { StepDefinition, ValueMapping } from './types.js';

const NAME = 'standardizeValues';

export const standardizeValuesSchema = z
  .object({
    column: z.string().min(1),
    method: z.enum(['fingerprint', 'ngram', 'metaphone', 'double_metaphone', 'levenshtein', 'jaro_winkler', 'mapping']),
    /** levenshtein / jaro_winkler: similarity in (0, 1]. */
    threshold: z.number().gt(0).lte(1).optional(),
    /** ngram: n. */
    ngramSize: z.number().int().min(1).max(10).default(2),
    /** Fuzzy methods: how many times more frequent the kept spelling must be (1 = off). */
    minCountRatio: z.number().min(1).max(1e6).optional(),
    /** mapping: value → replacement (null makes it a real null). */
    mapping: z.record(z.string(), z.string().max(10_000).nullable()).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.method === 'mapping' && (!p.mapping || Object.keys(p.mapping).length === 0)) ctx.addIssue({ code: 'custom', path: ['mapping'], message: "method 'mapping' needs a non-empty mapping" });
    if (p.method !== 'mapping' && p.mapping) ctx.addIssue({ code: 'custom', path: ['mapping'], message: "only used with method 'mapping'" });
  });
export type StandardizeValuesParams = z.infer<typeof standardizeValuesSchema>;

export const standardizeValues: StepDefinition<StandardizeValuesParams> = {
  name: NAME,
  description: "Merge variants of one value (OpenRefine's key collision and nearest-neighbour methods) or apply an explicit mapping.",
  schema: standardizeValuesSchema,
  validate(params, ds) {
    const p = parseParams(NAME, standardizeValuesSchema, params);
    requireTypeClass(requireColumn(ds, p.column, NAME, 'column'), ['text'], NAME, 'standardizing values needs a text column');
    return p;
  },
  plan(p, table) {
    const counts = countValues(columnOf(table.rows, p.column));
    if (p.method === 'mapping') {
      const byValue = new Map(counts.map((v) => [v.value, v.count]));
      const entries = Object.entries(p.mapping!).map(([from, to]) => ({ from, to, count: byValue.get(from) ?? 0 }));
      return { kind: 'mapValues', mappings: [{ column: p.column, entries }] };
    }
    const clusters = clusterValues(counts, p.method, {
      ngramSize: p.ngramSize,
      ...(p.threshold !== undefined ? { threshold: p.threshold } : {}),
      ...(p.minCountRatio !== undefined ? { minCountRatio: p.minCountRatio } : {}),
    });
    const mapping: ValueMapping = { column: p.column, entries: [] };
    for (const c of clusters) for (const v of c.values) if (v.value !== c.canonical) mapping.entries.push({ from: v.value, to: c.canonical, count: v.count });
    return { kind: 'mapValues', mappings: [mapping], clusters };
  },
};
