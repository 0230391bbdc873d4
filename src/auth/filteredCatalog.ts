import type { InsightService } from '../insights/insightService.js';
import type { Principal } from './principal.js';

/**
 * What the catalog may show a key with row filters. The stored row count and column statistics
 * (ranges, top values) describe every row, so such a key gets its own count, through the same
 * filtered query path as everything else, and no statistics.
 */
export async function visibleRowCount(p: Principal, insights: InsightService, dataset: string, stored: number): Promise<number> {
  if (!p.rowFilters.length) return stored;
  const r = await insights.run({ dataset, measures: [{ agg: 'count', as: 'n' }] });
  return Number(r.rows[0]?.n ?? 0);
}

/** Column statistics, or null when they would describe rows the key cannot see. */
export function visibleStats<S>(p: Principal, stats: S): S | null {
  return p.rowFilters.length ? null : stats;
}
