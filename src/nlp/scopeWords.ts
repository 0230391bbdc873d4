// "the average yield across all plots": a noun after "all" says the figure is over every row, so
// whatever it names, it restricts nothing and asks for no column. Pure.
import type { Analysis } from './analysisTypes.js';
import type { Token } from './tokenize.js';
import type { Vocabulary } from './vocabulary.js';

/**
 * Words before "all" that make it the scope of a figure: "across all", "over all". Not "of all" or
 * "among all": "the percentage of all residents" names what a share is of.
 */
const SCOPE = /^(across|over)$/;

/** Marks as used each plural noun no link took right after a scope's "all" ("across all plots"). */
export function useScopeWords(tokens: readonly Token[], linked: (i: number) => boolean, used: Set<number>, vocab: Vocabulary): void {
  const k = (i: number) => tokens[i]?.key ?? '';
  for (const t of tokens) {
    const i = t.index;
    if (t.kind !== 'word' || linked(i)) continue;
    const all = k(i - 1) === 'all' ? i - 1 : k(i - 1) === 'the' && k(i - 2) === 'all' ? i - 2 : -1;
    if (all < 0 || used.has(i) || !SCOPE.test(k(all - 1)) || !/[^s]s$/.test(t.key) || !vocab.english?.(t.key, 'n')) continue;
    used.add(i);
  }
}

/**
 * "the average fertility rate across countries for each decade": with another split asked for, the
 * column after "across" is what the figure is taken over, not a second split. Alone ("average rate
 * across states") it stays a split, in doubt (doubts.ts).
 */
export function acrossAsScope(a: Analysis): Analysis {
  const k = (i: number) => a.tokens[i]?.key ?? '';
  const across = (d: Analysis['dimensions'][number]) => d.grouping && (k(d.link.start - 1) === 'across' || (k(d.link.start - 1) === 'all' && k(d.link.start - 2) === 'across'));
  const scoped = a.dimensions.filter(across);
  if (!scoped.length) return a;
  const otherSplit = a.dimensions.some((d) => d.grouping && !across(d)) || !!a.time.grain || a.timeMentions.some((m) => m.grouping) || !!a.yearBucket;
  if (!otherSplit) return a;
  return { ...a, dimensions: a.dimensions.filter((d) => !across(d)) };
}
