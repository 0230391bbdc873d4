import type { CatalogDataset } from '../../shared/catalog.js';
import { badInput } from '../../shared/errors.js';
import { didYouMean } from '../../shared/suggest.js';
import { coerceType } from './coerceType.js';
import { dropColumns } from './dropColumns.js';
import { handleOutliers } from './handleOutliers.js';
import { imputeMissing } from './imputeMissing.js';
import { removeDuplicates } from './removeDuplicates.js';
import { renameColumn } from './renameColumn.js';
import { standardizeValues } from './standardizeValues.js';
import { trimAndCase } from './trimAndCase.js';
import { STEP_NAMES, type StepDefinition, type StepName, type StepPlan, type TableSample } from './types.js';

/** Registry of cleaning steps by name. */
// Parameters differ per step; callers go through validateStep/planStep, which keep each pair consistent.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const STEPS: Readonly<Record<StepName, StepDefinition<any>>> = {
  removeDuplicates,
  standardizeValues,
  trimAndCase,
  coerceType,
  imputeMissing,
  handleOutliers,
  renameColumn,
  dropColumns,
};

/** True when `name` is a known step. */
export function isStepName(name: string): name is StepName {
  return (STEP_NAMES as readonly string[]).includes(name);
}

/** The step called `name`, or BAD_INPUT with a did-you-mean. */
export function getStep(name: string): StepDefinition<unknown> {
  if (!isStepName(name)) throw badInput(`unknown cleaning step '${name}'${didYouMean(name, STEP_NAMES)}`, { step: name, steps: [...STEP_NAMES] });
  return STEPS[name];
}

/** Validates a step's parameters against the dataset; returns them with defaults filled in. */
export function validateStep(name: string, params: unknown, dataset: CatalogDataset): Record<string, unknown> {
  return getStep(name).validate(params, dataset) as Record<string, unknown>;
}

/** Validates, then plans a step over the rows. */
export function planStep(name: string, params: unknown, dataset: CatalogDataset, table: TableSample): StepPlan {
  const step = getStep(name);
  return step.plan(step.validate(params, dataset), table, dataset);
}

export { STEP_NAMES };
export type { StepCall, StepDefinition, StepName, StepPlan, TableSample, ValueMapping, CellValue } from './types.js';
