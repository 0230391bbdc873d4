// Periods named relative to the anchor day ("last year", "the past 3 months", "yesterday").
import { addUnits, dayOf, parseDay, startOf, type Day } from './calendar.js';
import type { TimeContext } from './timePhrases.js';
import type { Span } from './timePeriod.js';
import { LAST_WORDS, UNITS } from './timeWords.js';
import type { Token } from './tokenize.js';

export function anchorDay(ctx: TimeContext): Day {
  const fromData = ctx.anchor === 'data' && ctx.latest ? parseDay(ctx.latest) : undefined;
  if (fromData) return fromData;
  return dayOf(ctx.now ? ctx.now() : new Date(0));
}

/** "last year", "the past 3 months", "this quarter", "yesterday", "year to date", "the latest month". */
export function readRelative(tokens: readonly Token[], i: number, anchor: Day): { span: Span; next: number } | undefined {
  const k = (j: number) => tokens[j]?.key ?? '';
  let at = i;
  if (k(at) === 'the' || k(at) === 'in' || k(at) === 'during' || k(at) === 'over' || k(at) === 'for' || k(at) === 'within') at++;
  if (k(at) === 'the') at++;
  const w = k(at);
  const dayAfterAnchor = addUnits(anchor, 1, 'day');
  if (w === 'today') return { span: { start: anchor, end: dayAfterAnchor }, next: at + 1 };
  if (w === 'yesterday') return { span: { start: addUnits(anchor, -1, 'day'), end: anchor }, next: at + 1 };
  if (w === 'ytd' || (w === 'year' && k(at + 1) === 'to' && k(at + 2) === 'date')) {
    return { span: { start: startOf(anchor, 'year'), end: dayAfterAnchor }, next: w === 'ytd' ? at + 1 : at + 3 };
  }
  if (w === 'this' || w === 'current' || w === 'latest' || (w === 'most' && k(at + 1) === 'recent')) {
    const u = UNITS[k(w === 'most' ? at + 2 : at + 1)];
    if (u && u !== 'minute' && u !== 'hour') {
      const s = startOf(anchor, u);
      return { span: { start: s, end: w === 'this' || w === 'current' ? dayAfterAnchor : addUnits(s, 1, u) }, next: (w === 'most' ? at + 2 : at + 1) + 1 };
    }
    return undefined;
  }
  if (LAST_WORDS.has(w)) {
    const numTok = tokens[at + 1];
    const hasN = numTok?.kind === 'number' && !numTok.percent && Number.isInteger(numTok.value) && numTok.value! >= 1 && numTok.value! < 1000;
    const u = UNITS[k(hasN ? at + 2 : at + 1)];
    if (!u || u === 'minute' || u === 'hour') return undefined;
    const next = (hasN ? at + 2 : at + 1) + 1;
    if (hasN || w === 'past' || w === 'recent') {
      const n = hasN ? numTok!.value! : 1;
      return { span: { start: addUnits(dayAfterAnchor, -n, u), end: dayAfterAnchor }, next };
    }
    const cur = startOf(anchor, u);
    return { span: { start: addUnits(cur, -1, u), end: cur }, next };
  }
  // "a year ago", "3 months ago"
  const numTok = tokens[at];
  if ((w === 'a' || w === 'one' || numTok?.kind === 'number') && UNITS[k(at + 1)] && k(at + 2) === 'ago') {
    const u = UNITS[k(at + 1)]!;
    const n = numTok?.kind === 'number' ? numTok.value! : 1;
    const s = startOf(addUnits(anchor, -n, u), u);
    return { span: { start: s, end: addUnits(s, 1, u) }, next: at + 3 };
  }
  return undefined;
}
