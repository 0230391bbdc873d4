// Doubts where a question's words have two readings and the plan took one with no word to choose:
// a short word in a list of codes ("CA, OR and WA"), a place named by a value of the very column it
// should hold ("counties in <a county>"), a part of the year ranked as if it were one period, and a
// relation between two figures ("does it get windier when it's colder") read as two figures, and
// both ends asked ("the highest and lowest") answered by a ranking of one or, when the rows were
// asked for, by two bare figures. The first four were confident wrong answers on the tuning sets,
// the last is wrong by construction; the plan asks instead of asserting.
import { isNumericType } from '../shared/catalog.js';
import type { Analysis } from './analysisTypes.js';
import type { Built } from './buildQuery.js';
import { filterColumns, pinnedColumns } from './planUse.js';
import { onePerYearAndPart, yearColumn } from './timeAxis.js';
import { rowsArePeople } from './rowNoun.js';

export type ReadingDoubtCode = 'value-in-list' | 'place-of-same-column' | 'part-of-year-ranked' | 'relation-as-figures' | 'one-of-both-ends' | 'amount-as-count' | 'ordinal-rank' | 'people-as-value';

export interface ReadingDoubt {
  code: ReadingDoubtCode;
  why: string;
}

/** The reading doubts of a built plan (see the file comment). */
export function readingDoubts(a: Analysis, built: Built): ReadingDoubt[] {
  return [valueInList(a), placeOfSameColumn(a, built), partOfYearRanked(a, built), relationAsFigures(a, built), oneOfBothEnds(a, built), amountAsCount(a, built), ordinalRank(a), peopleAsValue(a)].filter((d): d is ReadingDoubt => !!d);
}

/**
 * "rates for CA, OR and WA": between two values of one column, a code of that column that is also a
 * function word ("or", "in", "me"), never linked as a value, so it was dropped from the list.
 */
function valueInList(a: Analysis): ReadingDoubt | undefined {
  const byColumn = new Map<string, number[]>();
  for (const v of a.values) byColumn.set(v.column, [...(byColumn.get(v.column) ?? []), v.link.start, v.link.end]);
  for (const [column, spans] of byColumn) {
    const from = Math.min(...spans);
    const to = Math.max(...spans);
    for (let i = from; i < to; i++) {
      const t = a.tokens[i]!;
      if (a.used.has(i) || t.kind !== 'word') continue;
      if (!(a.vocab.stopValues?.get(column) ?? []).some((e) => e.key === t.key)) continue;
      // Only in a list: a comma beside it ("CA, OR and WA"), not "CA or WA" alone.
      if (a.tokens[i - 1]?.key === ',' || a.tokens[i + 1]?.key === ',') return { code: 'value-in-list', why: `'${t.norm}' in the list may be a value of ${column}` };
    }
  }
  return undefined;
}

/**
 * "counties in Delaware" where Delaware was found as a county: a place is named as what holds the
 * rows of the column said before "in", so it is more likely a value of another column the data
 * does not spell that way; filtering the column on its own value answers another question.
 */
function placeOfSameColumn(a: Analysis, built: Built): ReadingDoubt | undefined {
  const filtered = filterColumns(built.query.filter);
  for (const m of a.dimensions) {
    if (!/^(in|within|inside)$/.test(a.tokens[m.link.end]?.key ?? '') || !m.link.text.endsWith('s')) continue;
    const v = a.values.find((x) => x.column === m.column.name && x.link.start >= m.link.end + 1 && x.link.start <= m.link.end + 2);
    if (v && filtered.has(v.column) && !built.query.dimensions.includes(v.column)) return { code: 'place-of-same-column', why: `'${v.link.text}' was read as a ${m.column.label} itself, in '${m.link.text} in ${v.link.text}'` };
  }
  return undefined;
}

/**
 * "which quarter had the highest sales" where each row is one year's quarter: ranking the
 * quarters of the year by their average answers "which quarter is highest in general", not which
 * quarter (of which year) was. Off when an aggregation is named ("the highest average").
 */
function partOfYearRanked(a: Analysis, built: Built): ReadingDoubt | undefined {
  const q = built.query;
  // The superlative itself is read as an aggregation cue ("highest" → max); only another word names one.
  if (!a.rank || a.aggCues.some((c) => c.index !== a.rank!.index) || q.dimensions.length !== 1) return undefined;
  const ds = a.vocab.dataset;
  const part = ds.columns.find((c) => c.name === q.dimensions[0]);
  if (!part || !onePerYearAndPart(part, ds) || !q.measures.some((m) => m.agg === 'avg' || m.agg === 'sum')) return undefined;
  // "which category was biggest in 1950": one year named, each part is one row of it.
  if (pinnedColumns(q.filter).has(yearColumn(ds)?.name ?? '')) return undefined;
  return { code: 'part-of-year-ranked', why: `the ${part.label}s were ranked across all years; one ${part.label} of one year may be asked` };
}

