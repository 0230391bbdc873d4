import type { DatePart } from './datePart.js';
import type { PartFilter } from './insightQuery.js';

/**
 * Date-part filters in words: "in December", "on Saturdays and Sundays", "in hours 9 and 10".
 * Values are read as given (deduplicated, ascending); one outside the part's range, which
 * validation refuses anyway, is shown as its number so a restatement never throws.
 */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays', 'Sundays'];

const words = (xs: string[], last: 'and' | 'or'): string => (xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} ${last} ${xs[xs.length - 1]}`);
const named = (names: string[], v: number, first: number): string => names[v - first] ?? String(v);

function describePart(part: DatePart, raw: readonly number[]): string {
  const vs = [...new Set(raw)].sort((a, b) => a - b);
  const plural = vs.length > 1 ? 's' : '';
  switch (part) {
    case 'month':
      return `in ${words(vs.map((v) => named(MONTHS, v, 1)), 'and')}`;
    case 'dow':
      return `on ${words(vs.map((v) => named(DAYS, v, 1)), 'and')}`;
    case 'quarter':
      return `in ${words(vs.map((v) => `Q${v}`), 'and')}`;
    case 'hour':
      return `in hour${plural} ${words(vs.map(String), 'and')} of the day`;
    case 'day':
      return `on day${plural} ${words(vs.map(String), 'and')} of the month`;
  }
}

/** All part filters of a query, joined ("in December on Sundays"). */
export function describeParts(parts: readonly PartFilter[]): string {
  return parts.map((p) => describePart(p.part, p.values)).join(' ');
}
