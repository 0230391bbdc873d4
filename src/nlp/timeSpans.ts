// The spans read from a question, merged into the range asked about and, for a comparison, its baseline.
import { iso } from './calendar.js';
import type { DateRange, TimeParse } from './timePhrases.js';
import { compareModeFor } from './timeCompare.js';
import { openEnd, openStart, type Span } from './timePeriod.js';

/** A span read at token `at`; `compareSide` when it was named after a comparison word. */
export interface SpanAt {
  span: Span;
  at: number;
  compareSide: boolean;
}

function toRange(s: Span): DateRange {
  const r: DateRange = {};
  if (s.start.y !== openStart.y) r.from = iso(s.start);
  if (s.end.y !== openEnd.y) r.to = iso(s.end);
  return r;
}

/** Merges the spans read into the primary range and, for comparisons, the other one. */
export function combineSpans(out: TimeParse, spans: SpanAt[]): void {
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
