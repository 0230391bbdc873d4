import type { BatchShape, BatchShapes } from '../cleaning/recipePlan.js';
import type { CatalogColumn, ColumnStats, SqlType } from '../shared/catalog.js';
import { AppError, ErrorCode } from '../shared/errors.js';
import type { SlashOrder } from './dateText.js';
import { toSqlIdentifiers } from './identifiers.js';
import { inferRole } from './inferRole.js';
import { inferColumn } from './inferTypes.js';
import type { RecordOrBad } from './types.js';

/** The columns a load writes: SQL names, original labels and types. */
export interface Target {
  names: string[];
  labels: string[];
  types: SqlType[];
  /** Day-first or month-first a/b/yyyy dates, per column, as the sample showed. */
  slashOrders?: SlashOrder[];
  /** Appends: whether the batch has the columns the dataset's recipe starts from, or the current ones. */
  shape?: BatchShape;
}

/** Column names, labels and types for a new dataset: identifiers from labels, types from the sample. */
export function inferTarget(labels: string[], sample: RecordOrBad[]): Target {
  const names = toSqlIdentifiers(labels);
  const good = sample.filter((r): r is Extract<RecordOrBad, { ok: true }> => r.ok).map((r) => r.record.values);
  const inferred = labels.map((_, i) => inferColumn(good.map((v) => v[i] ?? null)));
  return { names, labels, types: inferred.map((x) => x.type), slashOrders: inferred.map((x) => x.slashOrder) };
}

/**
 * For --append: the source's columns must be the dataset's, by SQL-safe name, in any order, or
 * those its cleaning recipe starts from (the source's own shape, typed as it was first loaded).
 */
export function appendTarget(dataset: string, shapes: BatchShapes, labels: string[]): Target {
  const names = toSqlIdentifiers(labels);
  const fits = (cols: CatalogColumn[]) => cols.length === names.length && cols.every((c) => names.includes(c.name));
  const shape: BatchShape | null = shapes.input && fits(shapes.input) ? 'input' : fits(shapes.current) ? 'current' : null;
  if (!shape) {
    const cols = shapes.current;
    const known = new Set(cols.map((c) => c.name));
    const missing = cols.filter((c) => !names.includes(c.name)).map((c) => c.label);
    const extra = labels.filter((_, i) => !known.has(names[i]!));
    const parts = [];
    if (missing.length) parts.push(`missing ${missing.map((m) => `'${m}'`).join(', ')}`);
    if (extra.length) parts.push(`unknown ${extra.map((m) => `'${m}'`).join(', ')}`);
    const alt = shapes.input ? `; the source's own columns are also accepted: ${shapes.input.map((c) => `'${c.label}'`).join(', ')}` : '';
    throw new AppError(ErrorCode.SCHEMA_MISMATCH, `cannot append to '${dataset}': columns differ (${parts.join('; ')})${alt}`, { missing, extra });
  }
  const known = new Map((shape === 'input' ? shapes.input! : shapes.current).map((c) => [c.name, c]));
  return { names, labels: names.map((n) => known.get(n)!.label), types: names.map((n) => known.get(n)!.type), shape };
}

/** Catalog columns of a new load: names, labels and types from the target, stats from the profile, roles inferred from both. */
export function catalogColumns(target: Target, profile: { rowCount: number; stats: ColumnStats[] }): CatalogColumn[] {
  const { rowCount, stats } = profile;
  return target.names.map((name, i) => {
    const s = stats[i]!;
    const role = inferRole({ name, label: target.labels[i]!, type: target.types[i]!, stats: { distinctCount: s.distinctCount, nullCount: s.nullCount, rowCount, avgLength: s.avgLength ?? undefined } });
    return { name, label: target.labels[i]!, type: target.types[i]!, role, position: i, stats: s };
  });
}
