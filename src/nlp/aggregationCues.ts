// Words that ask for an aggregation ("average", "highst"), a count ("how many") or distinct values.
import type { Analysis } from './analysisTypes.js';
import { AGG_WORDS } from './lexicon.js';
import type { LinkResult } from './link.js';
import type { Token } from './tokenize.js';

export function readAggregationCues(
  tokens: readonly Token[],
  used: ReadonlySet<number>,
  links: LinkResult,
  rank: Analysis['rank'],
  measures: Analysis['measures'] = [],
): Pick<Analysis, 'aggCues' | 'countCue' | 'distinctCue'> {
  const k = (i: number) => tokens[i]?.key ?? '';
  const aggCues: Analysis['aggCues'] = [];
  let countCue = false;
  let distinctCue = false;
  // "the average number of breaks", "the number of passengers in May": a measure that holds a count
  // is the figure itself; "number of" counts rows only when what follows is not one.
  const numberOfMeasure = (i: number) => {
    const at = i + 2 + (k(i + 2) === 'the' ? 1 : 0);
    return measures.some((m) => m.link.start === at && !m.grouping && m.column.stats?.integralShare === 1 && !/^(by|per|each)$/.test(k(i - 1)));
  };
  for (const t of tokens) {
    if (used.has(t.index) && !(rank && rank.index === t.index)) continue;
    // A typo fixed into an aggregation word ("highst", "avrage") asks for it.
    const key = links.keys[t.index] ?? t.key;
    const a = AGG_WORDS[key];
    if (a && !(key === 'most' || key === 'least')) aggCues.push({ agg: a, index: t.index });
    if ((t.key === 'many' && k(t.index - 1) === 'how') || (t.key === 'number' && k(t.index + 1) === 'of' && !numberOfMeasure(t.index)) || t.key === 'count' || t.key === 'counts') countCue = true;
    if (t.key === 'distinct' || t.key === 'unique' || t.key === 'different') distinctCue = true;
  }
  return { aggCues, countCue, distinctCue };
}
