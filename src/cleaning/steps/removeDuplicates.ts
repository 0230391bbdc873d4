import { z } from 'zod';
import type { SqlType } from '../../shared/catalog.js';
import { DEFAULT_BLOCKING } from '../cluster/blocking.js';
import { findDuplicateKeys, findExactDuplicates } from '../dedupe/exact.js';
import { findFuzzyDuplicates } from '../dedupe/fuzzyDuplicates.js';
import { rowsToDelete } from '../dedupe/keep.js';
import type { MatchColumn } from '../dedupe/scoring.js';
import { KEEP_POLICIES } from '../dedupe/types.js';
import { columnOf, parseParams, requireColumn, requireTypeClass, toOrderKey, typeClass } from './params.js';
import type { StepDefinition } from './types.js';

const NAME = 'removeDuplicates';

export const removeDuplicatesSchema = z
  .object({
    /** exact: equal rows (on `columns`, or all columns); key: equal `columns`; fuzzy: similar `columns`. */
    mode: z.enum(['exact', 'key', 'fuzzy']),
    columns: z.array(z.string().min(1)).min(1).max(50).optional(),
    keep: z.enum(KEEP_POLICIES).default('first'),
    /** Column whose order decides first/last (default: row order). */
    orderBy: z.string().min(1).optional(),
    /** fuzzy: score a pair needs, in (0, 1]. */
    threshold: z.number().gt(0).lte(1).default(0.9),
    /** fuzzy: one positive weight per column (default equal). */
    weights: z.array(z.number().positive().max(1000)).optional(),
    /** fuzzy: text similarity. */
    metric: z.enum(['jaro_winkler', 'levenshtein']).default('jaro_winkler'),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.mode !== 'exact' && !p.columns) ctx.addIssue({ code: 'custom', path: ['columns'], message: `mode '${p.mode}' needs the columns to compare` });
    if (p.weights && p.weights.length !== (p.columns?.length ?? 0)) ctx.addIssue({ code: 'custom', path: ['weights'], message: 'needs one weight per column' });
  });
export type RemoveDuplicatesParams = z.infer<typeof removeDuplicatesSchema>;

/**
 * How fuzzy mode scores each column: text by the metric, numbers by relative difference, the rest
 * exactly; text columns first, as blocking keys come from the first text column. The quality
 * report builds its near-duplicate check with this too, so its count is what the fix removes.
 */
export function fuzzyMatchSpec(
  columns: readonly { name: string; type: SqlType }[], weights: readonly number[] | undefined, metric: 'jaro_winkler' | 'levenshtein',
): MatchColumn[] {
  return columns
    .map((c, i) => {
      const t = typeClass(c.type);
      const method = t === 'numeric' ? 'numeric' : t === 'text' ? metric : 'exact';
      return { column: c.name, weight: weights?.[i] ?? 1, method } as MatchColumn;
    })
    .sort((a, b) => Number(b.method === metric) - Number(a.method === metric));
}

export const removeDuplicates: StepDefinition<RemoveDuplicatesParams> = {
  name: NAME,
  description: 'Remove exact duplicate rows, rows with a duplicate key, or fuzzy duplicate records; keep the first, last or most complete of each group.',
  schema: removeDuplicatesSchema,
  validate(params, ds) {
    const p = parseParams(NAME, removeDuplicatesSchema, params);
    const cols = (p.columns ?? []).map((c, i) => requireColumn(ds, c, NAME, `columns.${i}`));
    if (p.orderBy) requireTypeClass(requireColumn(ds, p.orderBy, NAME, 'orderBy'), ['time', 'numeric', 'text'], NAME, 'orderBy needs a sortable column');
    if (p.mode === 'fuzzy' && !cols.some((c) => typeClass(c.type) === 'text')) {
      requireTypeClass(cols[0]!, ['text'], NAME, 'fuzzy matching needs at least one text column to compare and block on');
    }
    return p;
  },
  plan(p, table, ds) {
    const columns = p.columns ?? ds.columns.map((c) => c.name);
    const order = p.orderBy ? columnOf(table.rows, p.orderBy).map(toOrderKey) : undefined;
    let groups;
    if (p.mode === 'exact') groups = findExactDuplicates(table.rows, columns, p.keep, order);
    else if (p.mode === 'key') groups = findDuplicateKeys(table.rows, columns, p.keep, order);
    else {
      const spec = fuzzyMatchSpec(columns.map((c) => ds.columns.find((x) => x.name === c)!), p.weights, p.metric);
      groups = findFuzzyDuplicates(table.rows, { columns: spec, threshold: p.threshold, keep: p.keep, blocking: DEFAULT_BLOCKING, ...(order ? { order } : {}) }).groups;
    }
    return { kind: 'deleteRows', rows: rowsToDelete(groups), groups };
  },
};
