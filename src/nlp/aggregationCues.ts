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
): Pick<Analysis, 'aggCues' | 'countCue' | 'distinctCue' | 'bothEnds'> {
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
  // "how tall did the tree get", "how big did it grow": the end of the scale it reached, not its average.
  const reached = reachedEnd(tokens, links);
  if (reached && !aggCues.length) aggCues.push(reached);
  const ends = bothEnds(tokens);
  if (ends) for (const [agg, index] of [['min', ends.low], ['max', ends.high]] as const) if (!aggCues.some((c) => c.index === index)) aggCues.push({ agg, index });
  return { aggCues, countCue, distinctCue, ...(ends ? { bothEnds: ends } : {}) };
}

const LOW_END = /^(min|minimum|lowest|smallest|least)$/;
const HIGH_END = /^(max|maximum|highest|largest|biggest|greatest|most)$/;

/**
 * "the lowest and highest", "min and max", "largest and smallest": both ends of one figure, asked
 * together; neither word is a ranking then.
 */
function bothEnds(tokens: readonly Token[]): { low: number; high: number } | undefined {
  for (let i = 0; i + 2 < tokens.length; i++) {
    if (!/^(and|&|or|to)$/.test(tokens[i + 1]!.key)) continue;
    const [a, b] = [tokens[i]!.key, tokens[i + 2]!.key];
    if (LOW_END.test(a) && HIGH_END.test(b)) return { low: i, high: i + 2 };
    if (HIGH_END.test(a) && LOW_END.test(b)) return { low: i + 2, high: i };
  }
  return undefined;
}

const REACH = /^(get|got|grow|grew|grown|become|became|reach|reached|gets|grows|becomes|reaches)$/;

/** "how <scale adjective> did … get/grow/become": the high end of the adjective's column (the low end for "how short"). */
function reachedEnd(tokens: readonly Token[], links: LinkResult): { agg: 'max' | 'min'; index: number } | undefined {
  const how = tokens.findIndex((t) => t.key === 'how');
  if (how < 0 || !/^(did|does|do|will|would|can|could|has|have|had)$/.test(tokens[how + 2]?.key ?? '')) return undefined;
  if (!tokens.slice(how + 3).some((t) => REACH.test(t.key))) return undefined;
  const adj = links.links.find((l) => l.start === how + 1)?.candidates[0];
  if (!adj?.end) return undefined;
  return { agg: adj.end === 'low' ? 'min' : 'max', index: how };
}
