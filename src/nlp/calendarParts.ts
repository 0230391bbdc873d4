// Parts of the calendar said across years: "in December across all years", "every March", "on
// weekends", "on Mondays", "by day of the week", "by hour of day", "by month of the year". They
// filter or group a date column by a part (InsightQuery `time.parts` / `time.by`) instead of naming
// one period. Read before the time phrases, which then never see these words. Pure.
import type { DatePart } from '../insights/datePart.js';
import { MONTH_NUMBER } from './monthNames.js';
import type { Token } from './tokenize.js';

export interface CalendarParts {
  parts: { part: DatePart; values: number[] }[];
  by?: DatePart;
  /** "which March", "the coldest December": a month of every year, the years' months ranked against each other. */
  rankYears?: boolean;
  /** Token indices these phrases used. */
  consumed: Set<number>;
}

const DAYS: Record<string, number> = {
  monday: 1, mondays: 1, tuesday: 2, tuesdays: 2, wednesday: 3, wednesdays: 3, thursday: 4, thursdays: 4,
  friday: 5, fridays: 5, saturday: 6, saturdays: 6, sunday: 7, sundays: 7,
};
/** "by day of (the) week" and the like: the unit, then the cycle it repeats in. */
const BY_PART: { unit: RegExp; cycle: RegExp; part: DatePart }[] = [
  { unit: /^(day|days|weekday|weekdays)$/, cycle: /^week$/, part: 'dow' },
  { unit: /^(hour|hours|time)$/, cycle: /^day$/, part: 'hour' },
  { unit: /^(month|months)$/, cycle: /^year$/, part: 'month' },
  { unit: /^(quarter|quarters)$/, cycle: /^year$/, part: 'quarter' },
  { unit: /^(day|days)$/, cycle: /^month$/, part: 'day' },
];
/** A superlative ("coldest", "warmest"; not "west", "best" … which are short). */
const SUPERLATIVE = /^[a-z]{3,}est$/;
/** Words that ask for a typical figure: with a month and no year, every year's month. */
const AVERAGE_WORD = /^(average|averages|avg|mean|typical|typically|usually|normally)$/;
/** Words after a month that make it every year's month, not the latest one. */
const EVERY_YEAR = /^(across|over|in|for|of)$/;

