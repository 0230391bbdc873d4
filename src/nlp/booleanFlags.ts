// A yes/no column named in a question ("how many survived", "adults who didn't survive") asks for
// the rows where it holds (or, negated, where it does not), unless the question groups by it.
import type { Filter } from '../insights/insightQuery.js';
import type { Analysis, ColumnMention } from './analyze.js';
import { AGG_WORDS, isKnownWord } from './lexicon.js';

export const NEGATION = /^(not|no|never|non|outside|didnt|didn't|doesnt|doesn't|dont|don't|wasnt|wasn't|werent|weren't|isnt|isn't|arent|aren't|hasnt|hasn't|havent|haven't|without|cannot|cant|can't)$/;

/** A verb's past participle: "published", "owned", "made". */
const PARTICIPLE = /^([a-z]{3,}ed|made|done|run|owned|written|held|built|paid|sold|taken|given|kept|won|led|taught|chosen)$/;
/** Participles that ask for a split themselves ("grouped by", "sorted by"). */
const SPLITTING = /^(grouped|sorted|ordered|ranked|compared|separated|categorized|categorised|segmented|divided|classified|broken|aggregated|bucketed|split|listed|arranged|organized|organised|clustered|totaled|totalled|summed|averaged|counted|filtered|plotted|charted|shown|displayed)$/;
/** Words before a participle that make it passive ("are published", "journals published"). */
const PASSIVE = /^(is|are|was|were|be|been|being|get|gets|got)$/;

/** True when token `i` is a participle whose "by" names who did it: after a form of "be" or the rows' own word, and not a word asking for a split. */
function agentParticiple(a: Analysis, i: number): boolean {
  const w = a.tokens[i]?.key ?? '';
  if (!PARTICIPLE.test(w) || SPLITTING.test(w)) return false;
  const before = a.tokens[i - 1]?.key ?? '';
  const rowsWord = a.rowNoun?.index === i - 1 || a.links.links.some((l) => l.end === i && l.candidates[0]?.target.kind === 'dataset');
  return PASSIVE.test(before) || rowsWord;
}

export interface BooleanFlags {
  analysis: Analysis;
  filters: Filter[];
  notes: string[];
}

/** Moves the non-grouping mentions of boolean columns out of the analysis and into filters. */
export function booleanFlags(a: Analysis): BooleanFlags {
  // "average smoker by region", "survival rate by sex": the mean of a 0/1 column is the answer, when nothing else is measured.
  const meanAsked = a.tokens.some((t) => AGG_WORDS[t.key] === 'avg' || /^(rate|rates|proportion|share|percentage|percent|fraction)$/.test(t.key));
  const dummyFlag = (m: ColumnMention) => isDummy(m) && !(meanAsked && a.measures.every((x) => x === m || isDummy(x)));
  // "journals published by societies": after a verb's participle, "by" names who did it, not a split.
  const agent = (m: ColumnMention) => m.grouping && a.tokens[m.link.start - 1]?.key === 'by' && agentParticiple(a, m.link.start - 2);
  const flag = (m: ColumnMention) => (m.column.type === 'boolean' || dummyFlag(m)) && (!m.grouping || agent(m)) && m.link.start >= 0;
  const flags = [...a.measures, ...a.dimensions].filter(flag);
  if (!flags.length) return { analysis: a, filters: [], notes: [] };
  // "not southern", "didn't survive", "not in the South": a negation just before, over small words.
  const holds = (m: ColumnMention) => {
    let i = m.link.start - 1;
    while (i >= 0 && /^(in|the|a|an|of|from)$/.test(a.tokens[i]!.key)) i--;
    return ![i, m.link.start - 1, m.link.start - 2].some((j) => NEGATION.test(a.tokens[j]?.key ?? ''));
  };
  const filters: Filter[] = [];
  const notes: string[] = [];
  const split: ColumnMention[] = [];
  for (const col of new Set(flags.map((m) => m.column.name))) {
    const mentions = flags.filter((m) => m.column.name === col);
    const first = mentions[0]!;
    // "saved vs not saved": both sides named, so the answer is split by the column, not filtered.
    if (mentions.some((m) => holds(m) !== holds(first))) {
      split.push({ ...first, grouping: true });
      continue;
    }
    filters.push({ column: col, op: 'eq', value: isDummy(first) ? (holds(first) ? 1 : 0) : holds(first) });
    notes.push(`read '${first.link.text}' as ${first.column.label} is ${holds(first) ? 'true' : 'false'}`);
  }
  const kept = (m: ColumnMention) => !flag(m) && !isAgentVerb(a, m);
  return { analysis: { ...a, measures: a.measures.filter(kept), dimensions: [...a.dimensions.filter(kept), ...split] }, filters, notes };
}

/**
 * A 0/1 integer column ("south", "smoke") named by a word of its own: a yes/no flag written as a
 * number. Not when the word is a question word that happens to match ("vs", "lowest" → low) or
 * only its letters do ("heaviest" → ht).
 */
function isDummy(m: ColumnMention): boolean {
  const said = m.link.text.split(' ');
  // Initials of several words said ("prior surgery" → ps) are as sure as the name; letters of one word are not.
  const initials = said.length >= 2 && m.link.match === 'acronym';
  const clipped = m.link.match === 'abbreviation' || m.link.match === 'acronym' || m.link.candidates[0]?.source === 'abbreviation';
  return isZeroOne(m.column) && (initials || !clipped) && !said.some((w) => isKnownWord(w) || /^(vs|versus|no|not)$/.test(w));
}

const isZeroOne = (c: ColumnMention['column']) => (c.type === 'integer' || c.type === 'bigint') && !!c.stats && c.stats.min === 0 && c.stats.max === 1 && c.stats.distinctCount === 2;

/** A boolean column, or an integer one holding only 0 and 1. */
export const isYesNo = (c: ColumnMention['column']): boolean => c.type === 'boolean' || isZeroOne(c);

/** The participle of "published by societies" ("published" → publisher): the verb of an agent phrase whose agent is a yes/no column, not a column asked for. */
export function isAgentVerb(a: Analysis, m: ColumnMention): boolean {
  if (m.link.end !== m.link.start + 1 || !agentParticiple(a, m.link.start) || a.tokens[m.link.end]?.key !== 'by') return false;
  return a.dimensions.some((d) => d.link.start === m.link.end + 1 && (d.column.type === 'boolean' || isZeroOne(d.column)));
}
