import type { CatalogColumn, CatalogDataset } from '../shared/catalog.js';
import type { Filter, InsightQuery } from '../insights/insightQuery.js';
import { YEARS_PER, type YearBucketSize } from '../insights/yearBucket.js';
import type { DateRange } from './timePhrases.js';
import { yearFilter, yearsOf } from './timeAxis.js';
import type { Token } from './tokenize.js';
import { splitLabel } from './vocabulary.js';

/**
 * Decades and centuries in questions. Grouping: "by decade", "per century", "each decade",
 * "which decade …", "decade by decade", "decades since 1950" read as a year series that
 * `applyYearBucket` turns into the query's decade or century bucket (a time column's grain, or
 * `yearBucket` on an integer year column). Filters: "the 1990s" and "the 1600s" are read by the
 * tokenizer and timePhrases; "the 19th century" here (`ordinalCentury`), as 1800–1899, the reading
 * our reference answers use ("the 1800s"), not 1801–1900. "The 80s" is left alone: without a
 * century it is as often a temperature or a score as a decade.
 */

const SIZE_OF: Record<string, YearBucketSize> = { decade: 'decade', decades: 'decade', century: 'century', centuries: 'century' };
const GROUP_BEFORE = new Set(['by', 'per', 'each', 'every', 'which', 'what']);
const CENTURY_WORDS = new Set(['century', 'centuries']);
const COUNT_BEFORE = new Set(['last', 'past', 'previous', 'next', 'two', 'three', 'few', 'several', 'many', 'a', 'one']);

export interface YearBucketReading {
  size: YearBucketSize;
  /** Token indices the reading used ("by", "the", "decade"). */
  consumed: number[];
}

/** True when a column's own name says decade or century: then the word names it, not a bucket. */
function namedByColumn(ds: CatalogDataset, size: YearBucketSize): boolean {
  return ds.columns.some((c) => [...splitLabel(c.name), ...splitLabel(c.label)].some((w) => SIZE_OF[w] === size));
}

/** The grouping a question asks for by decade or century, if any (see the file comment). */
export function readYearBucket(tokens: readonly Token[], ds: CatalogDataset, taken: ReadonlySet<number>): YearBucketReading | undefined {
  const k = (i: number) => tokens[i]?.key ?? '';
  for (let i = 0; i < tokens.length; i++) {
    const size = SIZE_OF[k(i)];
    if (!size || taken.has(i) || namedByColumn(ds, size)) continue;
    const prev = k(i - 1) === 'the' ? i - 2 : i - 1;
    // "decade by decade", "from century to century"
    if ((k(i + 1) === 'by' || k(i + 1) === 'to') && SIZE_OF[k(i + 2)] === size) {
      return { size, consumed: [...(k(i - 1) === 'from' ? [i - 1] : []), i, i + 1, i + 2] };
    }
    if (GROUP_BEFORE.has(k(prev))) {
      // "which decade": the question word stays for the intent; "by the decade": all three are read here.
      const from = k(prev) === 'which' || k(prev) === 'what' ? i : prev;
      return { size, consumed: range(from, i + 1) };
    }
    // "decades since 1950", "over the decades": a plural names the buckets; "two decades", "the 19th and 20th centuries" do not.
    const before = tokens[i - 1];
    const plural = k(i) === 'decades' || k(i) === 'centuries';
    if (plural && !COUNT_BEFORE.has(k(i - 1)) && before?.kind !== 'number' && !tokens.slice(0, i).some((t) => t.ordinal)) {
      return { size, consumed: [i] };
    }
  }
  return undefined;
}

const range = (a: number, b: number): number[] => Array.from({ length: b - a }, (_, j) => a + j);

/**
 * "the 19th century" (and the first side of "the 19th and 20th centuries"): the hundred years from
 * (N − 1) × 100, as a start year and the index after the phrase. Undefined for any other ordinal.
 */
export function ordinalCentury(tokens: readonly Token[], i: number): { y: number; next: number } | undefined {
  const t = tokens[i];
  if (!t?.ordinal || t.kind !== 'number' || !Number.isInteger(t.value) || t.value! < 10 || t.value! > 22) return undefined;
  const k = (j: number) => tokens[j]?.key ?? '';
  if (CENTURY_WORDS.has(k(i + 1))) return { y: (t.value! - 1) * 100, next: i + 2 };
  // "the 19th and 20th centuries", "the 18th or 19th century"
  if ((k(i + 1) === 'and' || k(i + 1) === 'or' || k(i + 1) === 'to') && tokens[i + 2]?.ordinal && CENTURY_WORDS.has(k(i + 3))) return { y: (t.value! - 1) * 100, next: i + 1 };
  return undefined;
}

/** The size both ranges share when each is one whole decade or one whole century ("the 1950s vs the 2000s"). */
export function twoSpanSize(a: DateRange, b: DateRange): YearBucketSize | undefined {
  const ya = yearsOf(a);
  const yb = yearsOf(b);
  for (const size of ['decade', 'century'] as const) {
    const n = YEARS_PER[size];
    const whole = (y: { from?: number; to?: number } | undefined) => y?.from !== undefined && y.to === y.from + n && y.from % n === 0;
    if (whole(ya) && whole(yb)) return size;
  }
  return undefined;
}

/** The filter keeping two whole-year spans of a year column ("the 1950s or the 2000s"). */
export function twoSpanYearFilter(yc: CatalogColumn, a: DateRange, b: DateRange): Filter {
  const [fa, fb] = [yearFilter(yc, yearsOf(a)!)!, yearFilter(yc, yearsOf(b)!)!];
  return { or: [fb, fa] };
}

/**
 * Turns the plan's year series into decades or centuries: a time column's 'year' grain becomes
 * the bucket's grain, a year column's grouping becomes `yearBucket`, and an order on the year
 * becomes an order on the bucket. False when the plan groups by no year (nothing to turn).
 */
export function applyYearBucket(q: InsightQuery, time: NonNullable<InsightQuery['time']>, size: YearBucketSize, tc: CatalogColumn | undefined, yc: CatalogColumn | undefined): boolean {
  let from: string | undefined;
  if (tc && time.grain === 'year') {
    time.grain = size;
    from = 'year';
  } else if (!tc && yc && q.dimensions.includes(yc.name)) {
    q.dimensions = q.dimensions.filter((d) => d !== yc.name);
    q.yearBucket = { column: yc.name, size };
    from = yc.name;
  }
  if (!from) return false;
  q.orderBy = q.orderBy.map((o) => (o.field === from ? { ...o, field: size } : o));
  return true;
}

/**
 * "the 19th and 20th centuries": two centuries named side by side, not the two hundred years
 * between them (the time phrases join plain spans). The later one is the range, the earlier the
 * other range, as for two years.
 */
export function splitTwoCenturies<T extends { range?: DateRange; otherRange?: DateRange; consumed: Set<number> }>(tokens: readonly Token[], time: T): T {
  if (time.otherRange) return time;
  for (let i = 0; i + 3 < tokens.length; i++) {
    const a = ordinalCentury(tokens, i);
    if (!a || a.next !== i + 1 || !time.consumed.has(i)) continue;
    const b = ordinalCentury(tokens, i + 2);
    if (!b) return time;
    const span = (y: number): DateRange => ({ from: `${String(y).padStart(4, '0')}-01-01`, to: `${String(y + 100).padStart(4, '0')}-01-01` });
    const [early, late] = a.y < b.y ? [a.y, b.y] : [b.y, a.y];
    return { ...time, range: span(late), otherRange: span(early) };
  }
  return time;
}
