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
  const holds = (m: ColumnMention) => ![m.link.start - 1, m.link.start - 2].some((i) => NEGATION.test(a.tokens[i]?.key ?? ''));
  // "saved vs not saved": both sides named, so the answer is split by the column, not filtered.
  const both = new Set(flags.filter((m) => flags.some((o) => o.column.name === m.column.name && holds(o) !== holds(m))).map((m) => m.column.name));
  const done = new Set<string>();
  for (const m of flags) {
    if (done.has(m.column.name) || both.has(m.column.name)) continue;
    done.add(m.column.name);
    filters.push({ column: m.column.name, op: 'eq', value: holds(m) });
    notes.push(`read '${m.link.text}' as ${m.column.label} is ${holds(m) ? 'true' : 'false'}`);
  }
  const grouped = (m: ColumnMention) => ({ ...m, grouping: true });
  const keep = (m: ColumnMention) => !flag(m) || both.has(m.column.name);
  const split = [...a.measures, ...a.dimensions].filter((m) => flag(m) && both.has(m.column.name)).map(grouped);
  const dims = [...a.dimensions.filter((m) => keep(m) && !both.has(m.column.name)), ...split.filter((m, i) => split.findIndex((x) => x.column.name === m.column.name) === i)];
  return { analysis: { ...a, measures: a.measures.filter((m) => !flag(m)), dimensions: dims }, filters, notes };
}
