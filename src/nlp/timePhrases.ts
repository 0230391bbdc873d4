import type { Grain } from '../shared/catalog.js';
import type { CompareMode } from '../insights/insightQuery.js';
import { addUnits, iso, type Day } from './calendar.js';
import type { Token } from './tokenize.js';
import { chronoFallback } from './chronoDates.js';
import { anchorDay, readRelative } from './relativePeriod.js';
import { readCompareTail, setCompare } from './timeCompare.js';
import { fillYears, isBarePeriodOk, openEnd, openStart, readPeriod, resolvePeriod, type Span } from './timePeriod.js';
import { combineSpans, type SpanAt } from './timeSpans.js';
import { ADVERB_GRAINS, COMPARE_WORDS, IN_WORDS, OVER_PERIOD, UNITS } from './timeWords.js';

/** An absolute range of days: `from` inclusive, `to` exclusive, either may be open. */
export interface DateRange {
  from?: string;
  to?: string;
}

export interface TimeParse {
  range?: DateRange;
  /** A second period named for comparison ("2014 vs 2013"), the earlier one. */
  otherRange?: DateRange;
  grain?: Grain;
  compare?: CompareMode;
  /** "next 6 months": how far a forecast should look, not a filter. */
  horizon?: { count: number; unit: Grain };
  /** The period of a "month over month" style comparison, when no range is named. */
  compareUnit?: Grain;
  /** "over time" and similar: asks for a series without naming a grain. */
  overTime: boolean;
  /** Token indices that belong to time phrases. */
  consumed: Set<number>;
  /** The time phrases as written, for the restatement. */
  phrases: string[];
}

export interface TimeContext {
  /** Relative phrases count back from the data's latest date (default) or from the clock. */
  anchor: 'data' | 'now';
  /** Latest date in the dataset (ISO), used when anchor is `data`. */
  latest?: string | null;
  /** Injected clock, used when anchor is `now` or the dataset has no dates. */
  now?: () => Date;
  /** The data's first year when it starts before 1800 (a year column from 1565): such numbers are years too. */
  earliestYear?: number;
  /**
   * The one year a conversation is about ("the average in 1955", then "what about January?"):
   * a period written without a year falls in it instead of at its latest occurrence. Relative
   * phrases ("last month") still count from the anchor.
   */
  year?: number;
}

/** The state of one pass over a question's tokens, shared by the phrase readers below. */
interface PhraseReader {
  tokens: readonly Token[];
  ctx: TimeContext;
  /** Where relative phrases count from. */
  anchor: Day;
  /** Where a period without a year is looked for: the anchor, or the end of the conversation's year. */
  periodAnchor: Day;
  out: TimeParse;
  spans: SpanAt[];
  /** A comparison word was read after a period: the next period read is the other side. */
  pendingCompare: boolean;
  k: (i: number) => string;
  consume: (a: number, b: number) => void;
}

/**
 * Reads the time phrases of a question into an absolute range, a grain, a comparison and a
 * forecast horizon. Relative phrases count from the dataset's latest date unless the context
 * says `now`; a period without a year is its latest occurrence up to that anchor.
 */
export function parseTimePhrases(tokens: readonly Token[], ctx: TimeContext): TimeParse {
  const out: TimeParse = { overTime: false, consumed: new Set(), phrases: [] };
  const rd: PhraseReader = {
    tokens,
    ctx,
    anchor: anchorDay(ctx),
    periodAnchor: ctx.year !== undefined ? { y: ctx.year, m: 12, d: 31 } : anchorDay(ctx),
    out,
    spans: [],
    pendingCompare: false,
    k: (i: number) => tokens[i]?.key ?? '',
    consume: (a: number, b: number) => {
      for (let j = a; j < b; j++) out.consumed.add(j);
      out.phrases.push(tokens.slice(a, b).map((t) => t.norm).join(' '));
    },
  };
  // Each reader returns the index of the last token it read, or undefined when nothing matched.
  for (let i = 0; i < tokens.length; i++) {
    if (out.consumed.has(i)) continue;
    const last = readComparison(rd, i) ?? readGrainOrHorizon(rd, i) ?? readRange(rd, i) ?? readRelativeOrPeriod(rd, i);
    if (last !== undefined) i = last;
  }

  chronoFallback(tokens, out, rd.spans, ctx, rd.anchor);
  combineSpans(out, rd.spans);
  return out;
}