/** The calendar parts of a question; empty when it names none. */
export function calendarParts(tokens: readonly Token[]): CalendarParts {
  const out: CalendarParts = { parts: [], consumed: new Set() };
  const k = (i: number) => tokens[i]?.key ?? '';
  const use = (a: number, b: number) => {
    for (let j = a; j < b; j++) out.consumed.add(j);
  };
  const noYear = !tokens.some((t) => t.kind === 'number' && (t.value ?? 0) >= 1000 && (t.value ?? 0) < 3000);
  const averaged = tokens.some((t) => AVERAGE_WORD.test(t.key)) && noYear;
  // "… across all the years", "from year to year", "each year" anywhere: a month said is every year's.
  const yearsWide = noYear ? everyYearAt(tokens) : undefined;
  const two = twoMonthsCompared(tokens);
  if (two) {
    out.parts.push({ part: 'month', values: two.months });
    out.by = 'month';
    for (const i of two.at) out.consumed.add(i);
  }
  for (let i = 0; i < tokens.length; i++) {
    if (out.consumed.has(i)) continue;
    // "by day of (the) week", "hour of the day", "calendar month"
    const by = BY_PART.find((p) => p.unit.test(k(i)) && k(i + 1) === 'of' && p.cycle.test(k(i + 2) === 'the' ? k(i + 3) : k(i + 2)));
    if (by && !out.by) {
      out.by = by.part;
      use(i, i + (k(i + 2) === 'the' ? 4 : 3));
      continue;
    }
    if (k(i) === 'calendar' && /^(month|months)$/.test(k(i + 1))) {
      out.by = 'month';
      use(i, i + 2);
      continue;
    }
    // "on weekends", "on weekdays", "on Sundays"
    if (/^(weekend|weekends)$/.test(k(i))) {
      out.parts.push({ part: 'dow', values: [6, 7] });
      use(i, i + 1);
      continue;
    }
    if (/^(weekdays|workdays)$/.test(k(i))) {
      out.parts.push({ part: 'dow', values: [1, 2, 3, 4, 5] });
      use(i, i + 1);
      continue;
    }
    if (Object.hasOwn(DAYS, k(i))) {
      const days = [DAYS[k(i)]!];
      let j = i + 1;
      while ((k(j) === 'and' || k(j) === 'or' || k(j) === ',') && Object.hasOwn(DAYS, k(j + 1))) {
        days.push(DAYS[k(j + 1)]!);
        j += 2;
      }
      out.parts.push({ part: 'dow', values: days });
      use(i, j);
      i = j - 1;
      continue;
    }
    // "the fourth quarter across all years", "Q1 of each year", "every second quarter"
    const quarter = quarterAt(tokens, i);
    if (quarter) {
      const before = k(i - 1) === 'the' ? i - 2 : i - 1;
      // "every second quarter" is every other one; "every Q2", "each fourth quarter" name it.
      const every = /^(every|each)$/.test(k(before)) && !(k(i) === 'second' && k(before) === 'every');
      const ofEach = /^(of|in)$/.test(k(quarter.end)) && /^(each|every)$/.test(k(quarter.end + 1)) && k(quarter.end + 2) === 'year';
      const typical = (averaged || !!yearsWide) && /^(in|for|during)$/.test(k(before));
      if (every || ofEach || typical) {
        out.parts.push({ part: 'quarter', values: [quarter.value] });
        use(every ? before : i, ofEach ? quarter.end + 3 : quarter.end);
        i = (ofEach ? quarter.end + 3 : quarter.end) - 1;
      }
      continue;
    }
    // "December across all years", "in March of every year", "every June", "Decembers"
    // "Decembers", "Januaries"
    const single = /ies$/.test(k(i)) ? `${k(i).slice(0, -3)}y` : k(i).slice(0, -1);
    const month = Object.hasOwn(MONTH_NUMBER, k(i)) ? MONTH_NUMBER[k(i)] : /s$/.test(k(i)) && Object.hasOwn(MONTH_NUMBER, single) && k(i).length > 4 ? MONTH_NUMBER[single] : undefined;
    if (month === undefined || k(i) === 'may' || k(i) === 'mar') continue;
    const plural = !Object.hasOwn(MONTH_NUMBER, k(i));
    const every = k(i - 1) === 'every' || k(i - 1) === 'each';
    const across = EVERY_YEAR.test(k(i + 1)) && /^(all|every|each)$/.test(k(i + 2)) && /^(years?|time)$/.test(k(i + 3));
    const ofEach = (k(i + 1) === 'of' || k(i + 1) === 'in') && /^(each|every)$/.test(k(i + 2)) && k(i + 3) === 'year';
    // "average passengers in December" with no year said: a typical December, over every year.
    // "in December and January": those months of every year.
    const listed = /^(and|or)$/.test(k(i + 1)) && Object.hasOwn(MONTH_NUMBER, k(i + 2)) && k(i + 2) !== 'may' && k(i + 2) !== 'mar' ? MONTH_NUMBER[k(i + 2)] : undefined;
    // "the coldest December": a superlative right before the month, no year said, ranks every year's.
    const ranked = noYear && SUPERLATIVE.test(k(i - 1));
    // A month that ends or starts a span ("from March to June", "between January and March") is left to the time phrases.
    const inSpan = /^(through|thru|to|until|till|-)$/.test(k(i + 1)) || /^(through|thru|to|until|till|-|from|between)$/.test(k(i - 1)) || (k(i - 1) === 'and' && tokens.slice(0, i).some((t) => t.key === 'between'));
    const typical = (averaged || ranked || !!yearsWide) && (/^(in|for|during)$/.test(k(i - 1)) || AVERAGE_WORD.test(k(i - 1)) || !!yearsWide || ranked) && !inSpan && (!/^(and|or)$/.test(k(i + 1)) || listed !== undefined);
    // "which March had the most rain": the month asked of every year, each year's one ranked.
    const asked = noYear && /^(which|what)$/.test(k(i - 1)) && !inSpan;
    if (!plural && !every && !across && !ofEach && !typical && !asked) continue;
    // Not "the coldest December day", "which March day": the unit after the month is what is ranked.
    if ((asked || ranked) && !/^(days?|nights?|weeks?|hours?|dates?|mornings?|afternoons?|evenings?)$/.test(k(i + 1))) out.rankYears = true;
    if (typical && listed !== undefined) {
      out.parts.push({ part: 'month', values: [month, listed].sort((x, y) => x - y) });
      use(i, i + 3);
      i += 2;
      continue;
    }
    out.parts.push({ part: 'month', values: [month] });
    use(every ? i - 1 : i, across || ofEach ? i + 4 : i + 1);
  }
  // "… across all the years" said of a month is the whole span: used. "Each year" stays a grain.
  if (yearsWide && out.parts.some((p) => p.part === 'month' || p.part === 'quarter')) use(yearsWide.from, yearsWide.to);
  return out;
}

