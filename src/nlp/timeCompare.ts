// Period-over-period comparisons: "year over year", "compared to last year", and which mode two
// named periods make.
import type { Grain } from '../shared/catalog.js';
import type { CompareMode } from '../insights/insightQuery.js';
import { addUnits, iso } from './calendar.js';
import type { TimeParse } from './timePhrases.js';
import type { Span } from './timePeriod.js';
import type { Token } from './tokenize.js';

export function compareModeFor(main: Span, base: Span): CompareMode {
  const len = (s: Span) => Date.parse(iso(s.end)) - Date.parse(iso(s.start));
  const yearBack = iso(addUnits(main.start, -1, 'year')) === iso(base.start) && iso(addUnits(main.end, -1, 'year')) === iso(base.end);
  if (iso(base.end) === iso(main.start) && Math.abs(len(main) - len(base)) < 4 * 86_400_000) return 'previous_period';
  return yearBack ? 'same_period_last_year' : 'previous_period';
}

export function setCompare(out: TimeParse, unit: Grain): void {
  out.compare = unit === 'year' ? 'same_period_last_year' : 'previous_period';
  out.compareUnit = unit;
}

export function readCompareTail(tokens: readonly Token[], i: number): { mode: CompareMode; next: number } | undefined {
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
