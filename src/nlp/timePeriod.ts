// One absolute period as written ("2014", "March 2012", "Q3", "the 5th of march", "the 1990s"), read
// from the tokens, and the days it covers.
import { addUnits, type Day } from './calendar.js';
import { ordinalCentury } from './decades.js';
import type { TimeContext } from './timePhrases.js';
import { MONTHS } from './timeWords.js';
import type { Token } from './tokenize.js';

/** A period as written, before a missing year is filled in. */
export type Period =
  | { kind: 'year'; y: number }
  /** A decade or a century written as "1990s", "the 1600s". */
  | { kind: 'years'; y: number; n: number }
  | { kind: 'month'; m: number; y?: number }
  | { kind: 'quarter'; q: number; y?: number }
  | { kind: 'half'; h: number; y?: number }
  | { kind: 'day'; m: number; d: number; y?: number };

export interface Span {
  start: Day;
  end: Day;
}

export const openStart: Day = { y: -1, m: 1, d: 1 };
export const openEnd: Day = { y: 99_999, m: 1, d: 1 };

/** A year token: a bare integer in a plausible range, not "1,200" or "5%". */
function yearOf(t: Token | undefined, earliest = 1800): number | undefined {
  if (!t || t.kind !== 'number' || t.formatted || t.percent || t.ordinal) return undefined;
  const v = t.value!;
  return Number.isInteger(v) && v >= Math.min(1800, earliest) && v <= 2200 ? v : undefined;
}

function monthOf(tokens: readonly Token[], i: number): number | undefined {
  const t = tokens[i];
  if (!t || t.kind !== 'word') return undefined;
  return MONTHS[t.key];
}

/** Reads one absolute period at tokens[i]: a year, month [year], quarter [year], half, or day. */
export function readPeriod(tokens: readonly Token[], i: number, ctx: TimeContext): { period: Period; next: number } | undefined {
  const k = (j: number) => tokens[j]?.key ?? '';
  if (k(i) === 'the') i++;
  const t = tokens[i];
  if (!t) return undefined;
  const yearAfter = (j: number): { y?: number; next: number } => {
    let at = j;
    if (k(at) === ',' || k(at) === 'of') at++;
    const y = yearOf(tokens[at], ctx.earliestYear);
    return y !== undefined ? { y, next: at + 1 } : { next: j };
  };
  if (t.kind === 'number' && t.yearSpan && !t.percent) return { period: { kind: 'years', y: t.value!, n: t.yearSpan }, next: i + 1 };
  const century = ordinalCentury(tokens, i);
  if (century) return { period: { kind: 'years', y: century.y, n: 100 }, next: century.next };
  // ISO day "2014-03-05" and "03/05/2014"
  const y0 = yearOf(t, ctx.earliestYear);
  if (y0 !== undefined && k(i + 1) === '-' && tokens[i + 2]?.kind === 'number' && k(i + 3) === '-' && tokens[i + 4]?.kind === 'number') {
    return { period: { kind: 'day', y: y0, m: tokens[i + 2]!.value!, d: tokens[i + 4]!.value! }, next: i + 5 };
  }
  if (t.kind === 'number' && k(i + 1) === '/' && tokens[i + 2]?.kind === 'number' && k(i + 3) === '/' && yearOf(tokens[i + 4], ctx.earliestYear) !== undefined) {
    return { period: { kind: 'day', m: t.value!, d: tokens[i + 2]!.value!, y: yearOf(tokens[i + 4], ctx.earliestYear)! }, next: i + 5 };
  }
  if (y0 !== undefined) {
    // "2014 q3"
    const q = /^q([1-4])$/.exec(k(i + 1));
    if (q) return { period: { kind: 'quarter', q: Number(q[1]), y: y0 }, next: i + 2 };
    return { period: { kind: 'year', y: y0 }, next: i + 1 };
  }
  const q = /^q([1-4])$/.exec(t.key);
  const h = /^h([12])$/.exec(t.key);
  if (q || h) {
    const ya = yearAfter(i + 1);
    return { period: q ? { kind: 'quarter', q: Number(q[1]), y: ya.y } : { kind: 'half', h: Number(h![1]), y: ya.y }, next: ya.next };
  }
  // "third quarter of 2019", "quarter 3"
  if (t.kind === 'number' && t.ordinal && t.value! >= 1 && t.value! <= 4 && k(i + 1) === 'quarter') {
    const ya = yearAfter(i + 2);
    return { period: { kind: 'quarter', q: t.value!, y: ya.y }, next: ya.next };
  }
  if (t.key === 'quarter' && tokens[i + 1]?.kind === 'number' && tokens[i + 1]!.value! >= 1 && tokens[i + 1]!.value! <= 4) {
    const ya = yearAfter(i + 2);
    return { period: { kind: 'quarter', q: tokens[i + 1]!.value!, y: ya.y }, next: ya.next };
  }
  const m = monthOf(tokens, i);
  if (m !== undefined) {
    // "march 5 2014", "march 5th, 2014"
    const dt = tokens[i + 1];
    if (dt?.kind === 'number' && (!dt.formatted || dt.ordinal) && dt.value! >= 1 && dt.value! <= 31 && yearOf(dt, ctx.earliestYear) === undefined) {
      const ya = yearAfter(i + 2);
      return { period: { kind: 'day', m, d: dt.value!, y: ya.y }, next: ya.next };
    }
    const ya = yearAfter(i + 1);
    return { period: { kind: 'month', m, y: ya.y }, next: ya.next };
  }
  // "5 march 2014", "the 5th of march"
  if (t.kind === 'number' && t.value! >= 1 && t.value! <= 31 && Number.isInteger(t.value)) {
    const at = k(i + 1) === 'of' ? i + 2 : i + 1;
    const m2 = monthOf(tokens, at);
    if (m2 !== undefined) {
      const ya = yearAfter(at + 1);
      return { period: { kind: 'day', m: m2, d: t.value!, y: ya.y }, next: ya.next };
    }
  }
  return undefined;
}

