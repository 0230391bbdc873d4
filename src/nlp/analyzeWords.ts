// Word tables the analysis reads: quantity nouns, activity and own-figure words, grouping and
// negation words, and which column is a year. Pure data and one-line tests.
import type { FilterOp } from '../insights/insightQuery.js';
import type { CatalogColumn, Grain } from '../shared/catalog.js';

/** A column of years: a number beside a comparison that lies outside its range is not a year. */
export const yearLike = (c: CatalogColumn) => yearColumnName.test(c.name) && (c.stats?.min ?? 0) >= 1000;
const yearColumnName = /(^|_)(year|yr|years)($|_)/;

/** Nouns for a measured figure ("price", "level", "reading"): said beside a measure, they name it. */
export const QUANTITY_NOUNS = /^(price|prices|level|levels|reading|readings|figure|figures|score|scores|cost|costs|index|measurement|measurements|quantity|amount|rate|rates|weight|weights|mass|size|sizes|length|lengths|width|widths|height|heights|depth|depths|volume|volumes)$/;
/** Of those, the ones that name a particular quantity: they name a measure only when its label is bare or says so. */
export const SPECIFIC_QUANTITY = /^(prices?|scores?|costs?|index|rates?|weights?|mass|sizes?|lengths?|widths?|heights?|depths?|volumes?)$/;
/** Scale words of how much goes on ("busiest", "quietest"): ranked by the default total. */
export const ACTIVITY = /^(busy|quiet|active|inactive)$/;
/** Words for the data's own figure, said after the dataset's name ("the index level"). */
export const OWN_FIGURE = /^(level|levels|value|values|figure|figures|reading|readings|price|prices|cost|costs)$/;

/** Words before "day 10", "dose 2" that compare rather than pick ("after day 10"). */
// Not "from", "over" or "under": "patients from district 2" is membership, not a bound.
export const ORDER_BEFORE: Record<string, FilterOp> = { after: 'gt', since: 'gte', before: 'lt', until: 'lte', till: 'lte', above: 'gt', below: 'lt', beyond: 'gt' };

export const UNIT_WORDS: Record<string, Grain> = {
  day: 'day', days: 'day', week: 'week', weeks: 'week', month: 'month', months: 'month', quarter: 'quarter', quarters: 'quarter', year: 'year', years: 'year', hour: 'hour', hours: 'hour',
};
/** Where "how many" begins (the index of "how"), or -1. */
export const howManyAt = (tokens: readonly { key: string }[]) => tokens.findIndex((t, i) => t.key === 'how' && tokens[i + 1]?.key === 'many');

export const GROUP_WORDS = new Set(['by', 'per', 'each', 'every', 'across', 'among', 'between']);
export const NEGATIONS = new Set(['not', 'excluding', 'except', 'without', 'exclude', 'no', 'non', 'other', 'outside']);
