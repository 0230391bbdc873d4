// Child process for bench/ingest.ts: ingests one file into DATABASE_URL with the shipped build
// (dist/, what `npm start` and the `insightql` command run; bench/ingest.ts builds it first) and
// prints a JSON line with rows, seconds, phases and this process's peak RSS (the loader's own
// memory). Plain JavaScript so no TypeScript loader sits in either thread. It builds only what a
// load needs (warehouse, migrations, ingest service), not every service: the full set loads
// `natural`, which alone adds ~115 MB and, through its redis dependency (a String subclass), slows
// every string-heavy function of the process about 2x. BENCH_FULL_SERVICES=1 measures that way.
import { loadConfig } from '../dist/src/config/config.js';
import { IngestService } from '../dist/src/ingest/ingestService.js';
import { createLogger } from '../dist/src/shared/logger.js';
import { CatalogRepository } from '../dist/src/warehouse/catalogRepository.js';
import { Warehouse } from '../dist/src/warehouse/warehouse.js';

const [file, name] = process.argv.slice(2);
const config = loadConfig();
const log = createLogger('warn');
let warehouse;
let ingest;
if (process.env.BENCH_FULL_SERVICES === '1') {
  const { createServices } = await import('../dist/src/services.js');
  ({ warehouse, ingest } = await createServices(config, log));
} else {
  warehouse = await Warehouse.open({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger: log, queryTimeoutMs: config.queryTimeoutMs });
  await warehouse.migrate();
  ingest = new IngestService(warehouse, log);
}
const t0 = performance.now();
const r = await ingest.ingest({ name, input: { kind: 'file', path: file } });
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
    polluted: globalThis.$V !== undefined,
    table: ds.tableName,
    columns: ds.columns.map((c) => ({ name: c.name, type: c.type })),
  }),
);
