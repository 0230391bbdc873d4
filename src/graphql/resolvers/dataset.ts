import { visibleRowCount, visibleStats } from '../../auth/filteredCatalog.js';
import { primaryTimeColumn } from '../../shared/catalog.js';
import { toCatalogDataset } from '../../warehouse/catalogRepository.js';
import type { ColumnEntity, DatasetEntity } from '../../warehouse/entities/index.js';
import type { Context } from '../context.js';

const clampLimit = (n: number | null | undefined, max = 1000) => Math.max(0, Math.min(max, n ?? 20));

export const datasetResolvers = {
  Query: {
    datasets: (_: unknown, __: unknown, ctx: Context) => ctx.services.catalog.listDatasets(),
    dataset: (_: unknown, a: { name: string }, ctx: Context) => ctx.loaders.datasetByName.load(a.name),
    health: async (_: unknown, __: unknown, ctx: Context) => {
      // The major version only: the full build string (compiler, OS) tells an attacker too much.
      const [r] = await ctx.services.warehouse.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`);
      return { ok: true, database: ctx.services.warehouse.kind, version: `PostgreSQL ${Math.floor(Number(r?.v ?? 0) / 10_000)}` };
    },
  },
  Mutation: {
    dropDataset: (_: unknown, a: { name: string }, ctx: Context) => ctx.services.datasets.drop(a.name),
  },
  Dataset: {
    columns: (d: DatasetEntity, _: unknown, ctx: Context) => ctx.loaders.columnsByDataset.load(d.id),
    timeColumn: async (d: DatasetEntity, _: unknown, ctx: Context) => {
      const cols = await ctx.loaders.columnsByDataset.load(d.id);
      const tc = primaryTimeColumn(toCatalogDataset(d, cols));
      return tc ? cols.find((c) => c.name === tc.name) : null;
    },
    rowCount: (d: DatasetEntity, _: unknown, ctx: Context) => visibleRowCount(ctx.principal, ctx.services.insights, d.name, d.rowCount),
    ingestionRuns: (d: DatasetEntity, a: { limit?: number }, ctx: Context) => ctx.loaders.runsByDataset.load(`${d.id}:${clampLimit(a.limit)}`),
  },
  Column: {
    type: (c: ColumnEntity) => c.sqlType,
    stats: (c: ColumnEntity, _: unknown, ctx: Context) => visibleStats(ctx.principal, c.stats),
  },
};
