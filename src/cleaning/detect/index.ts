import type { CatalogColumn } from '../../shared/catalog.js';
import type { Row } from '../dedupe/types.js';
import { detectDisguisedNulls } from './disguisedNulls.js';
import { detectDuplicateKeys, detectDuplicateRows, detectNearDuplicateRows, detectNearDuplicates } from './duplicates.js';
import { detectFutureDates, detectImpossibleDates } from './impossibleDates.js';
import { flagName, OUTLIER_METHODS } from '../steps/handleOutliers.js';
import { detectInconsistentSpellings } from './inconsistentSpellings.js';
import { detectOutliers } from './outlierValues.js';
import { detectSparseColumns } from './sparseColumns.js';
import type { ColumnInput, Finding } from './types.js';
import { detectWrongType } from './wrongType.js';

/** A column detector: pure over one column's cells. */
export type ColumnDetector = (col: ColumnInput) => Finding[];

/** Registry of column detectors, in report order. */
export const COLUMN_DETECTORS: Readonly<Record<string, ColumnDetector>> = {
  sparseColumns: detectSparseColumns,
  disguisedNulls: detectDisguisedNulls,
  wrongType: detectWrongType,
  impossibleDates: detectImpossibleDates,
  inconsistentSpellings: detectInconsistentSpellings,
  nearDuplicates: detectNearDuplicates,
  outliers: detectOutliers,
};

export interface QualityInput {
  columns: readonly Pick<CatalogColumn, 'name' | 'type' | 'role'>[];
  rows: readonly Row[];
  /** Key columns to check for duplicate keys. */
  key?: readonly string[];
  /** Today, for dates in the future (left unchecked without it: the detectors read no clock). */
  now?: Date;
}

export interface QualityReport {
  rowsExamined: number;
  findings: Finding[];
  /** Findings per column name ('' for row-level findings). */
  byColumn: Record<string, Finding[]>;
}

/** The pure core of `dataQuality`: every detector over the rows of a sample or a full scan. */
export function assessQuality(input: QualityInput): QualityReport {
  const names = input.columns.map((c) => c.name);
  const findings: Finding[] = [...detectDuplicateRows(input.rows, names)];
  if (input.key?.length) findings.push(...detectDuplicateKeys(input.rows, input.key));
  const nearRows = detectNearDuplicateRows(input.rows, input.columns);
  findings.push(...nearRows);
  // Its spellings are records entered twice, reported above: merging them as categories would merge distinct records.
  const identifying = new Set(nearRows.map((f) => f.column));
  const present = new Set(names);
  for (const c of input.columns) {
    const col: ColumnInput = { name: c.name, type: c.type, role: c.role, values: input.rows.map((r) => r[c.name]) };
    const sparse = detectSparseColumns(col);
    findings.push(...sparse);
    // An almost empty or constant column has nothing more worth saying.
    if (sparse.length) continue;
    // A column whose outliers a flag column already marks is not reported again.
    const flagged = OUTLIER_METHODS.some((method) => present.has(flagName({ column: c.name, method })));
    let typedAsText = false;
    for (const [name, detect] of Object.entries(COLUMN_DETECTORS)) {
      if (name === 'sparseColumns') continue;
      // Numbers or dates kept as text are not categories: "8,000,000" and "8000000" are a type problem, not a spelling one.
      if (typedAsText && (name === 'inconsistentSpellings' || name === 'nearDuplicates')) continue;
      if (identifying.has(c.name) && (name === 'inconsistentSpellings' || name === 'nearDuplicates')) continue;
      if (flagged && name === 'outliers') continue;
      const found = detect(col);
      if (found.some((f) => f.kind === 'wrong_type')) typedAsText = true;
      findings.push(...found);
    }
    if (input.now) findings.push(...detectFutureDates(col, input.now));
  }
  const byColumn: Record<string, Finding[]> = {};
  for (const f of findings) (byColumn[f.column ?? ''] ??= []).push(f);
  return { rowsExamined: input.rows.length, findings, byColumn };
}

export type { ColumnInput, Finding, FindingKind, Example } from './types.js';
export { FINDING_KINDS } from './types.js';
