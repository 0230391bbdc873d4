/**
 * GraphQL enum values (UPPER_CASE) map to the lower-case values the core uses, so resolvers and
 * the core never translate by hand.
 */
/** `{ VALUE: 'value' }` for each value: the GraphQL enum → the core's value. */
export const lower = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v.toUpperCase(), v]));

export const enumResolvers = {
  SqlType: lower(['boolean', 'integer', 'bigint', 'double', 'numeric', 'date', 'timestamp', 'text']),
  ColumnRole: lower(['time', 'measure', 'dimension', 'identifier', 'text']),
  Grain: lower(['minute', 'hour', 'day', 'week', 'month', 'quarter', 'year']),
  TimeGrain: lower(['minute', 'hour', 'day', 'week', 'month', 'quarter', 'year', 'decade', 'century']),
  YearBucketSize: lower(['decade', 'century']),
  DataFormat: lower(['csv', 'tsv', 'json', 'ndjson', 'parquet']),
  IngestionStatus: lower(['running', 'succeeded', 'failed', 'unchanged']),
  IngestionMode: lower(['create', 'replace', 'append']),
  DatasetEventKind: lower(['loaded', 'appended', 'replaced', 'dropped']),
  ChatRole: lower(['user', 'assistant']),
  RecipeReplayShape: lower(['input', 'current', 'rerun']),
  Aggregation: lower(['count', 'count_distinct', 'sum', 'avg', 'min', 'max', 'median', 'percentile', 'stddev']),
  FilterOp: lower(['eq', 'neq', 'in', 'not_in', 'lt', 'lte', 'gt', 'gte', 'between', 'contains', 'starts_with', 'ends_with', 'is_null', 'not_null']),
  CompareMode: lower(['previous_period', 'same_period_last_year']),
  SortDirection: lower(['asc', 'desc']),
  TimeAnchor: lower(['data', 'now']),
  DatePart: lower(['month', 'dow', 'hour', 'quarter', 'day']),
};
