import { createRequire } from 'node:module';
import type { Grain } from '../shared/catalog.js';
import type { CompareMode } from '../insights/insightQuery.js';
import { addUnits, dayOf, iso, parseDay, startOf, type Day } from './calendar.js';
import type { Token } from './tokenize.js';
import { ordinalCentury } from './decades.js';

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
}

const MONTHS: Record<string, number> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6, july: 7, jul: 7,
  august: 8, aug: 8, september: 9, sep: 9, sept: 9, october: 10, oct: 10, november: 11, nov: 11, december: 12, dec: 12,
};
const UNITS: Record<string, Grain> = {
  minute: 'minute', minutes: 'minute', hour: 'hour', hours: 'hour', day: 'day', days: 'day', date: 'day', week: 'week', weeks: 'week',
  month: 'month', months: 'month', quarter: 'quarter', quarters: 'quarter', year: 'year', years: 'year',
};
const ADVERB_GRAINS: Record<string, Grain> = {
  hourly: 'hour', daily: 'day', weekly: 'week', monthly: 'month', quarterly: 'quarter', yearly: 'year', annually: 'year', annual: 'year',
};
const OVER_PERIOD: Record<string, Grain> = { yoy: 'year', mom: 'month', qoq: 'quarter', wow: 'week' };
const IN_WORDS = new Set(['in', 'during', 'for', 'of', 'on', 'within', 'throughout']);
const LAST_WORDS = new Set(['last', 'previous', 'prior', 'past', 'preceding', 'recent']);
const COMPARE_WORDS = new Set(['vs', 'versus', 'compared', 'against', 'than', 'compare']);

/** A period as written, before a missing year is filled in. */
type Period =
  | { kind: 'year'; y: number }
  /** A decade or a century written as "1990s", "the 1600s". */
  | { kind: 'years'; y: number; n: number }
  | { kind: 'month'; m: number; y?: number }
  | { kind: 'quarter'; q: number; y?: number }
  | { kind: 'half'; h: number; y?: number }
  | { kind: 'day'; m: number; d: number; y?: number };

interface Span {
  start: Day;
  end: Day;
}

/**
 * Reads the time phrases of a question into an absolute range, a grain, a comparison and a
 * forecast horizon. Relative phrases count from the dataset's latest date unless the context
 * says `now`; a period without a year is its latest occurrence up to that anchor.
 */