/**
 * Where a question says the years run on, away from any month ("the average October rainfall
 * across all the years", "how did August change from year to year"): the words' span (read only
 * where no year is said). "From year to year" is left to the time phrases, which read it as by year.
 */
function everyYearAt(tokens: readonly Token[]): { from: number; to: number } | undefined {
  const k = (i: number) => tokens[i]?.key ?? '';
  for (let i = 0; i < tokens.length; i++) {
    const the = k(i + 2) === 'the' ? 1 : 0;
    if (/^(across|over|in|for|of)$/.test(k(i)) && k(i + 1) === 'all' && /^years$/.test(k(i + 2 + the))) return { from: i, to: i + 3 + the };
    // "in each year", "from year to year": the years one by one, a grain the time phrases read.
    if ((/^(each|every)$/.test(k(i)) && k(i + 1) === 'year') || (k(i) === 'year' && k(i + 1) === 'to' && k(i + 2) === 'year')) return { from: i, to: i };
  }
  return undefined;
}

const QUARTER_ORDINAL: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, '1st': 1, '2nd': 2, '3rd': 3, '4th': 4 };

/** A quarter named at `i` ("Q3", "the third quarter", "3rd quarter"): its number and the index after it. */
function quarterAt(tokens: readonly Token[], i: number): { value: number; end: number } | undefined {
  const k = (j: number) => tokens[j]?.key ?? '';
  const q = /^q([1-4])$/.exec(k(i));
  if (q) return { value: Number(q[1]), end: i + 1 };
  const n = QUARTER_ORDINAL[k(i)] ?? (tokens[i]?.ordinal && tokens[i]!.value! >= 1 && tokens[i]!.value! <= 4 ? tokens[i]!.value : undefined);
  return n !== undefined && k(i + 1) === 'quarter' ? { value: n, end: i + 2 } : undefined;
}

const JOINER = /^(and|or|vs|versus|against|with|,)$/;
const COMPARE_CUE = /^(compare|compared|comparing|comparison|vs|versus|against|or)$/;

/**
 * "Compare July and November", "June vs September" with no year said: the two months of the
 * year side by side, over every year of the data, not the span from one to the other.
 */
function twoMonthsCompared(tokens: readonly Token[]): { months: number[]; at: number[] } | undefined {
  if (tokens.some((t) => t.kind === 'number') || !tokens.some((t) => COMPARE_CUE.test(t.key))) return undefined;
  const month = (i: number) => (Object.hasOwn(MONTH_NUMBER, tokens[i]?.key ?? '') && tokens[i]!.key !== 'may' && tokens[i]!.key !== 'mar' ? MONTH_NUMBER[tokens[i]!.key] : undefined);
  const at = tokens.map((_, i) => i).filter((i) => month(i) !== undefined);
  if (at.length !== 2) return undefined;
  const [a, b] = at as [number, number];
  const between = tokens.slice(a + 1, b).map((t) => t.key);
  if (between.length !== 1 || !JOINER.test(between[0]!)) return undefined;
  if (/^(between|from)$/.test(tokens[a - 1]?.key ?? '')) return undefined;
  return { months: [month(a)!, month(b)!].sort((x, y) => x - y), at };
}
