import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Services } from '../services.js';

/** Demo datasets from the vega-datasets package, loaded on a fresh warehouse. */
export const DEMO_FILES: { name: string; file: string }[] = [
  { name: 'seattle_weather', file: 'seattle-weather.csv' },
  { name: 'stocks', file: 'stocks.csv' },
  { name: 'unemployment_across_industries', file: 'unemployment-across-industries.json' },
  { name: 'movies', file: 'movies.json' },
];

/** The folder holding vega-datasets' files (its exports map hides data/, so go via package.json). */
export function vegaDataDir(): string {
  const require = createRequire(import.meta.url);
  // The exports map hides both data/ and package.json; walk the node_modules folders Node would search.
  const candidates = [...(require.resolve.paths('vega-datasets') ?? []), join(process.cwd(), 'node_modules')];
  for (const nm of candidates) {
    const dir = join(nm, 'vega-datasets', 'data');
    if (existsSync(dir)) return dir;
  }
  throw new Error('the vega-datasets package is not installed (npm install)');
}

/** Loads the demo datasets when the warehouse has never had any data; returns the names loaded. */
export async function loadDemoIfFresh(s: Services): Promise<string[]> {
  const [row] = await s.warehouse.query<{ n: number }>(
    `SELECT (SELECT count(*) FROM catalog.datasets) + (SELECT count(*) FROM catalog.ingestion_runs) AS n`,
  );
  if (Number(row?.n ?? 0) > 0) return [];
  const dir = vegaDataDir();
  const loaded: string[] = [];
  for (const d of DEMO_FILES) {
    const path = join(dir, d.file);
    if (!existsSync(path)) {
      s.log.warn({ path }, 'demo file missing; skipped');
      continue;
    }
    const r = await s.ingest.ingest({ name: d.name, input: { kind: 'file', path }, sourceLabel: `vega-datasets/${d.file}` });
    loaded.push(`${d.name} (${r.run.rowsLoaded} rows)`);
  }
  return loaded;
}
