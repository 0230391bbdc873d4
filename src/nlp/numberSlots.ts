// Numbers in a question and the columns they belong to: a number before or after a column noun,
// a unit after it, a code of a column, and the column a comparison's own words name.
import { isNumericType, type CatalogColumn } from '../shared/catalog.js';
import type { NumericCondition } from './analyze.js';
import { rootVariants } from './lexicon.js';
import type { Token } from './tokenize.js';
import { splitLabel, type Vocabulary } from './vocabulary.js';

/** The number just before a token (across a hyphen: "4-cylinder"), when no slot has it. */
export function numberBefore(tokens: readonly Token[], i: number, used: ReadonlySet<number>): number | undefined {
  let j = i - 1;
  if (tokens[j]?.kind === 'punct' && tokens[j]!.key === '-') j--;
  return j >= 0 && isNum(tokens[j]) && !used.has(j) && !tokens[j]!.percent ? j : undefined;
}

/** A numeric column of a few whole-number codes (districts 1–4, doses 0.5/1/2 aside) that holds `v`. */
export function isCodeColumn(col: CatalogColumn, v: number): boolean {
  const s = col.stats;
  // Whole-number codes (districts, wards), or a handful of levels of any kind (doses 0.5, 1 and 2).
  if (!isNumericType(col.type) || !s || !fitsRange(col, v)) return false;
  if (s.distinctCount <= 100 && (s.integralShare ?? 0) >= 0.99) return true;
  // Levels that are not whole numbers (doses 0.5, 1, 2): only a level the profile has seen, so "dose 1.5" asks.
  return s.distinctCount <= 12 && !!s.topValues?.some((t) => Number(t.value) === v);
}

/** True when a value lies in a numeric column's profile range (no profile: any value). */
export function fitsRange(col: CatalogColumn, v: number): boolean {
  if (!isNumericType(col.type)) return false;
  const s = col.stats;
  if (!s || s.min === null || s.max === null) return true;
  return v >= s.min && v <= s.max;
}

export function isNum(t: Token | undefined): boolean {
  return !!t && t.kind === 'number' && t.value !== undefined && !t.ordinal;
}

/** A unit word after a number ("10 mm", "5 degrees", "$") belongs to the comparison, when it is not a catalog word. */
export function unitEnd(tokens: readonly Token[], at: number, vocab: Vocabulary): number {
  const t = tokens[at];
  if (!t) return at;
  if (t.kind === 'punct' && t.key === '%') return at + 1;
  if (t.kind === 'word' && !vocab.exact.has(t.key) && (/^(in|c|f|l|g|m|people|times|units?|votes?|points?|pts)$/.test(t.key) || UNIT_WORD.test(t.key))) {
    return at + 1;
  }
  return at;
}

/** Units of measure, said after a number ("64 KB") or after "in" ("memory in KB", "time in nanoseconds"). */
export const UNIT_WORD = /^(mm|cm|km|inches|inch|degrees?|deg|celsius|fahrenheit|dollars?|usd|eur|euros?|percent|pct|minutes?|mins?|hours?|hrs?|seconds?|secs?|kg|lbs?|pounds?|miles?|mph|kph|kmh|grams?|kilograms?|kilos?|tonnes?|tons?|mg|ml|litres?|liters?|ounces?|oz|feet|foot|ft|metres?|meters?|kilometres?|kilometers?|yards?|acres?|hectares?|years?|yrs|months?|weeks?|days?|bpm|ppm|calories|kcal|bytes?|kb|mb|gb|tb|kilobytes?|megabytes?|gigabytes?|ns|nanoseconds?|ms|milliseconds?|microseconds?|hz|khz|mhz|ghz|kw|mw|gw|kwh|mwh|gwh|watts?|volts?|amps?)$/;

/**
 * The numeric column a comparison's own words name ("65 or older", "aged 80 and above", "20 to 29
 * years old" → age through WordNet's attribute of "old"), when the number fits its range.
 */
export function wordColumn(tokens: readonly Token[], c: NumericCondition, vocab: Vocabulary): CatalogColumn | undefined {
  const cols = new Map(vocab.dataset.columns.map((col) => [col.name, col]));
  // "less than 10 km from the event": the unit says what is measured, before any word near it.
  const byUnit = unitColumn(tokens.slice(c.start, c.end + 1), vocab, c.value);
  if (byUnit) return byUnit;
  for (let i = Math.max(0, c.start - 1); i <= Math.min(tokens.length - 1, c.end + 1); i++) {
    const t = tokens[i]!;
    if (t.kind !== 'word' || t.key.length < 3) continue;
    for (const key of [t.key, ...rootVariants(t.key)]) {
      const hit = (vocab.exact.get(key) ?? []).find((e) => e.target.kind === 'column' && e.source !== 'partial' && fitsRange(cols.get(e.target.column)!, c.value));
      if (hit && hit.target.kind === 'column') return cols.get(hit.target.column);
    }
  }
  return undefined;
}

/** What a unit measures: the words a column for it may be named by (or begin: "dist", "temp"). */
const UNIT_QUANTITY: Record<string, readonly string[]> = (() => {
  const out: Record<string, readonly string[]> = {};
  const put = (units: string, quantities: string[]) => {
    for (const u of units.split(' ')) out[u] = quantities;
  };
  put('km kms kilometre kilometres kilometer kilometers mile miles metre metres meter meters feet foot ft yard yards', ['distance', 'length', 'height', 'depth', 'width', 'altitude', 'elevation']);
  put('kg kgs kilogram kilograms kilo kilos gram grams lb lbs pound pounds tonne tonnes ton tons ounce ounces oz', ['weight', 'mass']);
  put('celsius fahrenheit', ['temperature']);
  put('mph kph kmh', ['speed', 'velocity', 'wind']);
  // "at 15 years", "older than 10 years": an age, where a column is called so (ages are in years).
  put('years yrs', ['age']);
  return out;
})();

/** The one numeric column whose name is the quantity a unit in these tokens measures, when the value fits it. */
function unitColumn(span: readonly Token[], vocab: Vocabulary, value: number): CatalogColumn | undefined {
  const names = (col: CatalogColumn) => [...splitLabel(col.name), ...splitLabel(col.label)];
  // A column named by the unit itself ("warranty_years", "term_months") before any quantity the unit measures.
  const units = span.flatMap((t) => (t.kind === 'word' && UNIT_WORD.test(t.key) ? [t.key, t.key.replace(/s$/, '')] : []));
  const own = vocab.dataset.columns.filter((col) => isNumericType(col.type) && fitsRange(col, value) && names(col).some((w) => units.includes(w) || units.includes(w.replace(/s$/, ''))));
  if (own.length) return own.length === 1 ? own[0] : undefined;
  const quantities = span.flatMap((t) => (t.kind === 'word' && Object.hasOwn(UNIT_QUANTITY, t.key) ? UNIT_QUANTITY[t.key]! : []));
  if (!quantities.length) return undefined;
  const measures = (col: CatalogColumn, q: string) => names(col).some((w) => w === q || (w.length >= 3 && q.startsWith(w))) || (vocab.exact.get(q) ?? []).some((e) => e.target.kind === 'column' && e.target.column === col.name);
  // The most telling quantity first: "mph" is a speed before it is wind, so wind_speed over wind_dir.
  for (const q of quantities) {
    const hits = vocab.dataset.columns.filter((col) => isNumericType(col.type) && fitsRange(col, value) && measures(col, q));
    if (hits.length) return hits.length === 1 ? hits[0] : undefined;
  }
  return undefined;
}
