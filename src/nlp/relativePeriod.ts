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
  if (LAST_WORDS.has(w)) return readLast(tokens, at, anchor);
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

/** Words for ten years after "last" / "past" / "recent" ("the last decade", "the past 2 decades"). */
const DECADE_WORDS = new Set(['decade', 'decades']);

/**
 * "the last 3 years", "past 6 months", "the last decade", "last year", "the past month", from the
 * "last"-like word at `at`.
 *
 * With a count, or "decade": the trailing N units up to and including the anchor (the data's last
 * day), as an analyst's "max(date) - interval '3 years'" reads: "the last 3 years" of monthly data
 * ending 1 December 1960 holds January 1958 to December 1960, and of daily data ending 15 June 2020
 * runs from 16 June 2017 (whole calendar units would cut it to 2½ years). "The last decade" is
 * the last 10 years by the same rule, not the calendar decade (the 1950s): people asking it mean
 * the recent stretch. On a year column the anchor is its last year's 31 December, so these are
 * whole years there. Without a count, "last year" is the whole unit before the anchor's (1959),
 * and "the past year" the unit's length of days up to the anchor, as they always were.
 */
function readLast(tokens: readonly Token[], at: number, anchor: Day): { span: Span; next: number } | undefined {
  const k = (j: number) => tokens[j]?.key ?? '';
  const w = k(at);
  const numTok = tokens[at + 1];
  const hasN = numTok?.kind === 'number' && !numTok.percent && Number.isInteger(numTok.value) && numTok.value! >= 1 && numTok.value! < 1000;
  const unitAt = hasN ? at + 2 : at + 1;
  // "the previous decade" says the one before, which this reading is not; a plural needs its count.
  const decade = DECADE_WORDS.has(k(unitAt)) && (w === 'last' || w === 'past' || w === 'recent') && (hasN || k(unitAt) === 'decade');
  const u = decade ? 'year' : UNITS[k(unitAt)];
  if (!u || u === 'minute' || u === 'hour') return undefined;
  const next = unitAt + 1;
  const dayAfterAnchor = addUnits(anchor, 1, 'day');
  if (hasN || decade || w === 'past' || w === 'recent') {
    const n = (hasN ? numTok!.value! : 1) * (decade ? 10 : 1);
    return { span: { start: addUnits(dayAfterAnchor, -n, u), end: dayAfterAnchor }, next };
  }
  const cur = startOf(anchor, u);
  return { span: { start: addUnits(cur, -1, u), end: cur }, next };
}