export function parseTimePhrases(tokens: readonly Token[], ctx: TimeContext): TimeParse {
  const out: TimeParse = { overTime: false, consumed: new Set(), phrases: [] };
  const anchor = anchorDay(ctx);
  const k = (i: number) => tokens[i]?.key ?? '';
  const consume = (a: number, b: number) => {
    for (let j = a; j < b; j++) out.consumed.add(j);
    out.phrases.push(tokens.slice(a, b).map((t) => t.norm).join(' '));
  };
  const spans: { span: Span; at: number; compareSide: boolean }[] = [];
  let pendingCompare = false;

  for (let i = 0; i < tokens.length; i++) {
    if (out.consumed.has(i)) continue;
    const w = k(i);

    // Period-over-period comparisons: "year over year", "yoy", "month on month".
    if (UNITS[w] && (k(i + 1) === 'over' || k(i + 1) === 'on') && k(i + 2) === w) {
      setCompare(out, UNITS[w]!);
      consume(i, i + 3);
      i += 2;
      continue;
    }
    if (OVER_PERIOD[w]) {
      setCompare(out, OVER_PERIOD[w]!);
      consume(i, i + 1);
      continue;
    }
    // "compared to last year", "vs the previous month", "than a year ago", "same period last year"
    if (COMPARE_WORDS.has(w) || (w === 'same' && (k(i + 1) === 'period' || k(i + 1) === 'time'))) {
      const r = readCompareTail(tokens, i);
      if (r) {
        out.compare = r.mode;
        consume(i, r.next);
        i = r.next - 1;
        continue;
      }
      if (spans.length && w !== 'compare') pendingCompare = true;
      if (w === 'compared' && (k(i + 1) === 'to' || k(i + 1) === 'with')) {
        out.consumed.add(i + 1);
        i++;
      }
      continue;
    }
    // Forecast horizon: "next 6 months", "the coming year", "next quarter".
    if (w === 'next' || w === 'coming' || w === 'upcoming' || w === 'following') {
      const n = tokens[i + 1]?.kind === 'number' ? tokens[i + 1]!.value! : 1;
      const at = tokens[i + 1]?.kind === 'number' ? i + 2 : i + 1;
      if (UNITS[k(at)]) {
        out.horizon = { count: Math.max(1, Math.round(n)), unit: UNITS[k(at)]! };
        consume(i, at + 1);
        i = at;
        continue;
      }
    }
    // Grains: "by month", "per year", "each week", "monthly", "month by month".
    if ((w === 'by' || w === 'per' || w === 'each' || w === 'every') && (UNITS[k(i + 1)] || (k(i + 1) === 'the' && UNITS[k(i + 2)]))) {
      const at = UNITS[k(i + 1)] ? i + 1 : i + 2;
      // "by date" is the time column itself; its grain is the data's own.
      if (k(at) !== 'date') {
        out.grain = UNITS[k(at)]!;
        consume(i, at + 1);
        i = at;
        continue;
      }
    }
    if (ADVERB_GRAINS[w]) {
      out.grain = ADVERB_GRAINS[w]!;
      consume(i, i + 1);
      continue;
    }
    if (UNITS[w] && k(i + 1) === 'by' && k(i + 2) === w) {
      out.grain = UNITS[w]!;
      consume(i, i + 3);
      i += 2;
      continue;
    }
    if (w === 'over' && k(i + 1) === 'time') {
      out.overTime = true;
      consume(i, i + 2);
      i++;
      continue;
    }
    if ((w === 'over' || w === 'across') && k(i + 1) === 'the' && k(i + 2) === 'years') {
      out.overTime = true;
      out.grain ??= 'year';
      consume(i, i + 3);
      i += 2;
      continue;
    }
    // "over all years", "in all years", "of all time": the whole span, one figure, not a series.
    if (['over', 'across', 'in', 'for', 'of'].includes(w) && k(i + 1) === 'all' && ['years', 'time', 'dates', 'periods'].includes(k(i + 2))) {
      consume(i, i + 3);
      i += 2;
      continue;
    }

    // Ranges: "between P and P", "from P to P", "P to P", "P - P".
    if (w === 'between' || w === 'from') {
      const a = readPeriod(tokens, i + 1, ctx);
      if (a) {
        const sep = k(a.next);
        if (['and', 'to', 'until', 'till', 'through', 'thru', '-'].includes(sep)) {
          const b = readPeriod(tokens, a.next + 1, ctx);
          if (b) {
            const [pa, pb] = fillYears(a.period, b.period);
            spans.push({ span: { start: resolve(pa, anchor).start, end: resolve(pb, anchor).end }, at: i, compareSide: pendingCompare });
            consume(i, b.next);
            i = b.next - 1;
            continue;
          }
        }
        if (w === 'from') {
          // "cars from 1975" is that period; "from 1975 on(wards)" is open-ended.
          const open = ['on', 'onwards', 'onward', 'forward', 'forwards'].includes(k(a.next));
          const r = resolve(a.period, anchor);
          spans.push({ span: { start: r.start, end: open ? openEnd : r.end }, at: i, compareSide: false });
          consume(i, open ? a.next + 1 : a.next);
          i = (open ? a.next + 1 : a.next) - 1;
          continue;
        }
      }
    }
    if (w === 'since' || w === 'after' || (w === 'starting' && k(i + 1) === 'in')) {
      const at = w === 'starting' ? i + 2 : i + 1;
      const p = readPeriod(tokens, at, ctx) ?? readRelative(tokens, at, anchor);
      if (p) {
        const s = 'period' in p ? resolve(p.period, anchor) : p.span;
        spans.push({ span: { start: w === 'after' ? s.end : s.start, end: openEnd }, at: i, compareSide: false });
        consume(i, p.next);
        i = p.next - 1;
        continue;
      }
    }
    if (w === 'before' || w === 'until' || w === 'till' || w === 'through' || (w === 'prior' && k(i + 1) === 'to') || (w === 'up' && k(i + 1) === 'to')) {
      const at = w === 'prior' || w === 'up' ? i + 2 : i + 1;
      const p = readPeriod(tokens, at, ctx);
      if (p) {
        const s = resolve(p.period, anchor);
        spans.push({ span: { start: openStart, end: w === 'before' || w === 'prior' ? s.start : s.end }, at: i, compareSide: false });
        consume(i, p.next);
        i = p.next - 1;
        continue;
      }
    }
    // Relative periods: "last year", "the past 3 months", "this quarter", "yesterday", "year to date".
    const rel = readRelative(tokens, i, anchor);
    if (rel) {
      spans.push({ span: rel.span, at: i, compareSide: pendingCompare });
      pendingCompare = false;
      consume(i, rel.next);
      i = rel.next - 1;
      continue;
    }
    // A single period, with or without "in": "in 2014", "March 2012", "Q3 2019", "2014-03-05".
    const lead = IN_WORDS.has(w) ? 1 : 0;
    const p = readPeriod(tokens, i + lead, ctx);
    if (p && (lead || isBarePeriodOk(tokens, i, p.period))) {
      let span = resolve(p.period, anchor);
      let next = p.next;
      // "P to P" / "P - P" / "P through P" without a leading "from".
      if (['to', 'through', 'thru', '-', 'until'].includes(k(next))) {
        const b = readPeriod(tokens, next + 1, ctx);
        if (b) {
          const [pa, pb] = fillYears(p.period, b.period);
          span = { start: resolve(pa, anchor).start, end: resolve(pb, anchor).end };
          next = b.next;
        }
      }
      spans.push({ span, at: i, compareSide: pendingCompare });
      pendingCompare = false;
      consume(i, next);
      i = next - 1;
      continue;
    }
  }

  chronoFallback(tokens, out, spans, ctx, anchor);
  combineSpans(out, spans);
  return out;
}

