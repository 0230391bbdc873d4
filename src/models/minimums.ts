/** Fewest non-null points each analysis accepts; below these the answer is NOT_ENOUGH_DATA. */
export const NOT_ENOUGH = {
  trend: 4,
  changePoints: 6,
  anomalies: 8,
  forecast: 3,
} as const;

/** Seasonality needs two full cycles of the candidate period to be confirmed. */
export const CYCLES_FOR_SEASONALITY = 2;
