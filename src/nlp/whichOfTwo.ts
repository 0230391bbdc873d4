// "Which is heavier, a gorilla or a pig?", "which had more sunspots, 1778 or 1947?": of the two
// things named, the one that wins on the comparative's measure (one row), not both side by side.
import { measureName, type InsightQuery } from '../insights/insightQuery.js';
import type { Analysis } from './analyze.js';
import { degreeOf } from './wordnet/lemmas.js';

const LOW = /^(less|fewer|lower|smaller)$/;
const HIGH = /^(more|higher|bigger|larger|greater)$/;

/** Orders the two compared rows by the comparative and keeps the winner; false when the question is no such choice. */
export function keepWinnerOfTwo(a: Analysis, q: InsightQuery, notes: string[], rowsPerPeriod = false): boolean {
  const k = a.tokens.map((t) => t.key);
  // "which …", or a yes/no frame around two choices ("were more people employed in 1956 or in 1958?").
  const asks = ['which', 'who'].includes(k[0] ?? '') || (/^(was|were|did|does|do|is|are|has|have|had)$/.test(k[0] ?? '') && k.filter((w) => w === 'or').length === 1);
  if (!asks || !k.includes('or') || q.dimensions.length + (rowsPerPeriod ? 1 : 0) !== 1 || !q.measures.length) return false;
  const at = k.findIndex((w, i) => i > 0 && i < k.indexOf('or') && degreeOf(w) === 'comparative');
  if (at < 0) return false;
  const link = [...a.measures, ...a.dimensions].find((m) => m.link.start <= at && at < m.link.end)?.link.candidates[0];
  // Only a known direction picks a winner: "quicker" over a lap time or "better" over a golf score would pick the loser.
  if (!link?.end && !LOW.test(k[at]!) && !HIGH.test(k[at]!)) return false;
  const low = link?.end ? link.end === 'low' : LOW.test(k[at]!);
  q.orderBy = [{ field: measureName(q.measures[0]!), direction: low ? 'asc' : 'desc' }];
  q.limit = 1;
  notes.push(`kept the one with the ${low ? 'lower' : 'higher'} ${q.measures[0]!.column ?? 'count'}, as '${a.tokens[at]!.norm}' asks which of the two`);
  return true;
}