/** "year over year", "yoy", "compared to last year", and a bare "vs" between two periods. */
function readComparison(rd: PhraseReader, i: number): number | undefined {
  const { tokens, out, k, consume } = rd;
  const w = k(i);
  // "which had more, 1956 or 1958?", "were more employed in 1956 or in 1958?": a choice between two
  // years, each its own row. A plain "in January or February" stays one span of both, and "which
  // store had the most sales in 2019 or 2020" asks about stores, not years.
  const year = (j: number) => tokens[j]?.kind === 'number' && (tokens[j]!.value ?? 0) >= 1000 && (tokens[j]!.value ?? 0) < 3000;
  const choice = /^(was|were|did|does|do|is|are|has|have|had)$/.test(k(0)) || (/^(which|who)$/.test(k(0)) && /^(had|has|was|were|is|did|does|saw|got)$/.test(k(1)));
  const years = tokens.filter((_, j) => year(j)).length;
  if (w === 'or' && rd.spans.length && choice && years === 2 && year(i - 1) && (year(i + 1) || (k(i + 1) === 'in' && year(i + 2)))) {
    rd.pendingCompare = true;
    return undefined;
  }
  // Period-over-period comparisons: "year over year", "yoy", "month on month".
  if (UNITS[w] && (k(i + 1) === 'over' || k(i + 1) === 'on') && k(i + 2) === w) {
    setCompare(out, UNITS[w]!);
    consume(i, i + 3);
    return i + 2;
  }
  if (OVER_PERIOD[w]) {
    setCompare(out, OVER_PERIOD[w]!);
    consume(i, i + 1);
    return i;
  }
  // "compared to last year", "vs the previous month", "than a year ago", "same period last year"
  if (COMPARE_WORDS.has(w) || (w === 'same' && (k(i + 1) === 'period' || k(i + 1) === 'time'))) {
    const r = readCompareTail(tokens, i);
    if (r) {
      out.compare = r.mode;
      consume(i, r.next);
      return r.next - 1;
    }
    if (rd.spans.length && w !== 'compare') rd.pendingCompare = true;
    if (w === 'compared' && (k(i + 1) === 'to' || k(i + 1) === 'with')) {
      out.consumed.add(i + 1);
      return i + 1;
    }
    return i;
  }
  return undefined;
}

/** A forecast horizon ("next 6 months"), a grain ("by month", "monthly"), or a series over all time. */
function readGrainOrHorizon(rd: PhraseReader, i: number): number | undefined {
  const { tokens, out, k, consume } = rd;
  const w = k(i);
  // Forecast horizon: "next 6 months", "the coming year", "next quarter".
  if (w === 'next' || w === 'coming' || w === 'upcoming' || w === 'following') {
    const n = tokens[i + 1]?.kind === 'number' ? tokens[i + 1]!.value! : 1;
    const at = tokens[i + 1]?.kind === 'number' ? i + 2 : i + 1;
    if (UNITS[k(at)]) {
      out.horizon = { count: Math.max(1, Math.round(n)), unit: UNITS[k(at)]! };
      consume(i, at + 1);
      return at;
    }
  }
  // Grains: "by month", "per year", "each week", "monthly", "month by month".
  if ((w === 'by' || w === 'per' || w === 'each' || w === 'every') && (UNITS[k(i + 1)] || (k(i + 1) === 'the' && UNITS[k(i + 2)]))) {
    const at = UNITS[k(i + 1)] ? i + 1 : i + 2;
    // "by date" is the time column itself; its grain is the data's own.
    if (k(at) !== 'date') {
      out.grain = UNITS[k(at)]!;
      consume(i, at + 1);
      return at;
    }
  }
  if (ADVERB_GRAINS[w]) {
    out.grain = ADVERB_GRAINS[w]!;
    consume(i, i + 1);
    return i;
  }
  // "month by month", "from year to year" ("day to day" may count elapsed days: a column's, not a date's)
  if (UNITS[w] && (k(i + 1) === 'by' || (k(i + 1) === 'to' && /^(week|month|quarter|year)$/.test(w))) && k(i + 2) === w) {
    if (k(i - 1) === 'from') out.consumed.add(i - 1);
    out.grain = UNITS[w]!;
    consume(i, i + 3);
    return i + 2;
  }
  if (w === 'over' && k(i + 1) === 'time') {
    out.overTime = true;
    consume(i, i + 2);
    return i + 1;
  }
  if ((w === 'over' || w === 'across') && k(i + 1) === 'the' && k(i + 2) === 'years') {
    out.overTime = true;
    out.grain ??= 'year';
    consume(i, i + 3);
    return i + 2;
  }
  // "over all years", "in all years", "of all time": the whole span, one figure, not a series.
  if (['over', 'across', 'in', 'for', 'of'].includes(w) && k(i + 1) === 'all' && ['years', 'time', 'dates', 'periods'].includes(k(i + 2))) {
    consume(i, i + 3);
    return i + 2;
  }
  return undefined;
}

