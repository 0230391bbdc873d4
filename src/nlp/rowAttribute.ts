// "what type of star is Polaris?", "what region is Ohio in", "the abbreviation for Massachusetts":
// a question about one named row's value in a column of words. The row's name and that value are
// shown; counting the rows that bear the name (1) answered nothing asked. Pure.
import { isNumericType } from '../shared/catalog.js';
import type { Analysis, ColumnMention } from './analysisTypes.js';
import { namesRows } from './options.js';

/** The text columns asked about a row named by a value, when that is all the question asks. */
export function askedAttributes(a: Analysis, mentioned: readonly ColumnMention[]): string[] {
  const first = a.tokens.find((t) => t.kind === 'word')?.key ?? '';
  if (!/^(what|whats|which|who|where)$/.test(first)) return [];
  if (a.countCue || a.rank || a.aggCues.length || a.measures.length || a.conditions.length) return [];
  // The row named as itself, in a column that names rows ("Polaris" of star), not a code guessed from letters.
  const ds = a.vocab.dataset;
  const names = (column: string) => namesRows(ds.columns.find((c) => c.name === column), ds, 0.5);
  const named = a.values.filter((v) => !v.negated);
  if (!named.length || named.some((v) => !['exact', 'stem', 'root'].includes(v.link.match) || !names(v.column))) return [];
  const picked = new Set(named.map((v) => v.column));
  const cols = mentioned.filter((m) => !picked.has(m.column.name) && !isNumericType(m.column.type) && m.column.role !== 'time').map((m) => m.column.name);
  return [...new Set(cols)];
}
