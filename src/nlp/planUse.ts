// Which catalog columns a built query actually uses, so the doubts can tell a word the analysis
// linked from a word the plan acted on (a value linked but never filtered on is a word dropped).
import type { Filter, InsightQuery } from '../insights/insightQuery.js';
import type { Analysis } from './analysisTypes.js';

/** Columns a filter tree tests. */
export function filterColumns(f: Filter | null | undefined, out = new Set<string>()): Set<string> {
  if (!f) return out;
  if ('and' in f) for (const g of f.and) filterColumns(g, out);
  else if ('or' in f) for (const g of f.or) filterColumns(g, out);
  else if ('not' in f) filterColumns(f.not, out);
  else out.add(f.column);
  return out;
}

/** Columns pinned to one value by the filter: an equality that every row must meet (not under "or" or "not"). */
export function pinnedColumns(f: Filter | null | undefined, out = new Set<string>()): Set<string> {
  if (!f) return out;
  if ('and' in f) for (const g of f.and) pinnedColumns(g, out);
  else if (!('or' in f) && !('not' in f) && f.op === 'eq') out.add(f.column);
  return out;
}

/** Every column the query reads: measures, dimensions, filters and time (ordering names only these). */
export function queryColumns(q: InsightQuery): Set<string> {
  const out = filterColumns(q.filter);
  for (const m of q.measures) if (m.column) out.add(m.column);
  for (const d of q.dimensions) out.add(d);
  if (q.time?.column) out.add(q.time.column);
  return out;
}

/** True when token `i` lies inside the words of a linked measure or dimension ("share" in "earnings per share"). */
export function insideColumnWords(a: Pick<Analysis, 'measures' | 'dimensions'>, i: number): boolean {
  return [...a.measures, ...a.dimensions].some((m) => m.link.start <= i && i < m.link.end);
}
