import type { z } from 'zod';
import type { CatalogDataset } from '../../shared/catalog.js';
import type { Cluster } from '../cluster/types.js';
import type { Fences } from '../outliers.js';
import type { DuplicateGroup, Row } from '../dedupe/types.js';

export const STEP_NAMES = [
  'removeDuplicates', 'standardizeValues', 'trimAndCase', 'coerceType', 'imputeMissing', 'handleOutliers', 'renameColumn', 'dropColumns',
] as const;
export type StepName = (typeof STEP_NAMES)[number];

/** A step ready to run: what a quality finding suggests and what a recipe stores. */
export interface StepCall {
  step: StepName;
  params: Record<string, unknown>;
}

/** Rows a plan is computed over (a sample for a preview, or all rows), positions are row ids for the caller. */
export interface TableSample {
  rows: readonly Row[];
}

export type CellValue = string | number | boolean | null;

export interface ValueMapping {
  column: string;
  /** Distinct value → replacement (null = becomes a real null), with the rows it touches. */
  entries: { from: string; to: CellValue; count: number }[];
}

/**
 * What applying a step must do, computed by the pure core so the SQL side stays thin:
 * deletions by position, value mappings to join against, fills by position, schema changes.
 */
export type StepPlan =
  | { kind: 'deleteRows'; rows: number[]; groups: DuplicateGroup[] }
  | { kind: 'mapValues'; mappings: ValueMapping[]; clusters?: Cluster[] }
  | {
      kind: 'coerce';
      column: string;
      to: string;
      mapping: ValueMapping;
      /** Distinct values that could not be parsed (they become null), with reasons. */
      failures: { value: string; reason: string; count: number }[];
      failedRows: number;
    }
  | { kind: 'fillValues'; column: string; method: string; fill: CellValue | null; fills: { row: number; value: CellValue }[] }
  | { kind: 'outliers'; column: string; action: 'flag' | 'cap' | 'remove'; fences: Fences; rows: number[]; flagColumn: string | null; capped: { row: number; from: number; to: number }[] }
  | { kind: 'renameColumn'; from: string; to: string }
  | { kind: 'dropColumns'; columns: string[] };

export interface StepDefinition<P> {
  name: StepName;
  /** One line for the API and CLI help. */
  description: string;
  schema: z.ZodType<P>;
  /** Parses the parameters (BAD_INPUT naming the parameter) and checks them against the dataset (UNKNOWN_COLUMN, TYPE_MISMATCH). */
  validate(params: unknown, dataset: CatalogDataset): P;
  /** What applying the step to these rows must do; pure. */
  plan(params: P, table: TableSample, dataset: CatalogDataset): StepPlan;
}