const openStart: Day = { y: -1, m: 1, d: 1 };
const openEnd: Day = { y: 99_999, m: 1, d: 1 };

function toRange(s: Span): DateRange {
  const r: DateRange = {};
  if (s.start.y !== openStart.y) r.from = iso(s.start);
  if (s.end.y !== openEnd.y) r.to = iso(s.end);
  return r;
}

/** Merges the spans read into the primary range and, for comparisons, the other one. */
function combineSpans(out: TimeParse, spans: { span: Span; at: number; compareSide: boolean }[]): void {
  if (!spans.length) return;
  const primary = spans.filter((s) => !s.compareSide);
  const other = spans.filter((s) => s.compareSide);
  if (other.length && primary.length) {
    // The later period is the one asked about; the earlier is its baseline.
    const a = primary[0]!.span;
    const b = other[0]!.span;
    const [main, base] = iso(a.start) >= iso(b.start) ? [a, b] : [b, a];
    out.range = toRange(main);
    out.otherRange = toRange(base);
    out.compare ??= compareModeFor(main, base);
    return;
  }
  // Several plain spans ("since 2010 ... before 2014", "in 2013 and 2014") intersect or join.
  const list = primary.length ? primary : other;
  let start = list[0]!.span.start;
  let end = list[0]!.span.end;
  const overlapsAll = list.every((s) => iso(s.span.start) < iso(end) && iso(s.span.end) > iso(start));
  for (const s of list.slice(1)) {
    if (overlapsAll) {
      if (iso(s.span.start) > iso(start)) start = s.span.start;
      if (iso(s.span.end) < iso(end)) end = s.span.end;
    } else {
      if (iso(s.span.start) < iso(start)) start = s.span.start;
      if (iso(s.span.end) > iso(end)) end = s.span.end;
    }
  }
  out.range = toRange({ start, end });
}

function compareModeFor(main: Span, base: Span): CompareMode {
  const len = (s: Span) => Date.parse(iso(s.end)) - Date.parse(iso(s.start));
  const yearBack = iso(addUnits(main.start, -1, 'year')) === iso(base.start) && iso(addUnits(main.end, -1, 'year')) === iso(base.end);
  if (iso(base.end) === iso(main.start) && Math.abs(len(main) - len(base)) < 4 * 86_400_000) return 'previous_period';
  return yearBack ? 'same_period_last_year' : 'previous_period';
}

function setCompare(out: TimeParse, unit: Grain): void {
  out.compare = unit === 'year' ? 'same_period_last_year' : 'previous_period';
  out.compareUnit = unit;
}

