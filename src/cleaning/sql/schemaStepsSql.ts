import type { CatalogDataset } from '../../shared/catalog.js';
import type { DropColumnsParams } from '../steps/dropColumns.js';
import type { RenameColumnParams } from '../steps/renameColumn.js';
import { SqlParams, col } from './sqlParams.js';
import type { OutColumn, StepContext, StepSql } from './types.js';

/** Every column of the dataset, unchanged. */
export function keepAll(ds: CatalogDataset): OutColumn[] {
  return ds.columns.map((c) => ({ name: c.name, label: c.label, type: c.type, expr: col(c.name), role: c.role }));
}

function schemaStep(ctx: StepContext, columns: OutColumn[], details: Record<string, unknown>): StepSql {
  return {
    columns,
    from: `FROM ${ctx.source} s`,
    srcId: 's.ctid',
    orderBy: null,
    // Every row looks different (its shape changed); the sample shows the first rows.
    changed: 'true',
    removesRows: false,
    params: new SqlParams(),
    affected: 0,
    failed: 0,
    resolved: null,
    details,
  };
}

/** renameColumn: the same rows with one column under a new name (and label). */
export function renameColumnSql(p: RenameColumnParams, ctx: StepContext): StepSql {
  const columns = keepAll(ctx.dataset).map((c) => (c.name === p.column ? { ...c, name: p.newName, label: p.newName } : c));
  return schemaStep(ctx, columns, { from: p.column, to: p.newName });
}

/** dropColumns: the same rows without the listed columns. */
export function dropColumnsSql(p: DropColumnsParams, ctx: StepContext): StepSql {
  const drop = new Set(p.columns);
  return schemaStep(ctx, keepAll(ctx.dataset).filter((c) => !drop.has(c.name)), { dropped: p.columns });
}
