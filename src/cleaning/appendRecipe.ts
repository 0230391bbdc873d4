import type { CatalogColumn, SqlType } from '../shared/catalog.js';
import { AppError, ErrorCode } from '../shared/errors.js';
import type { SqlRunner } from '../warehouse/sqlRunner.js';
import { quoteIdent } from '../warehouse/warehouse.js';
import type { Fences } from './outliers.js';
import { SqlParams, missingExpr } from './sql/sqlParams.js';
import { tidyText, type TrimAndCaseParams } from './steps/trimAndCase.js';
import { readRecipe, tableRef } from './versionStore.js';

export interface BatchTarget {
  datasetId: string;
  datasetName: string;
  /** Staging table (in the warehouse schema) holding the appended rows. */
  staging: string;
  /** The dataset's current table, which the batch is about to join. */
  table: string;
}

/**
 * Passes an appended batch through the dataset's recipe, inside the load's transaction and under
 * the dataset's lock: the row-level steps run on the staging table before its rows are inserted,
 * replaying what each step resolved when it was applied (mappings, fill values, fences), so the
 * batch is cleaned exactly as the old rows were. Steps that need the whole table (fuzzy dedupe,
 * fills along time, coercions, schema changes) are skipped and listed. CONFLICT when a cleaning
 * step changed the dataset's columns while the batch was loading.
 */
export async function applyRecipeToBatch(tx: SqlRunner, t: BatchTarget): Promise<{ applied: string[]; skipped: string[] }> {
  const stagingCols = await columnsOf(tx, t.staging);
  const currentCols = await columnsOf(tx, t.table);
  const drift = [...currentCols].filter(([n, ty]) => stagingCols.get(n) !== ty).map(([n]) => n);
  if (drift.length || stagingCols.size !== currentCols.size) {
    throw new AppError(ErrorCode.CONFLICT, `dataset '${t.datasetName}' changed while the batch was loading (columns ${drift.map((d) => `'${d}'`).join(', ') || 'differ'}); nothing was appended — load the batch again`, {
      dataset: t.datasetName,
      columns: drift,
    });
  }
  const recipe = (await readRecipe(tx, t.datasetId)).filter((s) => s.enabled);
  const applied: string[] = [];
  const skipped: string[] = [];
  if (!recipe.length) return { applied, skipped };
  const cols = await tx.query<{ name: string; label: string; sql_type: SqlType }>(`SELECT name, label, sql_type FROM catalog.columns WHERE dataset_id = $1`, [t.datasetId]);
  const catalog = new Map(cols.map((c) => [c.name, { name: c.name, label: c.label, type: c.sql_type, role: 'dimension', position: 0, stats: null } as CatalogColumn]));
  const stg = tableRef(t.staging);
  for (const s of recipe) {
    const label = `${s.position}:${s.step}`;
    const columns = referencedColumns(s.params);
    if (columns.some((c) => !catalog.has(c))) {
      skipped.push(label);
      continue;
    }
    const done = await replay(tx, stg, tableRef(t.table), s.step, s.params, s.resolved, catalog);
    (done ? applied : skipped).push(label);
  }
  return { applied, skipped };
}

async function replay(tx: SqlRunner, stg: string, cur: string, step: string, params: Record<string, unknown>, resolved: Record<string, unknown> | null, catalog: Map<string, CatalogColumn>): Promise<boolean> {
  switch (step) {
    case 'trimAndCase': {
      const p = params as TrimAndCaseParams;
      for (const c of p.columns) {
        const values = await tx.query<{ v: string }>(`SELECT DISTINCT ${quoteIdent(c)} AS v FROM ${stg} WHERE ${quoteIdent(c)} IS NOT NULL`);
        await updateMapping(tx, stg, c, values.map((r) => [r.v, tidyText(r.v, p)] as [string, string]).filter(([a, b]) => a !== b));
      }
      return true;
    }
    case 'standardizeValues': {
      const maps = (resolved?.mappings ?? null) as { column: string; entries: [string, string | null][] }[] | null;
      if (!maps) return false;
      for (const m of maps) await updateMapping(tx, stg, m.column, m.entries);
      return true;
    }
    case 'imputeMissing': {
      if (!resolved || resolved.fill === undefined || resolved.fill === null) return false;
      const col = catalog.get(params.column as string)!;
      const p = new SqlParams();
      const missing = missingExpr(col, p);
      await tx.query(`UPDATE ${stg} s SET ${quoteIdent(col.name)} = ${p.add(resolved.fill)} WHERE ${missing}`, p.values);
      return true;
    }
    case 'handleOutliers': {
      const f = resolved?.fences as Fences | undefined;
      const q = quoteIdent(params.column as string);
      if (!f) return false;
      if (params.action === 'remove') {
        await tx.query(`DELETE FROM ${stg} WHERE ${q}::float8 < $1 OR ${q}::float8 > $2`, [f.lower, f.upper]);
        return true;
      }
      if (params.action === 'cap') {
        const integral = ['integer', 'bigint'].includes(catalog.get(params.column as string)!.type);
        const lo = integral ? 'ceil($1::float8)' : '$1::float8';
        const hi = integral ? 'floor($2::float8)' : '$2::float8';
        await tx.query(`UPDATE ${stg} SET ${q} = CASE WHEN ${q}::float8 < $1 THEN ${lo} ELSE ${hi} END WHERE ${q}::float8 < $1 OR ${q}::float8 > $2`, [f.lower, f.upper]);
        return true;
      }
      return false;
    }
    case 'removeDuplicates': {
      if (!resolved) return false;
      const key = (resolved.columns as string[] | undefined) ?? [...catalog.keys()];
      const row = (alias: string) => `md5(ROW(${key.map((c) => `${alias}.${quoteIdent(c)}`).join(', ')})::text)`;
      const nullKey = resolved.mode === 'key' ? `AND ${key.map((c) => `a.${quoteIdent(c)} IS NOT NULL`).join(' AND ')}` : '';
      // Rows already in the dataset, then repeats within the batch (the first one stays).
      await tx.query(`DELETE FROM ${stg} a WHERE ${row('a')} IN (SELECT ${row('b')} FROM ${cur} b) ${nullKey}`);
      await tx.query(
        `DELETE FROM ${stg} WHERE ctid IN (SELECT id FROM (SELECT a.ctid AS id, row_number() OVER (PARTITION BY ${row('a')} ORDER BY a.ctid) AS rn FROM ${stg} a WHERE true ${nullKey}) d WHERE rn > 1)`,
      );
      return true;
    }
    default:
      return false;
  }
}

async function updateMapping(tx: SqlRunner, stg: string, column: string, entries: [string, string | null][]): Promise<void> {
  if (!entries.length) return;
  const q = quoteIdent(column);
  await tx.query(`UPDATE ${stg} s SET ${q} = $1::jsonb ->> s.${q} WHERE $1::jsonb ? s.${q}`, [JSON.stringify(Object.fromEntries(entries))]);
}

function referencedColumns(params: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const k of ['column', 'orderBy']) if (typeof params[k] === 'string') out.push(params[k] as string);
  if (Array.isArray(params.columns)) out.push(...(params.columns as string[]));
  return out;
}

async function columnsOf(tx: SqlRunner, table: string): Promise<Map<string, string>> {
  const rows = await tx.query<{ name: string; type: string }>(
    `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`,
    [tableRef(table)],
  );
  return new Map(rows.map((r) => [r.name, r.type]));
}
