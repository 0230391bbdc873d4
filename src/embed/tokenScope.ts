import type { Principal } from '../auth/principal.js';
import { runAs } from '../auth/requestScope.js';
import { badInput } from '../shared/errors.js';
import type { CatalogRepository } from '../warehouse/catalogRepository.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import type { EmbedClaims } from './embedClaims.js';

/**
 * A token's datasets must exist for its issuer (DATASET_NOT_FOUND, as anywhere else), and each of
 * its row filters must name a column of every one of them: a filter that could not apply would
 * silently show all rows.
 */
export function datasetScopeCheck(catalog: CatalogRepository) {
  return async (issuer: Principal, claims: EmbedClaims): Promise<void> => {
    await runAs(issuer, async () => {
      for (const name of claims.datasets) {
        const ds = await catalog.getCatalogDataset(name);
        claims.rowFilters.forEach((f, i) => {
          if (!ds.columns.some((c) => c.name === f.column)) throw badInput(`row filter column '${f.column}' is not a column of dataset '${ds.name}'`, { field: `rowFilters[${i}].column`, dataset: ds.name });
        });
      }
    });
  };
}

/** A key is active while it exists in its tenant and is not revoked. */
export function apiKeyStatus(wh: Warehouse) {
  return async (keyId: string, tenantId: string): Promise<boolean> => {
    if (!/^[0-9a-f-]{36}$/i.test(keyId)) return false;
    const [row] = await wh.query<{ active: boolean }>(`SELECT revoked_at IS NULL AS active FROM catalog.api_keys WHERE id = $1 AND tenant_id = $2`, [keyId, tenantId]);
    return row?.active === true;
  };
}
