// Made-up catalog columns and tables for planner tests: only what the planner reads of a profile.
import type { CatalogColumn, CatalogDataset, ColumnRole, Grain, SqlType } from '../../../src/shared/catalog.js';

/** A profiled column; `time` gives a time column its first and last instant and its grain. */
export function col(name: string, type: SqlType, role: ColumnRole, min: number | null, max: number | null, distinct: number, time?: [string, string, Grain]): CatalogColumn {
  return {
    name,
    label: name,
    type,
    role,
    position: 0,
    stats: {
      nullCount: 0, distinctCount: distinct, distinctApprox: false, min, max, mean: null, stddev: null, quantiles: null, topValues: null,
      minTime: time?.[0] ?? null, maxTime: time?.[1] ?? null, grain: time?.[2] ?? null, integralShare: type === 'integer' ? 1 : 0, nonNegative: true,
    },
  };
}

/** A dataset of these columns, its table named after it. */
export const table = (name: string, rowCount: number, columns: CatalogColumn[]): CatalogDataset => ({ id: name, name, label: `${name}.csv`, tableName: name, rowCount, columns });
