import DataLoader from 'dataloader';
import type { Services } from '../services.js';
import type { ColumnEntity, DatasetEntity, IngestionRunEntity, RejectedRowEntity } from '../warehouse/entities/index.js';

/** Per-request batch loaders for every nested catalog lookup. */
export interface Loaders {
  datasetByName: DataLoader<string, DatasetEntity | null>;
  columnsByDataset: DataLoader<string, ColumnEntity[]>;
  /** Keyed by `${datasetId}:${limit}`. */
  runsByDataset: DataLoader<string, IngestionRunEntity[]>;
  /** Keyed by `${runId}:${limit}`. */
  rejectedByRun: DataLoader<string, RejectedRowEntity[]>;
}

/** Splits "id:limit" keys into per-limit batches so one statement serves each limit. */
function byLimit<T>(load: (ids: string[], limit: number) => Promise<T[][]>) {
  return async (keys: readonly string[]): Promise<T[][]> => {
    const groups = new Map<number, string[]>();
    for (const k of keys) {
      const i = k.lastIndexOf(':');
      const limit = Number(k.slice(i + 1));
      const g = groups.get(limit) ?? [];
      g.push(k.slice(0, i));
      groups.set(limit, g);
    }
    const results = new Map<string, T[]>();
    for (const [limit, ids] of groups) {
      const rows = await load(ids, limit);
      ids.forEach((id, j) => results.set(`${id}:${limit}`, rows[j]!));
    }
    return keys.map((k) => results.get(k) ?? []);
  };
}

/** Creates the loaders for one request. */
export function createLoaders(s: Services): Loaders {
  const c = s.catalog;
  return {
    datasetByName: new DataLoader((names) => c.datasetsByNames(names), { cacheKeyFn: (n) => n.toLowerCase() }),
    columnsByDataset: new DataLoader((ids) => c.columnsByDatasetIds(ids)),
    runsByDataset: new DataLoader(byLimit((ids, limit) => c.runsByDatasetIds(ids, limit))),
    rejectedByRun: new DataLoader(byLimit((ids, limit) => c.rejectedByRunIds(ids, limit))),
  };
}
