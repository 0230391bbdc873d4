// Set-based cleaning against hand-written SQL, on real Postgres, in the same run:
//  - exact dedup of flights-3m (loaded through the ingest service) vs CREATE TABLE … AS SELECT DISTINCT *
//  - coercion of a 3M-row text column of loosely written numbers vs a hand-written regexp_replace cast
// Each operation runs `REPS` times per side, alternating; the table reports the fastest run of each.
// "step SQL" is the step's own statements (statistics queries, CREATE TABLE, its finishing pass); "full step" adds the
// re-profile of the new table and the catalog/version writes. Run: npx tsx bench/cleaning-sql.ts
import { join } from 'node:path';
import { CleaningService } from '../src/cleaning/cleaningService.js';
import { applySelect, buildStepSql } from '../src/cleaning/sql/index.js';
import { validateStep, type StepName } from '../src/cleaning/steps/index.js';
import { readDataset, tableRef } from '../src/cleaning/versionStore.js';
import { vegaDataDir } from '../src/demo/demoLoader.js';
import { IngestService } from '../src/ingest/ingestService.js';
import { profileTable } from '../src/ingest/profiler.js';
import { createLogger } from '../src/shared/logger.js';
import { Warehouse } from '../src/warehouse/warehouse.js';
import { freshDatabase, printTable } from './support.js';

const REPS = Number(process.env.BENCH_REPS ?? 2);
const ROWS = Number(process.env.BENCH_ROWS ?? 3_000_000);
const log = createLogger('warn');

const secs = async (fn: () => Promise<unknown>): Promise<number> => {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
};

async function main(): Promise<void> {
  const db = await freshDatabase('iq_bench_clean');
  const wh = await Warehouse.open({ databaseUrl: db.url, dataDir: 'memory://', logger: log });
  try {
    await wh.migrate();
    const cleaning = new CleaningService(wh, log, { lockTimeoutMs: 60_000 });
    const t0 = performance.now();
    await new IngestService(wh, log).ingest({ name: 'flights', input: { kind: 'file', path: join(vegaDataDir(), 'flights-3m.parquet') } });
    const loadS = (performance.now() - t0) / 1000;
    await makeAmounts(wh);
    const rowsOf = async (name: string) => (await readDataset(wh, name))!.rowCount;
    console.log(`flights: ${await rowsOf('flights')} rows loaded through the ingest service in ${loadS.toFixed(1)} s; amounts: ${await rowsOf('amounts')} rows generated`);

    const cases: { name: string; dataset: string; step: StepName; params: Record<string, unknown>; hand: (src: string) => string }[] = [
      { name: 'exact dedup (flights-3m, all columns)', dataset: 'flights', step: 'removeDuplicates', params: { mode: 'exact' }, hand: (src) => `SELECT DISTINCT * FROM ${src}` },
      {
        name: 'coerce text → double (3M loosely written numbers)',
        dataset: 'amounts',
        step: 'coerceType',
        params: { column: 'amount', to: 'double' },
        hand: (src) =>
          `SELECT id, CASE WHEN amount ~ '^\\s*-?\\$?[0-9,]+(\\.[0-9]+)?%?\\s*$' THEN replace(replace(replace(amount, ',', ''), '$', ''), '%', '')::float8 END AS amount FROM ${src}`,
      },
    ];
    const out: Record<string, string | number>[] = [];
    for (const c of cases) {
      const hand: number[] = [];
      const stepSql: number[] = [];
      const full: number[] = [];
      for (let r = 0; r < REPS; r++) {
        const ds = (await readDataset(wh, c.dataset))!;
        const src = tableRef(ds.tableName);
        hand.push(await secs(() => wh.transaction(async (tx) => {
          await tx.query(`CREATE TABLE warehouse.bench_hand AS ${c.hand(src)}`);
          await tx.query(`DROP TABLE warehouse.bench_hand`);
        })));
        stepSql.push(await secs(() => wh.transaction(async (tx) => {
          await tx.query(`SELECT set_config('synchronize_seqscans', 'off', true)`);
          const sql = await buildStepSql(c.step, validateStep(c.step, c.params, ds), { db: tx, source: src, dataset: ds, purpose: 'apply' });
          await tx.query(`CREATE TABLE warehouse.bench_step AS ${applySelect(sql)}`, sql.params.values);
          await sql.finish?.(tx, { ref: 'warehouse.bench_step', schema: 'warehouse', name: 'bench_step' });
          await tx.query(`DROP TABLE warehouse.bench_step`);
        })));
        if (r === REPS - 1) {
          // The real step, once (it makes a new version): statistics, CREATE TABLE, re-profile, catalog.
          full.push(await secs(() => cleaning.runStep({ dataset: c.dataset, step: c.step, params: c.params, by: 'bench' })));
        }
      }
      const h = Math.min(...hand);
      const s = Math.min(...stepSql);
      const f = Math.min(...full);
      out.push({ operation: c.name, 'hand-written s': h, 'step SQL s': s, 'step/hand': s / h, 'full step s': f, 'full/hand': f / h, target: '≤ 1.50×', verdict: s / h <= 1.5 ? 'within' : 'OVER' });
    }
    // What the re-profile alone costs on a 3M-row table, for reading the "full step" column.
    const cur = (await readDataset(wh, 'flights'))!;
    const profS = await secs(() => profileTable(wh, 'warehouse', cur.tableName, cur.columns.map((x) => ({ name: x.name, type: x.type }))));
    printTable(`Cleaning as set-based SQL vs hand-written SQL (real Postgres, ${REPS} runs each, fastest shown)`, out);
    console.log(`\nre-profiling the ${cur.rowCount}-row flights table alone: ${profS.toFixed(2)} s`);
  } finally {
    await wh.close();
    await db.drop();
  }
}

/** A 3M-row dataset whose text column holds numbers written loosely ("1,234.50", "$12.00", "7%", "n/a"), registered in the catalog. */
async function makeAmounts(wh: Warehouse): Promise<void> {
  await wh.query(`CREATE TABLE warehouse.ds_amounts AS SELECT i::int AS id, CASE i % 20
      WHEN 0 THEN 'n/a' WHEN 1 THEN '$' || to_char((i % 100000) / 100.0, 'FM999,990.00') WHEN 2 THEN ((i % 90) + 1) || '%'
      ELSE to_char((i * 7919 % 10000000) / 100.0, 'FM999,999,990.00') END AS amount
    FROM generate_series(1::bigint, ${ROWS}::bigint) i`);
  const cols = [{ name: 'id', type: 'integer' as const }, { name: 'amount', type: 'text' as const }];
  const p = await profileTable(wh, 'warehouse', 'ds_amounts', cols);
  const [d] = await wh.query<{ id: string }>(`INSERT INTO catalog.datasets (name, label, table_name, row_count) VALUES ('amounts', 'amounts', 'ds_amounts', $1) RETURNING id`, [p.rowCount]);
  for (const [i, c] of cols.entries()) {
    await wh.query(`INSERT INTO catalog.columns (dataset_id, position, name, label, sql_type, role, stats) VALUES ($1, $2, $3, $3, $4, $5, $6::jsonb)`, [d!.id, i, c.name, c.type, i ? 'dimension' : 'identifier', JSON.stringify(p.stats[i])]);
  }
}

await main();
