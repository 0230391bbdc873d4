// Child process for bench/ingest.ts: ingests one file into DATABASE_URL and prints a JSON line with
// rows, seconds and this process's peak RSS (so the figure is the loader's own memory).
import { loadConfig } from '../src/config/config.js';
import { createServices } from '../src/services.js';
import { createLogger } from '../src/shared/logger.js';

const [file, name] = process.argv.slice(2);
const config = loadConfig();
const s = await createServices(config, createLogger('warn'));
const t0 = performance.now();
const r = await s.ingest.ingest({ name: name!, input: { kind: 'file', path: file! } });
const secs = (performance.now() - t0) / 1000;
const ds = await s.catalog.getCatalogDataset(r.run.datasetName);
await s.warehouse.close();
console.log(
  JSON.stringify({
    rows: r.run.rowsLoaded,
    rejected: r.run.rowsRejected,
    secs,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    phases: r.phases,
    table: ds.tableName,
    columns: ds.columns.map((c) => ({ name: c.name, type: c.type })),
  }),
);
