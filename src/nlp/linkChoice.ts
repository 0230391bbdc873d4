// Choices among a link's readings: which of several tied columns a word means, and whether two
// years said together are two periods. Pure helpers of the analysis.
import type { CatalogColumn } from '../shared/catalog.js';
import type { LinkCandidate } from './link.js';
import type { TimeParse } from './timePhrases.js';
import type { Token } from './tokenize.js';
import { splitLabel } from './vocabulary.js';

const NAME_WORD = /^(name|names|title)$/;
const CODE_WORD = /^(code|codes|id|abbr|abbreviation|iso|key)$/;
const MAXW = new Set(['max', 'maximum', 'highest', 'high', 'peak', 'top', 'largest', 'hottest', 'warmest', 'most']);
const MINW = new Set(['min', 'minimum', 'lowest', 'low', 'smallest', 'least', 'coldest', 'coolest']);

/**
 * "in 1970 and 1980", "2012 or 2015": two years joined by "and"/"or" name two periods to compare,
 * not the span between them ("between 1950 and 1960" and "from … to …" stay spans).
 */
export function splitTwoYears(tokens: readonly Token[], time: TimeParse): TimeParse {
  if (time.otherRange) return time;
  const years = tokens.filter((t) => t.kind === 'number' && (!t.formatted || t.yearSpan) && !t.ordinal && Number.isInteger(t.value) && t.value! >= 1000 && t.value! <= 2300 && time.consumed.has(t.index));
  if (years.length !== 2) return time;
  const [a, b] = years as [Token, Token];
  const joiner = tokens.slice(a.index + 1, b.index).map((t) => t.key);
  if (!/^(and|or|,|with|vs|versus|against|than|compared? (with|to)|and the|with the)$/.test(joiner.join(' '))) return time;
  const before = tokens[a.index - 1]?.key;
  if (before === 'between' || before === 'from') return time;
  const year = (t: Token) => ({ from: `${t.value!}-01-01`, to: `${t.value! + (t.yearSpan ?? 1)}-01-01` });
  return { ...time, range: year(b), otherRange: year(a) };
}

/** Of attribute readings tied at the top, the column whose name names the same end ("coldest" → the min column). */
export function endColumn(cands: LinkCandidate[], cols: Map<string, CatalogColumn>): LinkCandidate {
  const top = cands[0]!;
  const tied = cands.filter((c) => c.target.kind === 'column' && c.end && top.score - c.score < 0.03);
  // A plain column beside its min and max variants (Fare, Min.Fare, Max.Fare) is the thing itself.
  const words = (c: LinkCandidate) => (c.target.kind === 'column' ? splitLabel(cols.get(c.target.column)!.label) : []);
  const plain = tied.filter((c) => words(c).length === 1);
  if (plain.length === 1 && tied.length > 1 && tied.some((c) => words(c).some((w) => MAXW.has(w) || MINW.has(w)))) return plain[0]!;
  const want = top.end === 'low' ? MINW : MAXW;
  const hit = tied.find((c) => c.target.kind === 'column' && splitLabel(cols.get(c.target.column)!.label).concat(splitLabel(c.target.column)).some((w) => want.has(w)));
  return hit ?? top;
}

export function precededBy(tokens: readonly Token[], i: number, set: ReadonlySet<string>): boolean {
  let j = i - 1;
  while (j >= 0 && (tokens[j]!.key === 'the' || tokens[j]!.key === 'a' || tokens[j]!.key === 'each' || tokens[j]!.key === 'of')) {
    if (set.has(tokens[j]!.key)) return true;
    j--;
  }
  return j >= 0 && set.has(tokens[j]!.key);
}

/** Picks one of several equally good columns from the other words of the question, or none. */
export function disambiguate(tied: LinkCandidate[], words: ReadonlySet<string>, grouping: boolean, cols: Map<string, CatalogColumn>): LinkCandidate | undefined {
  const labelWords = (c: LinkCandidate) => {
    const col = cols.get((c.target as { column: string }).column)!;
    return new Set([...splitLabel(col.label), ...splitLabel(col.name)]);
  };
  // "regions" over Region Name and Region Code: the names are what people say, the codes stand in for them.
  const codeTied = tied.some((c) => [...labelWords(c)].some((w) => CODE_WORD.test(w)));
  const scored = tied.map((c) => {
    const col = cols.get((c.target as { column: string }).column)!;
    const lw = labelWords(c);
    let s = 0;
    if (codeTied && [...lw].some((w) => NAME_WORD.test(w))) s += 1;
    for (const w of lw) if (words.has(w) && !c.key.split(' ').includes(w)) s += 2;
    const labelMax = [...lw].some((w) => MAXW.has(w));
    const labelMin = [...lw].some((w) => MINW.has(w));
    const askMax = [...words].some((w) => MAXW.has(w));
    const askMin = [...words].some((w) => MINW.has(w));
    if (labelMax && askMax && !askMin) s += 1;
    if (labelMin && askMin && !askMax) s += 1;
    if (grouping && col.role !== 'measure') s += 1;
    if (!grouping && col.role === 'measure') s += 0.5;
    return { c, s };
  });
  scored.sort((a, b) => b.s - a.s);
  return scored[0]!.s > (scored[1]?.s ?? -1) && scored[0]!.s >= 1 ? scored[0]!.c : undefined;
}
