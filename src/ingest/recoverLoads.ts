// Loads whose process is gone: their runs failed and their staging tables dropped at start.
import { WAREHOUSE_SCHEMA } from '../cleaning/versionStore.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { dropStaging, stagingName } from './stagingTable.js';

/**
 * Fails the runs, and drops the staging tables, of loads whose process is gone: only those whose
 * owner lock is free (see LoadLocks), so other live servers' and CLIs' loads on the same
 * database carry on. Returns the number of loads cleaned up.
 */
export async function recoverInterruptedLoads(wh: Warehouse): Promise<number> {
  const running = await wh.query<{ id: string }>(`SELECT id FROM catalog.ingestion_runs WHERE status = 'running'`);
  let recovered = 0;
  for (const r of running) {
    const done = await wh.loadLocks.ifOrphaned(r.id, async () => {
      await dropStaging(wh, stagingName(r.id));
      await wh.query(
        `UPDATE catalog.ingestion_runs SET status = 'failed', error = 'interrupted: the process stopped during the load', error_code = 'INGEST_REJECTED', finished_at = now() WHERE id = $1 AND status = 'running'`,
        [r.id],
      );
    });
    if (done) recovered++;
  }
  // Staging tables whose run is no longer running (a cleanup that failed after its load did).
  const tables = await wh.query<{ tablename: string }>(
    `SELECT t.tablename FROM pg_tables t WHERE t.schemaname = $1 AND t.tablename LIKE '\\_stg\\_%'
       AND NOT EXISTS (SELECT 1 FROM catalog.ingestion_runs r WHERE r.status = 'running' AND replace(r.id::text, '-', '') = substr(t.tablename, 6))`,
    [WAREHOUSE_SCHEMA],
  );
  for (const t of tables) await dropStaging(wh, t.tablename);
  return recovered + tables.length;
}