function readCompareTail(tokens: readonly Token[], i: number): { mode: CompareMode; next: number } | undefined {
  const words: string[] = [];
  for (let j = i; j < Math.min(tokens.length, i + 7); j++) words.push(tokens[j]!.key);
  const s = words.join(' ');
  const pats: [RegExp, CompareMode][] = [
    [/^(?:(?:vs|versus|compared (?:to|with)|against|than|compare(?:d)?(?: it)? (?:to|with))(?: the)? )?same (?:period|time|month|quarter|week) (?:(?:a|one) year (?:ago|earlier|before)|last year|(?:of |in )?the (?:previous|prior) year)/, 'same_period_last_year'],
    [/^(?:vs|versus|compared (?:to|with)|against|than|compare(?:d)? (?:to|with))(?: the)? (?:(?:a|one) year (?:ago|earlier|before)|the year before|last year|previous year|prior year)/, 'same_period_last_year'],
    [/^(?:vs|versus|compared (?:to|with)|against|than|compare(?:d)? (?:to|with))(?: the)? (?:previous|prior|preceding|last) (?:period|month|quarter|week|day)/, 'previous_period'],
    [/^(?:vs|versus|compared (?:to|with)|against|than)(?: the)? (?:period|month|quarter|week) before/, 'previous_period'],
  ];
  for (const [re, mode] of pats) {
    const m = re.exec(s);
    if (m) return { mode, next: i + m[0].split(' ').length };
  }
  return undefined;
}

function anchorDay(ctx: TimeContext): Day {
  const fromData = ctx.anchor === 'data' && ctx.latest ? parseDay(ctx.latest) : undefined;
  if (fromData) return fromData;
  return dayOf(ctx.now ? ctx.now() : new Date(0));
}

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
function readPeriod(tokens: readonly Token[], i: number, ctx: TimeContext): { period: Period; next: number } | undefined {
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
function isBarePeriodOk(tokens: readonly Token[], i: number, p: Period): boolean {
  const t = tokens[i]!;
  const prev = tokens[i - 1]?.key ?? '';
  if (['than', 'over', 'above', 'under', 'below', 'least', 'most', 'exactly', '>', '<', '=', '>=', '<=', 'top', 'bottom', 'first'].includes(prev)) return false;
  if (p.kind === 'year') {
    const next = tokens[i + 1];
    // "2000 votes" is a quantity; "2014 rainfall" or "2014?" is a year.
    return !(next && next.kind === 'word' && /^(votes|units|people|times|rows|records|items|dollars|mm|cm|km|miles|points|minutes|hours)$/.test(next.key));
  }
  if (t.key === 'may' && p.kind === 'month' && p.y === undefined) return false;
  return true;
}

/** Fills a missing year on either side of a range from the other ("between March and June 2012"). */
function fillYears(a: Period, b: Period): [Period, Period] {
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
function resolve(p: Period, anchor: Day): Span {
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

/** "last year", "the past 3 months", "this quarter", "yesterday", "year to date", "the latest month". */
function readRelative(tokens: readonly Token[], i: number, anchor: Day): { span: Span; next: number } | undefined {
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

type Chrono = { parse(text: string, ref: { instant: Date; timezone: number }, opt?: { forwardDate?: boolean }): ChronoResult[] };
interface ChronoResult {
  index: number;
  text: string;
  start: { date(): Date; isCertain(c: string): boolean };
  end?: { date(): Date } | null;
}
let chrono: Chrono | undefined;

/**
 * chrono-node reads the day-level dates the custom readers miss ("dec 25th", "the 3rd of june").
 * It is slow to load (~1 s), so it is required only when unread tokens look like a date.
 */
function chronoFallback(tokens: readonly Token[], out: TimeParse, spans: { span: Span; at: number; compareSide: boolean }[], ctx: TimeContext, anchor: Day): void {
  const free = tokens.filter((t) => !out.consumed.has(t.index));
  const looksDated = free.some((t) => MONTHS[t.key] !== undefined && t.key !== 'may' && t.key !== 'mar') && free.some((t) => t.kind === 'number' && t.value! <= 31);
  if (!looksDated) return;
  chrono ??= createRequire(import.meta.url)('chrono-node/en') as Chrono;
  const text = free.map((t) => t.norm).join(' ');
  for (const r of chrono.parse(text, { instant: new Date(Date.UTC(anchor.y, anchor.m - 1, anchor.d, 12)), timezone: 0 }, { forwardDate: false })) {
    if (!r.start.isCertain('day')) continue;
    const start = dayOf(r.start.date());
    if (!r.start.isCertain('year')) start.y = start.m < anchor.m || (start.m === anchor.m && start.d <= anchor.d) ? anchor.y : anchor.y - 1;
    const end = r.end ? addUnits(dayOf(r.end.date()), 1, 'day') : addUnits(start, 1, 'day');
    spans.push({ span: { start, end }, at: 0, compareSide: false });
    // Map the matched words back to tokens so they are not linked as entities.
    const words = new Set(r.text.split(/\s+/));
    for (const t of free) if (words.has(t.norm)) out.consumed.add(t.index);
    out.phrases.push(r.text);
  }
  void ctx;
}
