import { currentTenant } from '../auth/requestScope.js';
import { toDatasetName } from '../ingest/identifiers.js';
import { dropVersionTables, lockDataset, tableRef } from '../cleaning/versionStore.js';
import type { EventBus } from '../events/eventBus.js';
import type { Warehouse } from '../warehouse/warehouse.js';

/** Dataset lifecycle beyond ingest: dropping a dataset with its table and catalog rows. */
export class DatasetService {
  constructor(
    private readonly wh: Warehouse,
    private readonly events?: EventBus,
  ) {}

  /** Drops a dataset; false when there was none. Table and catalog go in one transaction. */
  async drop(name: string): Promise<boolean> {
    const safe = toDatasetName(name);
    const dropped = await this.wh.transaction(async (tx) => {
      await lockDataset(tx, safe);
      const [d] = await tx.query<{ id: string; table_name: string }>(`SELECT id, table_name FROM catalog.datasets WHERE lower(name) = lower($1) AND tenant_id = $2`, [safe, currentTenant()]);
      if (!d) return false;
      await dropVersionTables(tx, d.id, d.table_name);
      await tx.query(`DROP TABLE IF EXISTS ${tableRef(d.table_name)}`);
      await tx.query(`DELETE FROM catalog.datasets WHERE id = $1`, [d.id]);
      return true;
    });
    if (dropped) this.events?.publish('dataset', { dataset: safe, kind: 'dropped', rowCount: 0, runId: null, at: new Date() });
    return dropped;
  }
}
