// "top 5", "the 3 lowest", "which 3 states have the most": the ranking a question asks for and how many.
import type { Analysis } from './analysisTypes.js';
import { BOTTOM_WORDS, COMPARATORS, TOP_WORDS } from './lexicon.js';
import { isNum } from './numberSlots.js';
import type { Token } from './tokenize.js';

/** Reads the ranking words and their count; marks the numbers it takes as used. */
export function readRank(tokens: readonly Token[], used: Set<number>, timeConsumed: ReadonlySet<number>): Analysis['rank'] {
  const k = (i: number) => tokens[i]?.key ?? '';
  let rank: Analysis['rank'];
  for (let i = 0; i < tokens.length; i++) {
    if (used.has(i)) continue;
    const w = k(i);
    const dir = TOP_WORDS.has(w) ? 'top' : BOTTOM_WORDS.has(w) ? 'bottom' : undefined;
    if (!dir) continue;
    const after = tokens[i + 1];
    const before = tokens[i - 1];
    if (isNum(after) && !used.has(i + 1)) {
      rank = { dir, n: after!.value!, index: i, word: w };
      used.add(i + 1);
    } else if (isNum(before) && !used.has(i - 1) && !timeConsumed.has(i - 1)) {
      rank = { dir, n: before!.value!, index: i, word: w };
      used.add(i - 1);
    } else rank ??= { dir, index: i, word: w };
    // "most"/"least" and "highest" also ask for max/min of a measure; keep them as cues too.
    if (w === 'top' || w === 'bottom' || w === 'best' || w === 'worst') used.add(i);
  }

  // "5 countries with the lowest fertility", "which 3 states have the most": the count before the noun.
  if (rank && rank.n === undefined) {
    for (let j = 0; j < rank.index; j++) {
      const t = tokens[j]!;
      if (!isNum(t) || used.has(j) || timeConsumed.has(j) || t.percent || !Number.isInteger(t.value) || t.value! < 1 || t.value! > 100) continue;
      if (tokens[j + 1]?.kind !== 'word' || COMPARATORS.some((c) => c.words[c.words.length - 1] === k(j - 1))) continue;
      rank = { ...rank, n: t.value! };
      used.add(j);
      break;
    }
  }
  return rank;
}
