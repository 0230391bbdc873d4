import type { CatalogColumn, CatalogDataset } from '../shared/catalog.js';
import { AppError, ErrorCode } from '../shared/errors.js';
import { closest } from '../shared/suggest.js';

/**
 * Finds a column the way a person names it: exact name first, then case-insensitive on name or
 * label. Unknown names get a suggestion, because most are typos or near-misses.
 */

/** The column `name` refers to; throws UNKNOWN_COLUMN (with a suggestion) or BAD_INPUT when ambiguous. */
export function findColumn(ds: CatalogDataset, name: string, where = 'column'): CatalogColumn {
  const exact = ds.columns.find((c) => c.name === name);
  if (exact) return exact;
  const lc = name.trim().toLowerCase();
  const byName = ds.columns.filter((c) => c.name.toLowerCase() === lc);
  const matches = byName.length ? byName : ds.columns.filter((c) => c.label.trim().toLowerCase() === lc);
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new AppError(ErrorCode.BAD_INPUT, `${where} '${name}' is ambiguous in ${ds.name}: it matches ${matches.map((c) => `'${c.name}'`).join(', ')}`, {
      column: name,
      candidates: matches.map((c) => c.name),
    });
  }
  const suggestion = suggestColumn(ds, name);
  throw new AppError(ErrorCode.UNKNOWN_COLUMN, `no column '${name}' in ${ds.name}${suggestion ? `; did you mean '${suggestion}'?` : ''}`, {
    column: name,
    dataset: ds.name,
    suggestion,
  });
}

const commonPrefix = (a: string, b: string): number => {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
};

// Edit distance alone misses misspellings of a long word that shares only its stem with the
// column ("quantitiy" vs "qty_sold"), so a shared prefix of 4+ characters is the fallback.
const MIN_PREFIX = 4;

/** The column name most plausibly meant by `input`, or null. */
export function suggestColumn(ds: CatalogDataset, input: string): string | null {
  const names = ds.columns.map((c) => c.name);
  const byLabel = new Map(ds.columns.map((c) => [c.label, c.name] as const));
  const best = closest(input, [...names, ...byLabel.keys()], 1)[0];
  if (best !== undefined) return byLabel.get(best) ?? best;
  const q = input.trim().toLowerCase();
  let pick: string | null = null;
  let pickLen = MIN_PREFIX - 1;
  for (const c of ds.columns) {
    const n = Math.max(commonPrefix(q, c.name.toLowerCase()), commonPrefix(q, c.label.toLowerCase()));
    if (n > pickLen || (n === pickLen && pick !== null && c.name.localeCompare(pick) < 0)) {
      pick = c.name;
      pickLen = n;
    }
  }
  return pick;
}
