// A load's staging table: the table its rows are copied into, named after its run, until the swap
// renames it into the catalog (or appends it to the dataset's table) or a failure drops it.
import { tableRef } from '../cleaning/versionStore.js';
import { AppError, ErrorCode } from '../shared/errors.js';
import type { SqlRunner } from '../warehouse/sqlRunner.js';
import { quoteIdent } from '../warehouse/warehouse.js';
import type { Target } from './loadTarget.js';
import { sqlTypeDdl } from './sqlTypes.js';

/** PostgreSQL's limit on columns per table. */
export const MAX_COLUMNS = 1600;

/** A load's staging table, named after its run. */
export const stagingName = (runId: string) => `_stg_${runId.replace(/-/g, '')}`;

/** Refuses a source with more columns than a table can hold, before any table is made. */
export function checkColumnCount(labels: readonly string[]): void {
  if (labels.length > MAX_COLUMNS) {
    throw new AppError(ErrorCode.INGEST_REJECTED, `the file has ${labels.length.toLocaleString('en-US')} columns; a dataset holds at most ${MAX_COLUMNS.toLocaleString('en-US')} (PostgreSQL's limit per table)`, { columns: labels.length });
  }
}

export async function createStaging(db: SqlRunner, staging: string, target: Target): Promise<void> {
  await db.query(
    `CREATE TABLE ${tableRef(staging)} (${target.names
      .map((n, i) => `${quoteIdent(n)} ${sqlTypeDdl(target.types[i]!)}`)
      .join(', ')})`,
  );
}

export async function dropStaging(db: SqlRunner, staging: string): Promise<void> {
  await db.query(`DROP TABLE IF EXISTS ${tableRef(staging)}`);
}
