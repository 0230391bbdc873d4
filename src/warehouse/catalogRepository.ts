import { In } from 'typeorm';
import { currentPrincipal, currentTenant } from '../auth/requestScope.js';
import type { CatalogColumn, CatalogDataset } from '../shared/catalog.js';
import { AppError, ErrorCode } from '../shared/errors.js';
import { didYouMean } from '../shared/suggest.js';
import { ColumnEntity, DatasetEntity, IngestionRunEntity, RejectedRowEntity } from './entities/index.js';
import type { Warehouse } from './warehouse.js';

/** Reads and writes the catalog. Batch methods return results in key order, for DataLoader. */
export class CatalogRepository {
  constructor(private readonly wh: Warehouse) {}

  private get ds() {
    return this.wh.dataSource;
  }

  /** Every dataset of the current tenant the principal may see, newest first (without columns). */
  async listDatasets(): Promise<DatasetEntity[]> {
    const rows = await this.ds.getRepository(DatasetEntity).find({ where: { tenantId: currentTenant() }, order: { createdAt: 'DESC', name: 'ASC' } });
    return rows.filter((d) => visible(d.name));
  }

  /** Datasets by lower-cased name, in key order (null where missing). */
  async datasetsByNames(names: readonly string[]): Promise<(DatasetEntity | null)[]> {
    const lowered = names.map((n) => n.toLowerCase());
    const rows = await this.ds
      .getRepository(DatasetEntity)
      .createQueryBuilder('d')
      .where('lower(d.name) IN (:...names)', { names: lowered })
      .andWhere('d.tenant_id = :tenant', { tenant: currentTenant() })
      .getMany();
    const byName = new Map(rows.filter((r) => visible(r.name)).map((r) => [r.name.toLowerCase(), r]));
    return lowered.map((n) => byName.get(n) ?? null);
  }

  /** Columns of each dataset id, in key order. */
  async columnsByDatasetIds(ids: readonly string[]): Promise<ColumnEntity[][]> {
    const rows = await this.ds.getRepository(ColumnEntity).find({ where: { datasetId: In([...ids]) }, order: { position: 'ASC' } });
    const grouped = new Map<string, ColumnEntity[]>(ids.map((id) => [id, []]));
    for (const r of rows) grouped.get(r.datasetId)?.push(r);
    return ids.map((id) => grouped.get(id) ?? []);
  }

  /** The latest `limit` runs of each dataset id, in key order. */
  async runsByDatasetIds(ids: readonly string[], limit: number): Promise<IngestionRunEntity[][]> {
    const rows = await this.ds
      .getRepository(IngestionRunEntity)
      .createQueryBuilder('r')
      .where('r.dataset_id IN (:...ids)', { ids })
      .andWhere('r.tenant_id = :tenant', { tenant: currentTenant() })
      .orderBy('r.started_at', 'DESC')
      .getMany();
    const grouped = new Map<string, IngestionRunEntity[]>(ids.map((id) => [id, []]));
    for (const r of rows) {
      const g = grouped.get(r.datasetId!);
      if (g && g.length < limit) g.push(r);
    }
    return ids.map((id) => grouped.get(id) ?? []);
  }

  /** The first `limit` rejected rows of each run id, in key order. */
  async rejectedByRunIds(ids: readonly string[], limit: number): Promise<RejectedRowEntity[][]> {
    const rows = await this.wh.query<{ run_id: string; line: number; raw: string; reason: string }>(
      `SELECT run_id, line, raw, reason FROM (
         SELECT run_id, line, raw, reason, row_number() OVER (PARTITION BY run_id ORDER BY line, id) AS rn
         FROM catalog.rejected_rows WHERE run_id = ANY($1::uuid[]) AND tenant_id = $3) x
       WHERE rn <= $2 ORDER BY run_id, rn`,
      [ids, limit, currentTenant()],
    );
    const grouped = new Map<string, RejectedRowEntity[]>(ids.map((id) => [id, []]));
    for (const r of rows) {
      grouped.get(r.run_id)?.push(Object.assign(new RejectedRowEntity(), { runId: r.run_id, line: Number(r.line), raw: r.raw, reason: r.reason }));
    }
    return ids.map((id) => grouped.get(id) ?? []);
  }

  /** One run of the current tenant by id (another tenant's reads as missing). */
  async run(id: string): Promise<IngestionRunEntity | null> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
    const r = await this.ds.getRepository(IngestionRunEntity).findOneBy({ id, tenantId: currentTenant() });
    return r && visible(r.datasetName) ? r : null;
  }

  /** The dataset as the pure cores see it, in one statement; DATASET_NOT_FOUND (with a suggestion) when missing. */
  async getCatalogDataset(name: string): Promise<CatalogDataset> {
    // Hot path of every query: dataset and columns in one round trip.
    const [row] = await this.wh.query<{ id: string; name: string; label: string; table_name: string; row_count: number; cols: CatalogColumnRow[] | null }>(
      `SELECT d.id, d.name, d.label, d.table_name, d.row_count,
              (SELECT json_agg(json_build_object('name', c.name, 'label', c.label, 'type', c.sql_type, 'role', c.role, 'position', c.position, 'stats', c.stats) ORDER BY c.position)
                 FROM catalog.columns c WHERE c.dataset_id = d.id) AS cols
         FROM catalog.datasets d WHERE lower(d.name) = lower($1) AND d.tenant_id = $2`,
      [name, currentTenant()],
    );
    if (!row || !visible(row.name)) {
      const all = await this.listDatasets();
      throw new AppError(ErrorCode.DATASET_NOT_FOUND, `no dataset '${name}'${didYouMean(name, all.map((x) => x.name))}`, {
        dataset: name,
      });
    }
    const cols = typeof row.cols === 'string' ? (JSON.parse(row.cols) as CatalogColumnRow[]) : (row.cols ?? []);
    return { id: row.id, name: row.name, label: row.label, tableName: row.table_name, rowCount: Number(row.row_count), columns: cols };
  }

  /** All datasets with their columns, in two statements. */
  async allCatalogDatasets(): Promise<CatalogDataset[]> {
    const ds = await this.listDatasets();
    if (!ds.length) return [];
    const cols = await this.columnsByDatasetIds(ds.map((d) => d.id));
    return ds.map((d, i) => toCatalogDataset(d, cols[i]!));
  }
}

type CatalogColumnRow = CatalogColumn;

/** Embed tokens name the datasets they may see; everything else sees the tenant's all. */
function visible(name: string): boolean {
  const datasets = currentPrincipal()?.datasets ?? null;
  return datasets === null || datasets.some((d) => d.toLowerCase() === name.toLowerCase());
}

/** Maps catalog entities to the plain shape the pure cores use. */
export function toCatalogDataset(d: DatasetEntity, cols: ColumnEntity[]): CatalogDataset {
  return {
    id: d.id,
    name: d.name,
    label: d.label,
    tableName: d.tableName,
    rowCount: d.rowCount,
    columns: cols.map(
      (c): CatalogColumn => ({ name: c.name, label: c.label, type: c.sqlType, role: c.role, position: c.position, stats: c.stats }),
    ),
  };
}