/** Bare periods need care: "may" is usually a verb, and a year after "than" is a quantity. */
export function isBarePeriodOk(tokens: readonly Token[], i: number, p: Period): boolean {
  const t = tokens[i]!;
  const prev = tokens[i - 1]?.key ?? '';
  if (prev === 'than' && yearAgainstYear(tokens, i, p)) return true;
  if (['than', 'over', 'above', 'under', 'below', 'least', 'most', 'exactly', '>', '<', '=', '>=', '<=', 'top', 'bottom', 'first'].includes(prev)) return false;
  if (p.kind === 'year') {
    const next = tokens[i + 1];
    // "2000 votes" is a quantity; "2014 rainfall" or "2014?" is a year.
    return !(next && next.kind === 'word' && /^(votes|units|people|times|rows|records|items|dollars|mm|cm|km|miles|points|minutes|hours)$/.test(next.key));
  }
  if (t.key === 'may' && p.kind === 'month' && p.y === undefined) return false;
  return true;
}

/**
 * "was 1985 wetter than 1986": a year after an adjective's comparative ("warmer", "higher", not
 * "more" or "less", which count), with a year said before it, is the other period.
 */
function yearAgainstYear(tokens: readonly Token[], i: number, p: Period): boolean {
  const t = tokens[i]!;
  const comparative = tokens[i - 2];
  if (p.kind !== 'year' || t.formatted || !/^\d{4}$/.test(t.norm) || !comparative || comparative.kind !== 'word') return false;
  if (!/[a-z]{2,}er$/.test(comparative.key) || /^(more|less|fewer|greater|over|under|after|other|rather|either|neither|number|never|ever)$/.test(comparative.key)) return false;
  return tokens.slice(0, i - 2).some((x) => x.kind === 'number' && !x.formatted && /^\d{4}$/.test(x.norm));
}

/** Fills a missing year on either side of a range from the other ("between March and June 2012"). */
export function fillYears(a: Period, b: Period): [Period, Period] {
  const ya = 'y' in a ? a.y : undefined;
  const yb = 'y' in b ? b.y : undefined;
  if (ya === undefined && yb !== undefined && a.kind !== 'year') {
    const later = a.kind === 'month' && b.kind === 'month' && a.m > b.m;
    return [{ ...a, y: later ? yb - 1 : yb } as Period, b];
  }
  if (yb === undefined && ya !== undefined && b.kind !== 'year') return [a, { ...b, y: ya } as Period];
  return [a, b];
}

/** The days a period covers; a period without a year is its latest occurrence up to the anchor. */
export function resolvePeriod(p: Period, anchor: Day): Span {
  const yearFor = (firstMonth: number, day = 1) => (firstMonth < anchor.m || (firstMonth === anchor.m && day <= anchor.d) ? anchor.y : anchor.y - 1);
  switch (p.kind) {
    case 'year':
      return { start: { y: p.y, m: 1, d: 1 }, end: { y: p.y + 1, m: 1, d: 1 } };
    case 'years':
      return { start: { y: p.y, m: 1, d: 1 }, end: { y: p.y + p.n, m: 1, d: 1 } };
    case 'month': {
      const y = p.y ?? yearFor(p.m);
      return { start: { y, m: p.m, d: 1 }, end: addUnits({ y, m: p.m, d: 1 }, 1, 'month') };
    }
    case 'quarter': {
      const m = (p.q - 1) * 3 + 1;
      const y = p.y ?? yearFor(m);
      return { start: { y, m, d: 1 }, end: addUnits({ y, m, d: 1 }, 1, 'quarter') };
    }
    case 'half': {
      const m = p.h === 1 ? 1 : 7;
      const y = p.y ?? yearFor(m);
      return { start: { y, m, d: 1 }, end: addUnits({ y, m, d: 1 }, 6, 'month') };
    }
    case 'day': {
      const y = p.y ?? yearFor(p.m, p.d);
      return { start: { y, m: p.m, d: p.d }, end: addUnits({ y, m: p.m, d: p.d }, 1, 'day') };
    }
  }
}