/**
 * "does it get windier when it's colder": a yes/no question joining two figures by "when", "as" or
 * "if" asks how they move together, not for each one's figure.
 */
function relationAsFigures(a: Analysis, built: Built): ReadingDoubt | undefined {
  // "how does height change as the trees get older": a change of one figure along another, too.
  const howChanges = a.tokens[0]?.key === 'how' && a.tokens.some((t) => /^(change|changes|vary|varies|differ|differs|move|moves|grow|grows)$/.test(t.key));
  if (built.intent === 'correlation' || (!howChanges && !/^(does|do|did|is|are|was|were)$/.test(a.tokens[0]?.key ?? ''))) return undefined;
  const columns = new Set(a.measures.map((m) => m.column.name));
  const joined = a.tokens.some((t) => /^(when|as|if|whenever)$/.test(t.key));
  return columns.size >= 2 && joined ? { code: 'relation-as-figures', why: 'two figures joined by a condition may ask how they move together' } : undefined;
}

/**
 * "which car has the highest and lowest mpg": both ends asked of the rows or groups, but a ranking
 * returns one end; one query cannot hold the top and the bottom, so the plan asks.
 */
function oneOfBothEnds(a: Analysis, built: Built): ReadingDoubt | undefined {
  if (!a.bothEnds) return undefined;
  const [low, high] = [a.tokens[a.bothEnds.low]!.norm, a.tokens[a.bothEnds.high]!.norm];
  // "show the animals with the lowest and highest sleep": the rows were asked for, before the ends,
  // and two bare figures name none of them.
  const rowsFirst = a.rowNoun && a.rowNoun.index < Math.min(a.bothEnds.low, a.bothEnds.high);
  if (rowsFirst && built.query.dimensions.length === 0) return { code: 'one-of-both-ends', why: `the ${a.rowNoun!.norm} with the ${low} and ${high} were asked, but only the two figures are answered` };
  if (built.intent !== 'top_n' && built.intent !== 'bottom_n') return undefined;
  return { code: 'one-of-both-ends', why: `'${high}' and '${low}' were both asked, but only the ${built.intent === 'top_n' ? high : low} is answered` };
}

/**
 * "how much did it rain in 2015", "total snow in 2014": an amount asked of a value ("rain" of a
 * weather column) with no figure named, where the table has figures to sum. Counting the rows that
 * hold the value answers "how many rainy days", not how much fell.
 */
function amountAsCount(a: Analysis, built: Built): ReadingDoubt | undefined {
  const q = built.query;
  if (!a.values.length || q.measures.length !== 1 || q.measures[0]!.agg !== 'count' || q.measures[0]!.column) return undefined;
  const words = a.tokens.map((t) => t.key).join(' ');
  // Not "total snow days", "how much of the time": the rows themselves are the amount.
  const amount = (/\bhow much\b/.test(words) || a.aggCues.some((c) => c.agg === 'sum')) && !/\b(number|count|many|times|often|days|nights|hours|weeks|months|occasions|events)\b/.test(words);
  if (!amount || a.rowNoun || a.countCue) return undefined;
  const figures = a.vocab.dataset.columns.filter((c) => c.role === 'measure' && isNumericType(c.type));
  if (!figures.length) return undefined;
  const v = a.values[0]!;
  return { code: 'amount-as-count', why: `an amount of '${v.link.text}' was asked, but the rows where ${v.column} is '${v.value}' were counted` };
}

/** "the second largest", "the 3rd highest": a place in the ranking other than the first, which a top-N does not single out. */
function ordinalRank(a: Analysis): ReadingDoubt | undefined {
  if (!a.rank) return undefined;
  const t = a.tokens[a.rank.index - 1];
  const place = t && (/^(second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)$/.test(t.key) || (t.ordinal && (t.value ?? 0) >= 2));
  return place ? { code: 'ordinal-rank', why: `'${t.norm} ${a.tokens[a.rank.index]!.norm}' asks for one place in the ranking, not the first` } : undefined;
}

/** Plural words that may name everyone in a table of people ("adults" beside "Child" is a category). */
const EVERYONE = /^(workers|employees|staff|people|persons|individuals|respondents|participants|members)$/;

/**
 * "how many workers are in each sector" in a table of people whose occupation may be "worker": a
 * plural word for people that is also a value names either that value or the people themselves.
 */
function peopleAsValue(a: Analysis): ReadingDoubt | undefined {
  if (!rowsArePeople(a.vocab)) return undefined;
  const v = a.values.find((x) => {
    const word = x.link.text;
    if (x.negated || word.includes(' ') || !EVERYONE.test(word)) return false;
    return String(x.value).toLowerCase() === word.slice(0, -1);
  });
  return v ? { code: 'people-as-value', why: `'${v.link.text}' may be the people themselves, not only those whose ${v.column} is '${v.value}'` } : undefined;
}
