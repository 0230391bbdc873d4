// Superlatives of scale adjectives ("heaviest", "most expensive") rank by their column; the same
// adjectives in their plain form ("new cases") describe rows and are left for the question back.
import type { Link, LinkCandidate } from './link.js';
import type { LinkSlots } from './linkSlots.js';
import { ACTIVITY } from './analyzeWords.js';
import { AGG_WORDS } from './lexicon.js';
import { endColumn } from './linkChoice.js';
import { SCALE_VIA } from './scaleAdjectives.js';
import { degreeOf } from './wordnet/lemmas.js';

/** Reads a scale adjective at the link into a ranking and its measure, or sets it aside; true when it did. */
export function readSuperlative(s: LinkSlots, link: Link, cands: LinkCandidate[]): boolean {
  const { tokens, links, used, cols, measures, plainScale, k } = s;
  // A superlative of an attribute adjective ("heaviest", "longest") orders by that attribute.
  // "most expensive", "least expensive": the superlative said in two words.
  const twoWord = k(link.start - 1) === 'most' || k(link.start - 1) === 'least' ? k(link.start - 1) : undefined;
  const degree = link.end - link.start === 1 ? (twoWord && cands[0]!.end ? 'superlative' : degreeOf(tokens[link.start]!.key)) : undefined;
  // A scale adjective in its plain form ("new cases", "poor people") describes rows, not a measure: left unknown, it asks.
  // But "how heavy", "as old as", "20 years old" ask for the measure itself.
  if (!degree && !twoWord && !/^(more|less|how|as|so|too|years|months|weeks|days)$/.test(k(link.start - 1)) && cands.every((c) => c.via?.startsWith(SCALE_VIA))) {
    for (let j = link.start; j < link.end; j++) used.delete(j);
    plainScale.push(...tokens.slice(link.start, link.end));
    return true;
  }
  // "the longest wing length": of the columns the adjective may mean, the one named right after it.
  const named = links.links.find((l) => l.start === link.end)?.candidates.filter((c) => c.target.kind === 'column').map((c) => (c.target as { column: string }).column) ?? [];
  const attr = cands[0]!.end && cands[0]!.target.kind === 'column' ? cands.find((c) => c.end && c.target.kind === 'column' && named.includes(c.target.column)) ?? endColumn(cands, cols) : undefined;
  if (degree === 'superlative' && attr && attr.target.kind === 'column') {
    const high = (attr.end === 'high') !== (twoWord === 'least');
    const n = tokens[link.start - 1]?.kind === 'number' && !used.has(link.start - 1) ? tokens[link.start - 1]!.value : undefined;
    if (n !== undefined) used.add(link.start - 1);
    if (s.rank && (s.rank.word === 'top' || s.rank.word === 'bottom' || s.rank.word === 'best' || s.rank.word === 'worst')) s.rank = { ...s.rank, dir: (s.rank.dir === 'top') === high ? 'top' : 'bottom' };
    else s.rank = { dir: high ? 'top' : 'bottom', index: link.start, word: high ? 'top' : 'bottom', ...(n !== undefined ? { n } : s.rank?.n !== undefined ? { n: s.rank.n } : {}) };
    // "heaviest on average": the ranking is of averages; the superlative alone takes the extreme.
    // "the busiest month": activity adds up over the rows of a group; its total ranks, not its busiest row.
    const averaged = tokens.some((t) => AGG_WORDS[t.key] === 'avg' || AGG_WORDS[t.key] === 'median') || ACTIVITY.test(attr.key);
    // "how old was the oldest": the plain mention of the same column is this one.
    for (let i = measures.length - 1; i >= 0; i--) if (measures[i]!.column.name === attr.target.column && !measures[i]!.agg) measures.splice(i, 1);
    measures.push({ column: cols.get(attr.target.column)!, link, grouping: false, ...(averaged ? {} : { agg: high ? ('max' as const) : ('min' as const) }), score: attr.score });
    s.superlativeOf = { column: attr.target.column, end: link.end };
    return true;
  }
  // The column named again right after its superlative ("longest wing length") is that one mention.
  if (s.superlativeOf && link.start === s.superlativeOf.end && cands.some((c) => c.target.kind === 'column' && c.target.column === s.superlativeOf!.column)) return true;
  return false;
}
