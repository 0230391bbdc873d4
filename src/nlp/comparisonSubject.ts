// Whether a column link next to a numeric comparison is what the comparison compares ("height over 80")
// or a figure of its own ("average height of trees taller than 80").
import { isNumericType, type CatalogColumn } from '../shared/catalog.js';
import { yearLike } from './analyzeWords.js';
import type { NumericCondition } from './analyze.js';
import type { Link, LinkCandidate } from './link.js';
import { fitsRange } from './numberSlots.js';

/** True when the link names the comparison's column (set on it here); false when it stands on its own. */
export function takesComparison(link: Link, cands: readonly LinkCandidate[], inComparison: NumericCondition, cols: ReadonlyMap<string, CatalogColumn>, links: readonly Link[]): boolean {
  // "how many years had more than 100 storms": a year column beside the comparison, whose range the number lies outside, is not its subject.
  const numerics = cands.filter((c) => c.target.kind === 'column' && isNumericType(cols.get(c.target.column)!.type) && (!yearLike(cols.get(c.target.column)!) || fitsRange(cols.get(c.target.column)!, inComparison.value)));
  // "wind over 40 mph" with a wind direction and a wind speed: the column the unit named among the
  // word's equal readings; with no such word to decide, equal readings that both fit are left as a tie.
  const tied = numerics.filter((c) => c.score >= numerics[0]!.score - 0.03 && fitsRange(cols.get((c.target as { column: string }).column)!, inComparison.value));
  const named = tied.find((c) => (c.target as { column: string }).column === inComparison.column?.name);
  if (!named && tied.length > 1 && !inComparison.column) return false;
  const numeric = named ?? numerics[0];
  // A comparison already tied to a column by its own words ("65 or older" → age) leaves this link alone.
  // A column found by scanning the words around the comparison gives way to a column named right beside it
  // ("flipper length longer than 20": not the first column that 'long' fits).
  // Beside: touching it, or before it with only column words between ("December temperature above 24").
  const columnWord = (i: number) => links.some((l) => l.start <= i && i < l.end && l.candidates[0]?.target.kind === 'column');
  const touching = inComparison.start === link.end || inComparison.end === link.start;
  const before = link.end < inComparison.start && Array.from({ length: inComparison.start - link.end }, (_, j) => link.end + j).every(columnWord) && inComparison.column?.name !== (numeric?.target as { column?: string } | undefined)?.column;
  const beside = inComparison.guessed && (touching || before) && numeric?.target.kind === 'column' && fitsRange(cols.get(numeric.target.column)!, inComparison.value);
  const taken = inComparison.column && numeric?.target.kind === 'column' && inComparison.column.name !== numeric.target.column && !beside;
  // "average height of trees taller than 80": the comparison named its column itself ("taller"), so the
  // same column named apart from it, words before, is the figure asked for, not the comparison's subject.
  const apart = !!inComparison.column && link.end < inComparison.start && !beside;
  if (numeric && numeric.target.kind === 'column' && !taken && !apart) {
    if (beside) inComparison.column = cols.get(numeric.target.column);
    else inComparison.column ??= cols.get(numeric.target.column);
    return true;
  }
  return false;
}
