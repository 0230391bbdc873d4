// A number or a code beside a column's word: "8 cylinders" and "district 4" filter that column,
// "grade A" is that value of it.
import type { Link, LinkCandidate } from './link.js';
import type { LinkSlots } from './linkSlots.js';
import { NEGATIONS, ORDER_BEFORE } from './analyzeWords.js';
import { precededBy } from './linkChoice.js';
import { fitsRange, isCodeColumn, isNum, numberBefore, unitEnd } from './numberSlots.js';

/** Reads a number or code beside the link into a condition or a value; true when it did. */
export function readColumnCode(s: LinkSlots, link: Link, cands: LinkCandidate[]): boolean {
  const { tokens, vocab, used, conditions, cols, values, k } = s;
  // A number right before a column noun ("8 cylinders", "4-cylinder ones") filters that column, when the value fits its range.
  // Not before a scale adjective: "the 3 cheapest" counts rows, it does not filter the price.
  // "3 weeks of exposure", "64 kb of cache": the number and its unit, then the column.
  const unitOf = cands[0]!.end ? undefined : numberUnitOf(s, link.start);
  const num = cands[0]!.end ? undefined : numberBefore(tokens, link.start, used) ?? unitOf;
  if (num !== undefined) {
    const value = tokens[num]!.value!;
    const fit = cands.find((c) => c.target.kind === 'column' && fitsRange(cols.get(c.target.column)!, value));
    if (fit && fit.target.kind === 'column') {
      conditions.push({ column: cols.get(fit.target.column), op: 'eq', value, start: num, end: link.end });
      for (let j = num; j < link.start; j++) used.add(j);
      return true;
    }
  }
  // "groups with no deaths", "samples that contain no barium": a count or amount that is zero.
  if (k(link.start - 1) === 'no' && !used.has(link.start - 1) && !cands[0]!.end) {
    const zero = cands.find((c) => c.target.kind === 'column' && cols.get(c.target.column)!.role === 'measure' && cols.get(c.target.column)!.stats?.min === 0);
    if (zero && zero.target.kind === 'column') {
      conditions.push({ column: cols.get(zero.target.column), op: 'eq', value: 0, start: link.start - 1, end: link.end });
      used.add(link.start - 1);
      return true;
    }
  }
  // A one-letter code right after its column's word ("grade A", "zone M", "type B") is that value.
  const letter = tokens[link.end];
  const letterCol = letter && letter.kind === 'word' && !used.has(letter.index) ? cands.find((c) => c.target.kind === 'column' && vocab.letterValues.get(c.target.column)?.some((e) => e.key === letter.key)) : undefined;
  if (letter && letterCol && letterCol.target.kind === 'column') {
    const e = vocab.letterValues.get(letterCol.target.column)!.find((x) => x.key === letter.key)!;
    const v = e.target as { column: string; value: string };
    values.push({ column: v.column, value: v.value, link: { ...link, end: letter.index + 1, text: `${link.text} ${letter.key}`, candidates: [{ target: e.target, score: 1, source: 'value', key: letter.key }] }, negated: precededBy(tokens, link.start, NEGATIONS), score: 1 });
    used.add(letter.index);
    return true;
  }
  // A number right after the word of a text column that holds it ("gauge 117"): that value.
  const numAfter = tokens[link.end];
  const numberCol = numAfter && isNum(numAfter) && !used.has(numAfter.index) ? cands.find((c) => c.target.kind === 'column' && vocab.numberValues?.get(c.target.column)?.some((e) => e.key === numAfter.key)) : undefined;
  if (numAfter && numberCol && numberCol.target.kind === 'column') {
    const e = vocab.numberValues!.get(numberCol.target.column)!.find((x) => x.key === numAfter.key)!;
    const v = e.target as { column: string; value: string };
    values.push({ column: v.column, value: v.value, link: { ...link, end: numAfter.index + 1, text: `${link.text} ${numAfter.norm}`, candidates: [{ target: e.target, score: 1, source: 'value', key: numAfter.key }] }, negated: precededBy(tokens, link.start, NEGATIONS), score: 1 });
    used.add(numAfter.index);
    return true;
  }
  // A code right after a column noun ("district 4", "dose 2", "ward 3") picks that code of a column of few whole numbers.
  // An article may stand between ("rated their marriage a 5").
  const after = tokens[link.end]?.kind === 'word' && /^(a|an)$/.test(k(link.end)) && isNum(tokens[link.end + 1]) ? tokens[link.end + 1] : tokens[link.end];
  if (after && isNum(after) && !used.has(after.index) && !after.percent) {
    const code = cands.find((c) => c.target.kind === 'column' && isCodeColumn(cols.get(c.target.column)!, after.value!));
    if (code && code.target.kind === 'column') {
      // "after day 10", "before week 3": the word before the noun compares.
      const op = ORDER_BEFORE[k(link.start - 1)] ?? 'eq';
      const start = op === 'eq' ? link.start : link.start - 1;
      if (op !== 'eq') used.add(link.start - 1);
      conditions.push({ column: cols.get(code.target.column), op, value: after.value!, start, end: after.index + 1 });
      used.add(after.index);
      return true;
    }
  }
  return false;
}

/** The number of "<number> <unit> of" right before a column's word, when no slot has taken it. */
function numberUnitOf(s: LinkSlots, at: number): number | undefined {
  const { tokens, vocab, used, k } = s;
  const n = at - 3;
  if (n < 0 || k(at - 1) !== 'of' || !isNum(tokens[n]) || used.has(n) || used.has(n + 1) || tokens[n]!.percent) return undefined;
  return unitEnd(tokens, n + 1, vocab) === n + 2 ? n : undefined;
}
