import { createRequire } from 'node:module';
import { addUnits, dayOf, type Day } from './calendar.js';
import type { TimeContext, TimeParse } from './timePhrases.js';
import type { SpanAt } from './timeSpans.js';
import { MONTHS } from './timeWords.js';
import type { Token } from './tokenize.js';

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
export function chronoFallback(tokens: readonly Token[], out: TimeParse, spans: SpanAt[], ctx: TimeContext, anchor: Day): void {
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
