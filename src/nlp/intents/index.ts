/** Intents that become one InsightQuery and its answer. */
export const QUERY_INTENTS = ['aggregate', 'breakdown', 'top_n', 'bottom_n', 'trend', 'compare', 'share', 'distribution', 'count', 'list', 'correlation'] as const;
/** Intents answered by a model over a series that an InsightQuery reads. */
export const MODEL_INTENTS = ['anomalies', 'forecast', 'change_points', 'seasonality', 'trend_test', 'explain_change'] as const;

export type QueryIntent = (typeof QUERY_INTENTS)[number];
export type ModelIntent = (typeof MODEL_INTENTS)[number];
export type Intent = QueryIntent | ModelIntent;

export const INTENTS: readonly Intent[] = [...QUERY_INTENTS, ...MODEL_INTENTS];

/** True for intents answered by a model rather than a single query. */
export function isModelIntent(i: Intent): i is ModelIntent {
  return (MODEL_INTENTS as readonly string[]).includes(i);
}
