/**
 * Date parts: a field of a date or timestamp read on its own, across years ("December", "Sundays",
 * "9 o'clock"), for filtering (`time.parts`) and grouping (`time.by`). The part is always one of
 * this fixed list; the SQL for it is chosen in datePartSql.ts, never built from input.
 */

export const DATE_PARTS = ['month', 'dow', 'hour', 'quarter', 'day'] as const;
export type DatePart = (typeof DATE_PARTS)[number];

/** Inclusive bounds of each part's values. Day of week is ISO: 1 = Monday … 7 = Sunday. */
export const PART_RANGE: Record<DatePart, { min: number; max: number }> = {
  month: { min: 1, max: 12 },
  dow: { min: 1, max: 7 },
  hour: { min: 0, max: 23 },
  quarter: { min: 1, max: 4 },
  day: { min: 1, max: 31 },
};

/** The output column of a query grouped by the part. */
export const PART_OUTPUT_NAME: Record<DatePart, string> = {
  month: 'month_of_year',
  dow: 'day_of_week',
  hour: 'hour_of_day',
  quarter: 'quarter_of_year',
  day: 'day_of_month',
};

/** Words for "by …" in restatements and column labels. */
export const PART_LABEL: Record<DatePart, string> = {
  month: 'month of year',
  dow: 'day of week',
  hour: 'hour of day',
  quarter: 'quarter of year',
  day: 'day of month',
};

/** Parts finer than a day: meaningless on a date column (every row would be hour 0). */
export const SUB_DAY_PARTS: ReadonlySet<DatePart> = new Set(['hour']);

/** A message for the first value outside the part's range, or null when all are in range. */
export function partValueProblem(part: DatePart, values: readonly number[]): { index: number; message: string } | null {
  const { min, max } = PART_RANGE[part];
  const index = values.findIndex((v) => !Number.isInteger(v) || v < min || v > max);
  if (index < 0) return null;
  const extra = part === 'dow' ? ' (ISO: 1 = Monday … 7 = Sunday)' : '';
  return { index, message: `${part} value ${values[index]} is out of range; expected an integer from ${min} to ${max}${extra}` };
}
