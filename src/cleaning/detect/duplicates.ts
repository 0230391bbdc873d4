import { findDuplicateKeys, findExactDuplicates } from '../dedupe/exact.js';
import { findFuzzyDuplicates } from '../dedupe/fuzzyDuplicates.js';
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
