/**
 * The catalog as the pure cores see it: plain data, no ORM. The warehouse maps its entities to
 * these shapes; the compiler, NLP layer, cleaning steps and models read only these.
 */

/** Storage types a column can have in a dataset table. */
export type SqlType = 'boolean' | 'integer' | 'bigint' | 'double' | 'numeric' | 'date' | 'timestamp' | 'text';

/** What a column is for, inferred at ingest from its type and profile. */
export type ColumnRole = 'time' | 'measure' | 'dimension' | 'identifier' | 'text';

/** Time grains, finest first. */
export const GRAINS = ['minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'] as const;
export type Grain = (typeof GRAINS)[number];

export interface TopValue {
  value: string;
  count: number;
}

/** Profile of one column; fields that do not apply to its type are null. */
export interface ColumnStats {
  nullCount: number;
  distinctCount: number;
  /** True when distinctCount is an estimate (large columns). */
  distinctApprox: boolean;
  min: number | null;
  max: number | null;
  mean: number | null;
  stddev: number | null;
  /** p0.05, p0.25, p0.5, p0.75, p0.95 for numbers. */
  quantiles: { p: number; value: number }[] | null;
  /** Most frequent values with their counts, for dimensions and booleans. */
  topValues: TopValue[] | null;
  /** ISO strings for time columns. */
  minTime: string | null;
  maxTime: string | null;
  grain: Grain | null;
  /** Share of non-null values that are integral (helps choose sum vs average). */
  integralShare: number | null;
  /** True when every non-null value is >= 0. */
  nonNegative: boolean | null;
  /** Average length of text values (tells free text from categories). */
  avgLength?: number | null;
}

export interface CatalogColumn {
  /** SQL-safe identifier, unique within the dataset. */
  name: string;
  /** Original label as it appeared in the source, for display and for the NLP layer. */
  label: string;
  type: SqlType;
  role: ColumnRole;
  position: number;
  stats: ColumnStats | null;
}

export interface CatalogDataset {
  id: string;
  /** SQL-safe, unique dataset name used in the API. */
  name: string;
  /** Human label (original file or requested name). */
  label: string;
  /** Table inside the `warehouse` schema that holds the current version's rows. */
  tableName: string;
  rowCount: number;
  columns: CatalogColumn[];
}

export const NUMERIC_TYPES: readonly SqlType[] = ['integer', 'bigint', 'double', 'numeric'];
export const TIME_TYPES: readonly SqlType[] = ['date', 'timestamp'];

/** True for the column types that hold numbers. */
export const isNumericType = (t: SqlType): boolean => NUMERIC_TYPES.includes(t);

/** True for the column types that hold points in time. */
export const isTimeType = (t: SqlType): boolean => TIME_TYPES.includes(t);

/** The dataset's main time column: the first column with role `time`, if any. */
export function primaryTimeColumn(ds: CatalogDataset): CatalogColumn | undefined {
  return ds.columns.find((c) => c.role === 'time') ?? ds.columns.find((c) => isTimeType(c.type));
}
