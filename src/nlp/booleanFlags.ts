// A yes/no column named in a question ("how many survived", "adults who didn't survive") asks for
// the rows where it holds (or, negated, where it does not), unless the question groups by it.
import type { Filter } from '../insights/insightQuery.js';
import type { Analysis, ColumnMention } from './analyze.js';

const NEGATION = /^(not|no|never|non|didnt|didn't|doesnt|doesn't|dont|don't|wasnt|wasn't|werent|weren't|isnt|isn't|arent|aren't|hasnt|hasn't|havent|haven't|without|cannot|cant|can't)$/;

export interface BooleanFlags {
  analysis: Analysis;
  filters: Filter[];
  notes: string[];
}

/** Moves the non-grouping mentions of boolean columns out of the analysis and into filters. */
export function booleanFlags(a: Analysis): BooleanFlags {
  const flag = (m: ColumnMention) => m.column.type === 'boolean' && !m.grouping && m.link.start >= 0;
  const flags = [...a.measures, ...a.dimensions].filter(flag);
  if (!flags.length) return { analysis: a, filters: [], notes: [] };
  const filters: Filter[] = [];
  const notes: string[] = [];
  const seen = new Set<string>();
  for (const m of flags) {
    if (seen.has(m.column.name)) continue;
    seen.add(m.column.name);
    const before = [m.link.start - 1, m.link.start - 2].map((i) => a.tokens[i]?.key ?? '');
    const holds = !before.some((w) => NEGATION.test(w));
    filters.push({ column: m.column.name, op: 'eq', value: holds });
    notes.push(`read '${m.link.text}' as ${m.column.label} is ${holds ? 'true' : 'false'}`);
  }
  return { analysis: { ...a, measures: a.measures.filter((m) => !flag(m)), dimensions: a.dimensions.filter((m) => !flag(m)) }, filters, notes };
}
