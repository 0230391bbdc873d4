// Child process for bench/ingest.ts: ingests one file into DATABASE_URL and prints a JSON line with
// rows, seconds and this process's peak RSS (so the figure is the loader's own memory). It builds
// only what a load needs (warehouse, migrations, ingest service), not every service: the full set
// loads `natural`, which alone adds ~115 MB and, through its redis dependency (a String subclass),
// slows every string-heavy function of the process about 2x. BENCH_FULL_SERVICES=1 measures that way.
import { loadConfig } from '../src/config/config.js';
import { IngestService } from '../src/ingest/ingestService.js';
import { createLogger } from '../src/shared/logger.js';
import { CatalogRepository } from '../src/warehouse/catalogRepository.js';
import { Warehouse } from '../src/warehouse/warehouse.js';

const [file, name] = process.argv.slice(2);
const config = loadConfig();
const log = createLogger('warn');
let warehouse: Warehouse;
let ingest: IngestService;
if (process.env.BENCH_FULL_SERVICES === '1') {
  const { createServices } = await import('../src/services.js');
  ({ warehouse, ingest } = await createServices(config, log));
} else {
  warehouse = await Warehouse.open({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger: log, queryTimeoutMs: config.queryTimeoutMs });
  await warehouse.migrate();
  ingest = new IngestService(warehouse, log);
}
const t0 = performance.now();
const r = await ingest.ingest({ name: name!, input: { kind: 'file', path: file! } });
const secs = (performance.now() - t0) / 1000;
const ds = await new CatalogRepository(warehouse).getCatalogDataset(r.run.datasetName);
await warehouse.close();
console.log(
  JSON.stringify({
    rows: r.run.rowsLoaded,
    rejected: r.run.rowsRejected,
    secs,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    phases: r.phases,
    polluted: (globalThis as { $V?: unknown }).$V !== undefined,
    table: ds.tableName,
    columns: ds.columns.map((c) => ({ name: c.name, type: c.type })),
  }),
);
