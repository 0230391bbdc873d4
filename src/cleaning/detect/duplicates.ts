import { findDuplicateKeys, findExactDuplicates } from '../dedupe/exact.js';
import { DEFAULT_BLOCKING } from '../cluster/blocking.js';
import { findFuzzyDuplicates } from '../dedupe/fuzzyDuplicates.js';
import { rowsToDelete } from '../dedupe/keep.js';
import { fuzzyMatchSpec } from '../steps/removeDuplicates.js';
import type { SqlType, ColumnRole } from '../../shared/catalog.js';
import type { DuplicateGroup, Row } from '../dedupe/types.js';
import { isMissing } from '../nulls.js';
import { isCategorical } from './inconsistentSpellings.js';
import { shareOf, type ColumnInput, type Finding } from './types.js';

const removed = (groups: readonly DuplicateGroup[]): number => groups.reduce((n, g) => n + g.rows.length - 1, 0);
const show = (row: Row, columns: readonly string[]): string => columns.map((c) => String(row[c] ?? 'null')).join(' | ').slice(0, 200);

/** Exact duplicate rows (equal on every column); fix: removeDuplicates exact, keep first. */
export function detectDuplicateRows(rows: readonly Row[], columns: readonly string[]): Finding[] {
  const groups = findExactDuplicates(rows, columns);
  const n = removed(groups);
  if (n === 0) return [];
  return [{
    kind: 'duplicate_rows', column: null, count: n, share: shareOf(n, rows.length),
    examples: groups.slice(0, 5).map((g) => ({ value: show(rows[g.rows[0]!]!, columns), count: g.rows.length })),
    message: `${n} row(s) repeat another row exactly (${groups.length} group(s))`,
    fix: { step: 'removeDuplicates', params: { mode: 'exact', keep: 'first' } },
  }];
}

/** Rows sharing a key (rows with a null key part excluded); fix: removeDuplicates by key, keep the most complete. */
export function detectDuplicateKeys(rows: readonly Row[], key: readonly string[]): Finding[] {
  const groups = findDuplicateKeys(rows, key);
  const n = removed(groups);
  if (n === 0) return [];
  return [{
    kind: 'duplicate_keys', column: key.join(', '), count: n, share: shareOf(n, rows.length),
    examples: groups.slice(0, 5).map((g) => ({ value: show(rows[g.rows[0]!]!, key), count: g.rows.length })),
    message: `${n} row(s) repeat a key (${key.join(', ')}) of another row (${groups.length} key(s))`,
    fix: { step: 'removeDuplicates', params: { mode: 'key', columns: [...key], keep: 'most_complete' } },
  }];
}

/** Score for near-duplicate text values in the report (stricter than the step default). */
export const NEAR_DUPLICATE_THRESHOLD = 0.92;

/**
 * Near-duplicate clusters in a free-text or identifier-like text column (not a category: those are
 * spelling variants): values within Jaro-Winkler 0.92 that the guards allow. Fix: fuzzy dedupe on it.
 */
export function detectNearDuplicates(col: ColumnInput): Finding[] {
  if (col.type !== 'text') return [];
  const present = col.values.filter((v) => !isMissing(v));
  if (present.length < 2 || isCategorical(col, new Set(present).size, present.length)) return [];
  const rows = col.values.map((v) => ({ v }));
  const { groups } = findFuzzyDuplicates(rows, { columns: [{ column: 'v' }], threshold: NEAR_DUPLICATE_THRESHOLD });
  // Exact repeats are reported by the duplicate-row check; here only groups with distinct spellings count.
  const fuzzy = groups.filter((g) => new Set(g.rows.map((r) => String(col.values[r]))).size > 1);
  const n = removed(fuzzy);
  if (n === 0) return [];
  return [{
    kind: 'near_duplicates', column: col.name, count: n, share: shareOf(n, col.values.length),
    examples: fuzzy.slice(0, 5).map((g) => ({ value: [...new Set(g.rows.map((r) => String(col.values[r])))].slice(0, 4).map((s) => JSON.stringify(s)).join(' ≈ '), count: g.rows.length })),
    message: `${fuzzy.length} cluster(s) of near-identical values in '${col.name}' (${n} row(s) beyond one per cluster)`,
    fix: { step: 'removeDuplicates', params: { mode: 'fuzzy', columns: [col.name], threshold: NEAR_DUPLICATE_THRESHOLD, keep: 'most_complete' } },
  }];
}

