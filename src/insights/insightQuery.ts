import { z } from 'zod';
import { GRAINS } from '../shared/catalog.js';
import { badInput } from '../shared/errors.js';
import { DATE_PARTS, partValueProblem } from './datePart.js';
import { YEAR_BUCKETS } from './yearBucket.js';

/**
 * InsightQuery: the one structured question the whole product speaks. GraphQL's `insight` takes
 * it, the NLP planner produces it, the models read their series through it, and the compiler turns
 * it into one parameterized SQL statement. Column and dataset names here are catalog names; the
 * compiler checks them against the catalog, so nothing in this object ever reaches SQL as text.
 */

export const AGGREGATIONS = ['count', 'count_distinct', 'sum', 'avg', 'min', 'max', 'median', 'percentile', 'stddev'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

export const FILTER_OPS = ['eq', 'neq', 'in', 'not_in', 'lt', 'lte', 'gt', 'gte', 'between', 'contains', 'starts_with', 'ends_with', 'is_null', 'not_null'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

export const COMPARE_MODES = ['previous_period', 'same_period_last_year'] as const;
export type CompareMode = (typeof COMPARE_MODES)[number];

/**
 * Grains a query's time column may be bucketed by: the calendar grains, then decades and centuries
 * (yearBucket.ts), whose bucket is labelled by its first year as an integer (1950, 1800).
 */
export const TIME_GRAINS = [...GRAINS, ...YEAR_BUCKETS] as const;
export type TimeGrain = (typeof TIME_GRAINS)[number];

/** Hard cap on rows a query may return; `limit` above it is refused, results beyond it truncated. */
export const MAX_LIMIT = 10_000;
export const DEFAULT_LIMIT = 1_000;

const scalar = z.union([z.string().max(10_000), z.number().finite(), z.boolean()]);
export type ScalarValue = z.infer<typeof scalar>;

const name = z.string().min(1).max(200);

export const measureSchema = z
  .object({
    /** Absent only for `count` (count of rows). */
    column: name.nullish(),
    agg: z.enum(AGGREGATIONS),
    /** For `percentile`: a fraction in (0, 1), e.g. 0.9 for p90. */
    percentile: z.number().gt(0).lt(1).nullish(),
    /** Output column name; defaults to `<agg>_<column>`. */
    as: name.nullish(),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (!m.column && m.agg !== 'count') ctx.addIssue({ code: 'custom', message: `aggregation '${m.agg}' needs a column` });
    if (m.agg === 'percentile' && m.percentile == null) ctx.addIssue({ code: 'custom', message: "aggregation 'percentile' needs 'percentile' (a fraction such as 0.9)" });
  });
export type Measure = z.infer<typeof measureSchema>;

export interface Condition {
  column: string;
  op: FilterOp;
  value?: ScalarValue | null;
  values?: ScalarValue[] | null;
}
export type Filter = { and: Filter[] } | { or: Filter[] } | { not: Filter } | Condition;

const conditionSchema = z
  .object({ column: name, op: z.enum(FILTER_OPS), value: scalar.nullish(), values: z.array(scalar).max(1000).nullish() })
  .strict()
  .superRefine((c, ctx) => {
    const needsValues = c.op === 'in' || c.op === 'not_in' || c.op === 'between';
    const needsNothing = c.op === 'is_null' || c.op === 'not_null';
    if (needsValues && !c.values?.length) ctx.addIssue({ code: 'custom', message: `filter '${c.op}' on '${c.column}' needs 'values'` });
    if (c.op === 'between' && c.values?.length !== 2) ctx.addIssue({ code: 'custom', message: `filter 'between' on '${c.column}' needs exactly 2 values` });
    if (!needsValues && !needsNothing && c.value == null) ctx.addIssue({ code: 'custom', message: `filter '${c.op}' on '${c.column}' needs a 'value'` });
  });

export const filterSchema: z.ZodType<Filter> = z.lazy(() =>
  z.union([
    z.object({ and: z.array(filterSchema).min(1).max(100) }).strict(),
    z.object({ or: z.array(filterSchema).min(1).max(100) }).strict(),
    z.object({ not: filterSchema }).strict(),
    conditionSchema,
  ]),
) as z.ZodType<Filter>;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'expected an ISO date such as 2014-01-01');

export const timeRangeSchema = z
  .object({
    /** Inclusive start (ISO date or timestamp). */
    from: isoDate.nullish(),
    /** Exclusive end. */
    to: isoDate.nullish(),
    /** Relative: the last N units up to the anchor (the dataset's latest date unless `anchor` is `now`). */
    last: z.object({ count: z.number().int().min(1).max(100_000), unit: z.enum(GRAINS) }).strict().nullish(),
    anchor: z.enum(['data', 'now']).nullish(),
  })
  .strict()
  .refine((r) => !(r.last && (r.from || r.to)), { message: "time range takes either 'last' or 'from'/'to', not both" });
export type TimeRange = z.infer<typeof timeRangeSchema>;

/** Keep rows whose time column's `part` is one of `values` (e.g. month in [12]: every December). */
export const partFilterSchema = z
  .object({ part: z.enum(DATE_PARTS), values: z.array(z.number()).min(1).max(31) })
  .strict()
  .superRefine((p, ctx) => {
    const bad = partValueProblem(p.part, p.values);
    if (bad) ctx.addIssue({ code: 'custom', path: ['values', bad.index], message: bad.message });
  });
export type PartFilter = z.infer<typeof partFilterSchema>;

export const timeSpecSchema = z
  .object({
    /** Time column; defaults to the dataset's primary time column. */
    column: name.nullish(),
    /**
     * Bucket rows by this grain (one output row per period): a date at the period's start, or for
     * 'decade' / 'century' the period's first year as an integer (1950 for 1950–1959).
     */
    grain: z.enum(TIME_GRAINS).nullish(),
    range: timeRangeSchema.nullish(),
    /** Keep rows whose date parts match, ANDed with each other and with the rest of the filter. */
    parts: z.array(partFilterSchema).max(10).nullish(),
    /** Group by a date part across years (one integer output column, e.g. `month_of_year`); not with `grain`. */
    by: z.enum(DATE_PARTS).nullish(),
  })
  .strict()
  .superRefine((t, ctx) => {
    if (t.by && t.grain) ctx.addIssue({ code: 'custom', path: ['by'], message: "time takes either 'grain' or 'by', not both" });
  });
export type TimeSpec = z.infer<typeof timeSpecSchema>;

export const orderBySchema = z
  .object({
    /** A measure's output name, a dimension, or the time bucket's name. */
    field: name,
    direction: z.enum(['asc', 'desc']).default('asc'),
  })
  .strict();
export type OrderBy = z.infer<typeof orderBySchema>;

/** Comparisons a group filter (`having`) may use: a threshold on an aggregate, never a text match. */
export const HAVING_OPS = ['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'between'] as const;

/**
 * A condition on a measure's value per group (SQL HAVING): "states with more than 1,000 rows".
 * `measure` is a measure's output name. The threshold is checked to be a number when the query is
 * resolved (validate/having.ts), so a bad one is a typed error naming its path, not a parse failure.
 */
export const havingSchema = z
  .object({ measure: name, op: z.enum(FILTER_OPS), value: scalar.nullish(), values: z.array(scalar).max(2).nullish() })
  .strict();
export type HavingCondition = z.infer<typeof havingSchema>;

/** One side of a contrast: a value of the contrast column, or a range of the time column. */
export const contrastSideSchema = z
  .object({
    value: scalar.nullish(),
    /** Inclusive start, exclusive end. */
    range: z.object({ from: isoDate, to: isoDate }).strict().nullish(),
    /** How the side is named in output labels ("2017", "Europe"); defaults to the value or range. */
    label: z.string().min(1).max(100).nullish(),
  })
  .strict()
  .refine((s) => (s.value != null) !== (s.range != null), { message: "a contrast side takes either 'value' or 'range'" });
export type ContrastSide = z.infer<typeof contrastSideSchema>;

/**
 * Two sides of the rows set against each other in one row: every measure over side `a`, over side
 * `b`, their difference (a − b) and the change in percent of b. Sides are values of `column`
 * ("Europe" against "Japan", year 2000 against 1900) or ranges of a time column (2017 against 2001).
 */
export const contrastSchema = z
  .object({
    /** The column whose values or ranges the sides are; for ranges it defaults to the time column. */
    column: name.nullish(),
    a: contrastSideSchema,
    b: contrastSideSchema,
  })
  .strict();
export type Contrast = z.infer<typeof contrastSchema>;

/**
 * Groups by decade or century of an integer column holding years (a dataset with a year column and
 * no dates): one integer output column named after the size ('decade' / 'century') holding the
 * bucket's first year, floor(year / 10) * 10 or floor(year / 100) * 100. A date/timestamp time
 * column uses `time.grain` 'decade' / 'century' instead. Not with `compare`, a time grain or `by`.
 */
export const yearBucketSchema = z.object({ column: name, size: z.enum(YEAR_BUCKETS) }).strict();
export type YearBucket = z.infer<typeof yearBucketSchema>;

/** The groups a share question is about ("what share came from renewables"): a dimension of the query and its values. */
export const focusSchema = z.object({ column: name, values: z.array(scalar).min(1).max(100) }).strict();
export type Focus = z.infer<typeof focusSchema>;

export const insightQuerySchema = z
  .object({
    dataset: name,
    measures: z.array(measureSchema).max(50).default([]),
    dimensions: z.array(name).max(20).default([]),
    time: timeSpecSchema.nullish(),
    filter: filterSchema.nullish(),
    orderBy: z.array(orderBySchema).max(20).default([]),
    limit: z.number().int().min(1).max(MAX_LIMIT).nullish(),
    /** Compare each measure with an earlier period; needs a time range. */
    compare: z.object({ to: z.enum(COMPARE_MODES) }).strict().nullish(),
    /** Keep only groups whose measures pass these conditions (ANDed), after aggregation. */
    having: z.array(havingSchema).max(20).nullish(),
    /** Return one row: how many groups (dimension values, time buckets) the query yields. */
    countGroups: z.boolean().nullish(),
    /** Set two sides against each other in one row (see `contrastSchema`); not with `compare`. */
    contrast: contrastSchema.nullish(),
    /** Group by decade or century of a year column (see `yearBucketSchema`). */
    yearBucket: yearBucketSchema.nullish(),
    /** Each measure also as a percent of its total over all groups, `<measure>_pct` (computed before `limit` and `focus`). */
    share: z.boolean().nullish(),
    /** Keep only the groups whose dimension holds one of these values, after the shares are computed; needs `share`. */
    focus: focusSchema.nullish(),
  })
  .strict()
  .refine((q) => q.measures.length > 0 || q.dimensions.length > 0 || q.time?.grain || q.time?.by || q.yearBucket, {
    message: 'a query needs at least one measure, dimension, time grain or date part',
  })
  .refine((q) => !q.compare || q.time?.range, { message: "'compare' needs a time range to compare against" })
  .refine((q) => !(q.compare && q.contrast), { message: "a query takes either 'compare' or 'contrast', not both" });

export type InsightQuery = z.infer<typeof insightQuerySchema>;
export type InsightQueryInput = z.input<typeof insightQuerySchema>;

/** Validates an untrusted query object; throws BAD_INPUT naming the first bad path. */
export function parseInsightQuery(input: unknown): InsightQuery {
  const r = insightQuerySchema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const where = issue.path.length ? ` at ${issue.path.join('.')}` : '';
  throw badInput(`invalid insight query${where}: ${issue.message}`, { path: issue.path.map(String) });
}

/** The output column name of a measure. */
export function measureName(m: Measure): string {
  if (m.as) return m.as;
  if (m.agg === 'count' && !m.column) return 'count';
  if (m.agg === 'percentile') return `p${Math.round((m.percentile ?? 0) * 100)}_${m.column}`;
  return `${m.agg}_${m.column}`;
}

/** Suffixes of the columns a contrast gives every measure: side a, side b, a − b, % change from b. */
export const CONTRAST_SUFFIXES = ['_a', '_b', '_difference', '_pct_change'] as const;
