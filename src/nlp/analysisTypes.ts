// What the analysis of a question against one dataset holds: the columns, values, comparisons and
// cues it found, each with the words that named it.
import type { TextPattern } from './textPatterns.js';
import type { CatalogColumn, Grain } from '../shared/catalog.js';
import type { Aggregation, FilterOp } from '../insights/insightQuery.js';
import type { YearBucketSize } from '../insights/yearBucket.js';
import type { CalendarParts } from './calendarParts.js';
import type { DifferenceCue } from './difference.js';
import type { Link, LinkResult } from './link.js';
import type { TimeParse } from './timePhrases.js';
import type { Token } from './tokenize.js';
import type { Vocabulary } from './vocabulary.js';

export interface ColumnMention {
  column: CatalogColumn;
  link: Link;
  /** Named after "by", "per", "for each", "across": a grouping. */
  grouping: boolean;
  /** Aggregation the link itself carries (a learned "warmest" → max). */
  agg?: Aggregation;
  score: number;
  /**
   * A noun read as the table's only measure, whose name says nothing (soleMeasure.ts): an amount,
   * never things to count. 'named' when the noun is a word of the dataset's name, else 'guess'.
   */
  soleMeasure?: 'named' | 'guess';
}

export interface ValueMention {
  column: string;
  value: string;
  link: Link;
  negated: boolean;
  score: number;
  /** A numeric column the same words could name ("spend" → cost), used when no measure is named. */
  altMeasure?: CatalogColumn;
}

export interface NumericCondition {
  column?: CatalogColumn;
  op: FilterOp;
  value: number;
  upper?: number;
  /** True when the column was found by scanning the words around it, not named by the comparison or beside it. */
  guessed?: boolean;
  /** Token span of the comparison, for finding its column. */
  start: number;
  end: number;
}

export interface Ambiguity {
  link: Link;
  columns: CatalogColumn[];
}

export interface Analysis {
  vocab: Vocabulary;
  tokens: readonly Token[];
  time: TimeParse;
  links: LinkResult;
  measures: ColumnMention[];
  dimensions: ColumnMention[];
  timeMentions: ColumnMention[];
  values: ValueMention[];
  conditions: NumericCondition[];
  /** Patterns on a name ("whose name starts with New"). */
  patterns: TextPattern[];
  aggCues: { agg: Aggregation; index: number }[];
  countCue: boolean;
  distinctCue: boolean;
  /** Both ends of a figure asked together ("lowest and highest"): token indices of the two words. */
  bothEnds?: { low: number; high: number };
  rank?: { dir: 'top' | 'bottom'; n?: number; index: number; word: string; all?: boolean };
  /** Time unit words outside time phrases ("which day…", "top 5 months"): what a ranking ranks. */
  unitWords: { grain: Grain; index: number }[];
  ambiguous: Ambiguity[];
  unknown: Token[];
  /** How well the question matches this dataset's vocabulary (for choosing a dataset). */
  matchScore: number;
  /** True when a link names the dataset itself ("orders", "sales"). */
  datasetNamed: boolean;
  /** A word after "by"/"per" that names no column ("by city"): the question cannot be grouped as asked. */
  danglingGroup?: string;
  /** Token indices that belong to a slot (links, time, comparisons, ranks). */
  used: Set<number>;
  /** Numbers no slot used ("in 12", "8" with no column near it): never dropped silently. */
  unusedNumbers: Token[];
  /** The noun for the dataset's rows ("how many cars", "which city"), when it names nothing in the catalog. */
  rowNoun?: Token;
  /** True when the row noun is part of the dataset's name (else only its place in the sentence says so). */
  rowNounNamed?: boolean;
  /** A plural word for a measure's figures ("readings", "prices"): each one over time, not one figure. */
  seriesNoun?: boolean;
  /** "how much more … than", "the difference between", "how much did … grow": a difference asked for (difference.ts). */
  difference?: DifferenceCue;
  /** Parts of the calendar across years ("on weekends", "by hour of day"), when the data has dates. */
  calendar?: Pick<CalendarParts, 'parts' | 'by' | 'rankYears'> & { consumed: number[] };
  /** "by decade", "which century" (decades.ts): the year series the plan builds is bucketed by this. */
  yearBucket?: YearBucketSize;
}
