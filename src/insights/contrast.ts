import { isTimeType, primaryTimeColumn, type CatalogColumn, type CatalogDataset } from '../shared/catalog.js';
import { AppError, ErrorCode, badInput } from '../shared/errors.js';
import { findColumn } from './columnLookup.js';
import { castFor } from './compileFilter.js';
import { coerceFilterValue, type FilterValue } from './filterValues.js';
import type { Contrast, ContrastSide } from './insightQuery.js';
import { ident, sql, value, type SqlFragment } from './sql.js';
import { formatInstant, parseIsoInstant } from './timeRange.js';

/**
 * A contrast sets two sides of the rows against each other in one result row: each measure over
 * side a, over side b, a − b and the change in percent of b. Each side is an aggregate with a
 * FILTER clause, so both come from one scan and one group, and the sides never need to line up
 * as rows (a year against a year, a region against a region, a date range against another).
 */

export type ResolvedSide = { label: string } & ({ kind: 'value'; value: FilterValue } | { kind: 'range'; from: string; to: string });

export interface ResolvedContrast {
  column: CatalogColumn;
  a: ResolvedSide;
  b: ResolvedSide;
}

function resolveSide(col: CatalogColumn, s: ContrastSide, which: 'a' | 'b'): ResolvedSide {
  const path = { path: ['contrast', which] };
  if (s.range) {
    if (!isTimeType(col.type)) throw new AppError(ErrorCode.TYPE_MISMATCH, `contrast.${which}: a range needs a date or timestamp column; '${col.name}' is ${col.type}`, { ...path, column: col.name, type: col.type });
    let from: string;
    let to: string;
    try {
      from = formatInstant(parseIsoInstant(s.range.from));
      to = formatInstant(parseIsoInstant(s.range.to));
    } catch {
      throw badInput(`contrast.${which}: range bounds must be ISO dates such as 2014-01-01`, path);
    }
    if (!(Date.parse(to) > Date.parse(from))) throw badInput(`contrast.${which}: the range must end after it starts`, path);
    return { kind: 'range', from, to, label: s.label ?? `${s.range.from} to ${s.range.to}` };
  }
  if (s.value == null) throw badInput(`contrast.${which}: a side takes either 'value' or 'range'`, path);
  return { kind: 'value', value: coerceFilterValue(col, s.value), label: s.label ?? String(s.value) };
}

/** Binds the contrast to the catalog: its column (the time column when the sides are ranges) and sides. */
export function resolveContrast(ds: CatalogDataset, c: Contrast): ResolvedContrast {
  const ranges = !!(c.a.range || c.b.range);
  const col = c.column ? findColumn(ds, c.column, 'contrast column') : ranges ? primaryTimeColumn(ds) : undefined;
  if (!col) throw badInput(ranges ? `contrast: dataset ${ds.name} has no time column for its ranges` : "contrast: sides given as values need a 'column'", { path: ['contrast', 'column'] });
  return { column: col, a: resolveSide(col, c.a, 'a'), b: resolveSide(col, c.b, 'b') };
}

/** The condition a row meets to belong to a side. */
export function sideCondition(col: CatalogColumn, s: ResolvedSide): SqlFragment {
  if (s.kind === 'range') return sql`(${ident(col.name)} >= ${value(s.from)}::timestamp AND ${ident(col.name)} < ${value(s.to)}::timestamp)`;
  return sql`${ident(col.name)} = ${value(s.value)}${castFor(col, [s.value])}`;
}

/** Rows in either side: the statement reads no others. */
export function eitherSide(c: ResolvedContrast): SqlFragment {
  return sql`(${sideCondition(c.column, c.a)} OR ${sideCondition(c.column, c.b)})`;
}
