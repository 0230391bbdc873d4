import { badInput } from '../shared/errors.js';

/** One row: a combination of dimension values with the measure before and after. */
export interface DriverRow {
  dims: Record<string, string>;
  before: number;
  after: number;
}

export interface Driver {
  dimension: string;
  value: string;
  before: number;
  after: number;
  /** after - before of this value's rows: its contribution to the total change. */
  contribution: number;
  /** contribution / total change (null when the total did not change). */
  share: number | null;
  /** Relative change of this value itself ((after - before) / |before|; null from 0). */
  relativeChange: number | null;
}

export interface DriversResult {
  totalBefore: number;
  totalAfter: number;
  change: number;
  /** Largest |contribution| first, over every dimension. */
  drivers: Driver[];
  /** Per dimension: how concentrated the change is (share of |change| carried by its top value, 0-1). */
  dimensions: { dimension: string; values: number; topShare: number }[];
  notes: string[];
}

/** Most distinct values kept per dimension; the rest are folded into "(other)" and the note says so. */
export const MAX_VALUES_PER_DIMENSION = 1000;

/**
 * Explains the change of an additive measure (a sum) between two periods: for each value of each
 * dimension, the change of its rows is its contribution; contributions within a dimension add up
 * to the total change, so they rank the drivers directly.
 */
export function explainChange(rows: readonly DriverRow[], opts: { top?: number; maxValues?: number } = {}): DriversResult {
  const notes: string[] = [];
  let totalBefore = 0;
  let totalAfter = 0;
  const perDim = new Map<string, Map<string, { before: number; after: number }>>();
  rows.forEach((r, i) => {
    if (!Number.isFinite(r.before) || !Number.isFinite(r.after)) throw badInput(`row ${i}: before and after must be finite numbers`);
    totalBefore += r.before;
    totalAfter += r.after;
    for (const [dim, value] of Object.entries(r.dims)) {
      let m = perDim.get(dim);
      if (!m) perDim.set(dim, (m = new Map()));
      const cell = m.get(value) ?? { before: 0, after: 0 };
      cell.before += r.before;
      cell.after += r.after;
      m.set(value, cell);
    }
  });
  const change = totalAfter - totalBefore;
  const maxValues = opts.maxValues ?? MAX_VALUES_PER_DIMENSION;
  const drivers: Driver[] = [];
  const dimensions: DriversResult['dimensions'] = [];
  for (const [dim, values] of perDim) {
    let cells = [...values.entries()].map(([value, c]) => ({ value, ...c, contribution: c.after - c.before }));
    cells.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
    if (cells.length > maxValues) {
      const rest = cells.slice(maxValues);
      notes.push(`${dim}: ${cells.length} values, the ${rest.length} smallest contributions folded into "(other)"`);
      const other = rest.reduce((a, c) => ({ value: '(other)', before: a.before + c.before, after: a.after + c.after, contribution: a.contribution + c.contribution }), { value: '(other)', before: 0, after: 0, contribution: 0 });
      cells = [...cells.slice(0, maxValues), other];
    }
    const absSum = cells.reduce((s, c) => s + Math.abs(c.contribution), 0);
    dimensions.push({ dimension: dim, values: values.size, topShare: absSum > 0 ? Math.abs(cells[0]!.contribution) / absSum : 0 });
    for (const c of cells) {
      drivers.push({
        dimension: dim,
        value: c.value,
        before: c.before,
        after: c.after,
        contribution: c.contribution,
        share: change !== 0 ? c.contribution / change : null,
        relativeChange: c.before !== 0 ? c.contribution / Math.abs(c.before) : null,
      });
    }
  }
  drivers.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
  dimensions.sort((a, b) => b.topShare - a.topShare);
  return { totalBefore, totalAfter, change, drivers: drivers.slice(0, opts.top ?? 20), dimensions, notes };
}
