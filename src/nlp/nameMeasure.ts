// The column a table's own name names: a table called "traffic fatalities" holds its fatalities in
// `fatal`, one called "gun murders" counts them in `total`. Without this the name's word is read as
// the table alone, and "fatalities in 1987" counted rows instead of summing the column.
import { isNumericType, primaryTimeColumn, type CatalogColumn, type CatalogDataset } from '../shared/catalog.js';
import { rowsArePeriods } from './countPlan.js';
import { namesRows } from './options.js';
import { stemWord } from './tokenize.js';
import { splitLabel } from './labelPhrases.js';

/** How an entry from the table's name to its measure is explained. */
export const NAMED_FOR_VIA = 'the table is named for what this column holds:';

/** WordNet's roots of things that happen (murders, fatalities, accidents), which a table counts rather than lists. */
export const EVENTS: ReadonlySet<string> = new Set(['event', 'act', 'human action', 'happening']);

/** Names that say only "how many", of what the table is named for. */
const BARE_COUNT = /^(total|totals|count|counts|number|n|tally)$/;

/**
 * The measure a word of the dataset's name names: a letters-only measure whose name the word
 * begins with ("fatal" in "fatalities"; the word at least three letters longer, the name at least
 * four), or else, when the word names events (`isEvent`: murders, accidents, not cars or states,
 * which rows may be), the table's one whole-number measure named only as a count ("total").
 * Undefined when none or several fit.
 */
export function measureNamedBy(ds: CatalogDataset, word: string, isEvent: (w: string) => boolean): CatalogColumn | undefined {
  const measures = ds.columns.filter((c) => c.role === 'measure' && isNumericType(c.type));
  // The word's own stem ("fatalities" → fatal), not only its first letters ("rentals" is no rent).
  const clipped = measures.filter((c) => /^[a-z]{4,}$/.test(c.name.toLowerCase()) && word.startsWith(c.name.toLowerCase()) && word.length >= c.name.length + 3 && stemWord(word) === c.name.toLowerCase());
  if (clipped.length) return clipped.length === 1 ? clipped[0] : undefined;
  // Only where the rows are something else than the events (states, or a state's years): in a table
  // of orders, each row is an order and its "total" is what it cost.
  if (!isEvent(word) || !rowsAreOtherThings(ds)) return undefined;
  const counts = measures.filter((c) => {
    const words = splitLabel(c.name);
    return words.length === 1 && BARE_COUNT.test(words[0]!) && (c.stats?.min ?? 0) >= 0 && (c.stats?.integralShare ?? 1) >= 0.99;
  });
  return counts.length === 1 ? counts[0] : undefined;
}

/** True when each row is a named thing or a period of one (a state, a state's year), never an event with its id or its instant. */
function rowsAreOtherThings(ds: CatalogDataset): boolean {
  const n = ds.rowCount;
  // An id by its name (order_id, trip_no): a name column (a state's) is profiled as unique text too.
  const idLike = ds.columns.some((c) => /(^|_)(id|uuid|key)$|^id_|_no$|number$/i.test(c.name) && (c.stats?.distinctCount ?? 0) >= n * 0.9);
  const tc = primaryTimeColumn(ds);
  const instants = !!tc && ['minute', 'hour', 'day'].includes(tc.stats?.grain ?? '');
  if (idLike || instants) return false;
  const names = ds.columns.some((c) => !isNumericType(c.type) && namesRows(c, ds));
  return names || rowsArePeriods(ds);
}
