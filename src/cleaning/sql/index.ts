import { assertNever } from '../../shared/result.js';
import type { CoerceTypeParams } from '../steps/coerceType.js';
import type { DropColumnsParams } from '../steps/dropColumns.js';
import type { HandleOutliersParams } from '../steps/handleOutliers.js';
import type { ImputeMissingParams } from '../steps/imputeMissing.js';
import type { RemoveDuplicatesParams } from '../steps/removeDuplicates.js';
import type { RenameColumnParams } from '../steps/renameColumn.js';
import type { StandardizeValuesParams } from '../steps/standardizeValues.js';
import type { TrimAndCaseParams } from '../steps/trimAndCase.js';
import type { StepName } from '../steps/types.js';
import { quoteIdent } from '../../warehouse/warehouse.js';
import { coerceTypeSql } from './coerceTypeSql.js';
import { handleOutliersSql } from './handleOutliersSql.js';
import { imputeMissingSql } from './imputeMissingSql.js';
import { standardizeValuesSql, trimAndCaseSql } from './mapValuesSql.js';
import { removeDuplicatesSql } from './removeDuplicatesSql.js';
import { dropColumnsSql, renameColumnSql } from './schemaStepsSql.js';
import type { StepContext, StepSql } from './types.js';

/** Compiles a validated step to SQL over the current version (running the step's statistics queries). */
export async function buildStepSql(step: StepName, params: Record<string, unknown>, ctx: StepContext): Promise<StepSql> {
  switch (step) {
    case 'removeDuplicates':
      return removeDuplicatesSql(params as RemoveDuplicatesParams, ctx);
    case 'standardizeValues':
      return standardizeValuesSql(params as StandardizeValuesParams, ctx);
    case 'trimAndCase':
      return trimAndCaseSql(params as TrimAndCaseParams, ctx);
    case 'coerceType':
      return coerceTypeSql(params as CoerceTypeParams, ctx);
    case 'imputeMissing':
      return imputeMissingSql(params as ImputeMissingParams, ctx);
    case 'handleOutliers':
      return handleOutliersSql(params as HandleOutliersParams, ctx);
    case 'renameColumn':
      return renameColumnSql(params as RenameColumnParams, ctx);
    case 'dropColumns':
      return dropColumnsSql(params as DropColumnsParams, ctx);
    default:
      return assertNever(step, 'cleaning step');
  }
}

const selectList = (s: StepSql): string => s.columns.map((c) => `${c.expr} AS ${quoteIdent(c.name)}`).join(', ');

/** The SELECT whose rows are the new version, in row order. */
export function applySelect(s: StepSql, ordered = true): string {
  const hidden = (s.hidden ?? []).map((h) => `, ${h.expr} AS ${quoteIdent(h.name)}`).join('');
  return `SELECT ${selectList(s)}${hidden} ${s.from}${ordered && s.orderBy ? ` ORDER BY ${s.orderBy}` : ''}`;
}

/** The new rows with their source row id and whether they changed: for samples and counts. */
export function analysisSelect(s: StepSql): string {
  return `SELECT ${selectList(s)}, ${s.srcId} AS "__src", (${s.changed}) AS "__chg" ${s.from}`;
}

export type { StepContext, StepSql, OutColumn } from './types.js';
