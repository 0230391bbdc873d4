import { isNumericType, type CatalogColumn } from '../shared/catalog.js';

/** A numeric column with a few evenly used integer values (cylinders, gears, age groups): it groups rows rather than being summed. */
export function isGroupingNumber(col: CatalogColumn, rowCount: number): boolean {
  const s = col.stats;
  if (!s || !isNumericType(col.type) || (s.integralShare ?? 0) < 0.99) return false;
  return s.distinctCount > 1 && s.distinctCount <= 25 && rowCount / s.distinctCount >= 5;
}
