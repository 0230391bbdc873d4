import { randomBytes } from 'node:crypto';
import type { SqlType } from '../../../src/shared/catalog.js';
import { createLogger } from '../../../src/shared/logger.js';
import { inferRole } from '../../../src/ingest/inferRole.js';
import { profileTable } from '../../../src/ingest/profiler.js';
import { sqlTypeDdl } from '../../../src/ingest/sqlTypes.js';
import { CleaningService } from '../../../src/cleaning/cleaningService.js';
import { Warehouse, quoteIdent } from '../../../src/warehouse/warehouse.js';
import type { TestTarget } from '../../support/targets.js';
import { DEFAULT_TENANT } from '../../../src/auth/principal.js';
import { guardDataTable } from '../../../src/warehouse/rowSecurity.js';

export interface Env {
  wh: Warehouse;
  cleaning: CleaningService;
  close(): Promise<void>;
}

/** A fresh migrated database of the target with a cleaning service over it. */
export async function openEnv(target: TestTarget, lockTimeoutMs = 10_000): Promise<Env> {
  const db = await target.fresh();
  const log = createLogger('silent');
  const wh = await Warehouse.open({ databaseUrl: db.config.databaseUrl, dataDir: db.config.dataDir, logger: log });
  await wh.migrate();
  return {
    wh,
    cleaning: new CleaningService(wh, log, { lockTimeoutMs }),
    async close() {
      await wh.close();
      await db.drop();
    },
  };
}

export type Cell = string | number | boolean | null;

/** Creates a dataset directly (typed table, profile, catalog rows), as a load would, without the parsers. */
export async function createDataset(wh: Warehouse, name: string, columns: { name: string; type: SqlType }[], rows: Cell[][]): Promise<void> {
  const table = `ds_${randomBytes(6).toString('hex')}`;
  const ref = `warehouse.${quoteIdent(table)}`;
  await wh.query(`CREATE TABLE ${ref} (${columns.map((c) => `${quoteIdent(c.name)} ${sqlTypeDdl(c.type)}`).join(', ')})`);
  // As a load does: the table is the default tenant's, readable by user queries under RLS.
  await guardDataTable(wh, table, DEFAULT_TENANT);
  for (let i = 0; i < rows.length; i += 500) {
    const batch = rows.slice(i, i + 500);
    const values: unknown[] = [];
    const tuples = batch.map((r) => `(${r.map((v, j) => (values.push(v), `$${values.length}::${sqlTypeDdl(columns[j]!.type)}`)).join(', ')})`);
    await wh.query(`INSERT INTO ${ref} VALUES ${tuples.join(', ')}`, values);
  }
  const p = await profileTable(wh, 'warehouse', table, columns);
  const [d] = await wh.query<{ id: string }>(`INSERT INTO catalog.datasets (name, label, table_name, row_count) VALUES ($1, $1, $2, $3) RETURNING id`, [name, table, p.rowCount]);
  for (const [i, c] of columns.entries()) {
    const s = p.stats[i]!;
    const role = inferRole({ name: c.name, label: c.name, type: c.type, stats: { distinctCount: s.distinctCount, nullCount: s.nullCount, rowCount: p.rowCount } });
    await wh.query(`INSERT INTO catalog.columns (dataset_id, position, name, label, sql_type, role, stats) VALUES ($1, $2, $3, $3, $4, $5, $6::jsonb)`, [d!.id, i, c.name, c.type, role, JSON.stringify(s)]);
  }
}

/** The current version's rows in table order, as plain objects. */
export async function rowsOf(wh: Warehouse, dataset: string): Promise<Record<string, unknown>[]> {
  const [d] = await wh.query<{ table_name: string }>(`SELECT table_name FROM catalog.datasets WHERE name = $1`, [dataset]);
  return wh.query(`SELECT * FROM warehouse.${quoteIdent(d!.table_name)} ORDER BY ctid`);
}

/** Row count, checksum of the rows, catalog version and columns: "the dataset exactly as it was". */
export async function fingerprint(wh: Warehouse, dataset: string): Promise<{ rows: number; md5: string; version: number; columns: string; recipe: number }> {
  const [d] = await wh.query<{ id: string; table_name: string; version: number }>(`SELECT id, table_name, version FROM catalog.datasets WHERE name = $1`, [dataset]);
  const [r] = await wh.query<{ n: number; h: string }>(`SELECT count(*)::float8 AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS h FROM warehouse.${quoteIdent(d!.table_name)} t`);
  const cols = await wh.query<{ name: string; sql_type: string }>(`SELECT name, sql_type FROM catalog.columns WHERE dataset_id = $1 ORDER BY position`, [d!.id]);
  const [rc] = await wh.query<{ n: number }>(`SELECT count(*)::float8 AS n FROM catalog.recipes WHERE dataset_id = $1`, [d!.id]);
  return { rows: Number(r!.n), md5: r!.h, version: Number(d!.version), columns: cols.map((c) => `${c.name}:${c.sql_type}`).join(','), recipe: Number(rc!.n) };
}
