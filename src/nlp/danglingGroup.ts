// "by city" where no column is a city: the question cannot be grouped as asked.
import { UNIT_WORDS } from './analyzeWords.js';
import { AGG_WORDS, BOTTOM_WORDS, TOP_WORDS } from './lexicon.js';
import type { LinkResult } from './link.js';
import type { Token } from './tokenize.js';

/** The first word after "by"/"per" that no slot used and that names no column, if any. */
export function danglingGroupOf(tokens: readonly Token[], used: ReadonlySet<number>, links: LinkResult): string | undefined {
  const k = (i: number) => tokens[i]?.key ?? '';
  let danglingGroup: string | undefined;
  for (let i = 0; i < tokens.length - 1; i++) {
    if (!(k(i) === 'by' || k(i) === 'per') || used.has(i)) continue;
    const j = k(i + 1) === 'the' || k(i + 1) === 'each' ? i + 2 : i + 1;
    const t = tokens[j];
    const datasetLink = links.links.find((l) => l.start === j && l.candidates.every((c) => c.target.kind === 'dataset'));
    if (!t || t.kind !== 'word' || (used.has(j) && !datasetLink)) continue;
    // "by churn rate": a dataset word that only qualifies the column after it.
    if (datasetLink && links.links.some((l) => l.start === datasetLink.end && l.candidates[0]!.target.kind === 'column')) continue;
    if (UNIT_WORDS[t.key] || AGG_WORDS[t.key] || TOP_WORDS.has(t.key) || BOTTOM_WORDS.has(t.key)) continue;
    // "delayed by more than an hour", "up by about 5": an amount, not a grouping.
    if (/^(more|less|over|under|at|about|around|nearly|almost|up|roughly|exactly|a|an)$/.test(t.key)) continue;
    // "top 3 states by number of airports": ranked by a count, not grouped by a column named "number".
    if ((t.key === 'number' || t.key === 'count') && k(j + 1) === 'of') continue;
    danglingGroup = t.key;
    break;
  }
  return danglingGroup;
}