/** Share of distinct values among the present ones at which a text column names each record (a title, a model name). */
export const IDENTIFYING_SHARE = 0.5;
/** Weight of the identifying column against 1 for each other column in the row-level check. */
export const IDENTIFYING_WEIGHT = 3;
/** Score two rows need to be one record (the step's default). */
export const NEAR_DUPLICATE_ROW_THRESHOLD = 0.9;
/** Most columns removeDuplicates compares. */
const MAX_COLUMNS = 50;

type ColumnMeta = { name: string; type: SqlType; role?: ColumnRole };

/** The text column that names each record: the one with the largest share of distinct values, if at least IDENTIFYING_SHARE. */
export function identifyingColumn(rows: readonly Row[], columns: readonly ColumnMeta[]): ColumnMeta | null {
  let best: ColumnMeta | null = null;
  let bestShare = 0;
  for (const c of columns) {
    if (c.type !== 'text' || c.role === 'time') continue;
    const present = rows.map((r) => r[c.name]).filter((v) => !isMissing(v));
    if (present.length < 2) continue;
    const share = new Set(present.map(String)).size / present.length;
    if (share >= IDENTIFYING_SHARE && share > bestShare) [best, bestShare] = [c, share];
  }
  return best;
}

/**
 * Near-duplicate rows: records entered twice with small edits (a typo in the name, a case change,
 * a dropped field). Rows are compared on every column, the identifying column weighted most, as
 * removeDuplicates' fuzzy mode does with the fix's parameters; its role does not matter (a name
 * column classed as a dimension has near-duplicate records, not spelling variants to merge).
 * The count is what the fix removes, exact copies in the same groups included.
 */
export function detectNearDuplicateRows(rows: readonly Row[], columns: readonly ColumnMeta[]): Finding[] {
  const id = identifyingColumn(rows, columns);
  if (!id) return [];
  const compared = [id, ...columns.filter((c) => c !== id)].slice(0, MAX_COLUMNS);
  const weights = compared.map((c) => (c === id ? IDENTIFYING_WEIGHT : 1));
  const spec = fuzzyMatchSpec(compared, weights, 'jaro_winkler');
  const { groups } = findFuzzyDuplicates(rows, { columns: spec, threshold: NEAR_DUPLICATE_ROW_THRESHOLD, keep: 'most_complete', blocking: DEFAULT_BLOCKING });
  const names = compared.map((c) => c.name);
  const exactKey = (r: number): string => JSON.stringify(names.map((c) => rows[r]![c] ?? null));
  const near = groups.filter((g) => new Set(g.rows.map(exactKey)).size > 1);
  if (near.length === 0) return [];
  const n = rowsToDelete(groups).length;
  const exactOnly = n - rowsToDelete(near).length;
  return [{
    kind: 'near_duplicates', column: id.name, count: n, share: shareOf(n, rows.length),
    examples: near.slice(0, 5).map((g) => ({ value: [...new Set(g.rows.map((r) => String(rows[r]![id.name] ?? 'null')))].slice(0, 4).map((v) => JSON.stringify(v)).join(' ≈ '), count: g.rows.length })),
    message: `${near.length} record(s) appear more than once with small differences (matched on '${id.name}' and the other columns); removing the copies drops ${n} row(s)` +
      (exactOnly > 0 ? `, ${exactOnly} of them in groups of exact copies` : ''),
    fix: { step: 'removeDuplicates', params: { mode: 'fuzzy', columns: names, weights, threshold: NEAR_DUPLICATE_ROW_THRESHOLD, keep: 'most_complete' } },
    details: { level: 'row', identifyingColumn: id.name, groups: groups.length, nearGroups: near.length },
  }];
}