/** A range between two periods, or open on one side ("since P", "before P", "up to P"). */
function readRange(rd: PhraseReader, i: number): number | undefined {
  const { tokens, ctx, anchor, periodAnchor, spans, k, consume } = rd;
  const w = k(i);
  // Ranges: "between P and P", "from P to P", "P to P", "P - P".
  if (w === 'between' || w === 'from') {
    const a = readPeriod(tokens, i + 1, ctx);
    if (a) {
      const sep = k(a.next);
      if (['and', 'to', 'until', 'till', 'through', 'thru', '-'].includes(sep)) {
        const b = readPeriod(tokens, a.next + 1, ctx);
        if (b) {
          const [pa, pb] = fillYears(a.period, b.period);
          spans.push({ span: wrapped({ start: resolvePeriod(pa, periodAnchor).start, end: resolvePeriod(pb, periodAnchor).end }), at: i, compareSide: rd.pendingCompare });
          consume(i, b.next);
          return b.next - 1;
        }
      }
      if (w === 'from') {
        // "cars from 1975" is that period; "from 1975 on(wards)" is open-ended.
        const open = ['on', 'onwards', 'onward', 'forward', 'forwards'].includes(k(a.next));
        const r = resolvePeriod(a.period, periodAnchor);
        spans.push({ span: { start: r.start, end: open ? openEnd : r.end }, at: i, compareSide: false });
        consume(i, open ? a.next + 1 : a.next);
        return (open ? a.next + 1 : a.next) - 1;
      }
    }
  }
  if (w === 'since' || w === 'after' || (w === 'starting' && k(i + 1) === 'in')) {
    const at = w === 'starting' ? i + 2 : i + 1;
    const p = readPeriod(tokens, at, ctx) ?? readRelative(tokens, at, anchor);
    if (p) {
      const s = 'period' in p ? resolvePeriod(p.period, periodAnchor) : p.span;
      spans.push({ span: { start: w === 'after' ? s.end : s.start, end: openEnd }, at: i, compareSide: false });
      consume(i, p.next);
      return p.next - 1;
    }
  }
  if (w === 'before' || w === 'until' || w === 'till' || w === 'through' || (w === 'prior' && k(i + 1) === 'to') || (w === 'up' && k(i + 1) === 'to')) {
    const at = w === 'prior' || w === 'up' ? i + 2 : i + 1;
    const p = readPeriod(tokens, at, ctx);
    if (p) {
      const s = resolvePeriod(p.period, periodAnchor);
      spans.push({ span: { start: openStart, end: w === 'before' || w === 'prior' ? s.start : s.end }, at: i, compareSide: false });
      consume(i, p.next);
      return p.next - 1;
    }
  }
  return undefined;
}

/** A relative period ("last year", "this quarter") or a single named one ("in 2014", "March 2012 to June"). */
function readRelativeOrPeriod(rd: PhraseReader, i: number): number | undefined {
  const { tokens, ctx, anchor, periodAnchor, spans, k, consume } = rd;
  const w = k(i);
  // Relative periods: "last year", "the past 3 months", "this quarter", "yesterday", "year to date".
  const rel = readRelative(tokens, i, anchor);
  if (rel) {
    spans.push({ span: rel.span, at: i, compareSide: rd.pendingCompare });
    rd.pendingCompare = false;
    consume(i, rel.next);
    return rel.next - 1;
  }
  // A single period, with or without "in": "in 2014", "March 2012", "Q3 2019", "2014-03-05".
  const lead = IN_WORDS.has(w) ? 1 : 0;
  const p = readPeriod(tokens, i + lead, ctx);
  if (p && (lead || isBarePeriodOk(tokens, i, p.period))) {
    let span = resolvePeriod(p.period, periodAnchor);
    let next = p.next;
    // "P to P" / "P - P" / "P through P" without a leading "from".
    if (['to', 'through', 'thru', '-', 'until'].includes(k(next))) {
      const b = readPeriod(tokens, next + 1, ctx);
      if (b) {
        const [pa, pb] = fillYears(p.period, b.period);
        span = wrapped({ start: resolvePeriod(pa, periodAnchor).start, end: resolvePeriod(pb, periodAnchor).end });
        next = b.next;
      }
    }
    spans.push({ span, at: i, compareSide: rd.pendingCompare });
    rd.pendingCompare = false;
    consume(i, next);
    return next - 1;
  }
  return undefined;
}

/**
 * "December through February" with no year: each end is its latest occurrence, so the start lands
 * after the end; the span wraps into the year before it.
 */
function wrapped(span: Span): Span {
  if (iso(span.start) < iso(span.end)) return span;
  const start = addUnits(span.start, -1, 'year');
  return iso(start) < iso(span.end) ? { start, end: span.end } : span;
}
