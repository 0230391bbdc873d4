// "what type of star is Polaris?", "what region is Ohio in", "the abbreviation for Massachusetts":
// a question about one named row's value in a column of words. The row's name and that value are
// shown; counting the rows that bear the name (1) answered nothing asked. Pure.
import { isNumericType } from '../shared/catalog.js';
import type { Analysis, ColumnMention } from './analysisTypes.js';

/** The text columns asked about a row named by a value, when that is all the question asks. */
export function askedAttributes(a: Analysis, named: readonly ColumnMention[]): string[] {
  const first = a.tokens.find((t) => t.kind === 'word')?.key ?? '';
  if (!/^(what|whats|which|who|where)$/.test(first)) return [];
  if (a.countCue || a.rank || a.aggCues.length || a.measures.length || a.conditions.length) return [];
  const picked = new Set(a.values.filter((v) => !v.negated).map((v) => v.column));
  if (!picked.size) return [];
  const cols = named.filter((m) => !picked.has(m.column.name) && !isNumericType(m.column.type) && m.column.role !== 'time').map((m) => m.column.name);
  return [...new Set(cols)];
}
