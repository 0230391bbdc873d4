import { Readable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayRecipeOnBatch } from '../../../src/cleaning/batchReplay.js';
import { readDataset } from '../../../src/cleaning/versionStore.js';
import { IngestService } from '../../../src/ingest/ingestService.js';
import { isAppError } from '../../../src/shared/errors.js';
import { createLogger } from '../../../src/shared/logger.js';
import { testTargets } from '../../support/targets.js';
import { DEFAULT_TENANT } from '../../../src/auth/principal.js';
import { createDataset, fingerprint, openEnv, rowsOf, type Cell, type Env } from './support.js';

const COLS = [
  { name: 'id', type: 'integer' as const },
  { name: 'city', type: 'text' as const },
  { name: 'amount', type: 'text' as const },
  { name: 'score', type: 'double' as const },
  { name: 'empty', type: 'double' as const },
  { name: 'day', type: 'date' as const },
];
const ROWS: Cell[][] = [
  [1, 'Boston', '10', 1.5, null, '2024-01-01'],
  [2, 'boston', '$20', 2.5, null, '2024-01-02'],
  [3, 'Denver', 'twelve', 3.5, null, '2024-01-03'],
  [4, 'Denver', '40', 100, null, '2024-01-04'],
  [5, 'Austin', '50', 4.5, null, '2024-01-05'],
];

/** The error a call throws (fails the test when it does not throw). */
async function errorOf(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    if (isAppError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected an error');
}

describe.each(testTargets())('cleaning rejects bad input and leaves the dataset as it was ($kind)', (target) => {
  let env: Env;
  let n = 0;
  const tables = async () => (await env.wh.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'warehouse' ORDER BY 1`)).map((r) => r.t);
  const fresh = async () => {
    const name = `bad_${++n}`;
    await createDataset(env.wh, name, COLS, ROWS);
    return name;
  };
  /** Runs a failing call and checks code, message and that nothing changed. */
  const rejects = async (ds: string, call: () => Promise<unknown>, code: string, message: RegExp) => {
    const before = await fingerprint(env.wh, ds);
    const t = await tables();
    const e = await errorOf(call());
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
    expect(await fingerprint(env.wh, ds)).toEqual(before);
    expect(await tables()).toEqual(t);
  };

  beforeAll(async () => {
    env = await openEnv(target, 500);
  }, 300_000);
  afterAll(async () => env?.close());

  it('a column that does not exist', async () => {
    const ds = await fresh();
    await rejects(ds, () => env.cleaning.runStep({ dataset: ds, step: 'trimAndCase', params: { columns: ['cty'] } }), 'UNKNOWN_COLUMN', /column 'cty'.*does not exist.*did you mean 'city'/);
    await rejects(ds, () => env.cleaning.runStep({ dataset: ds, step: 'imputeMissing', params: { column: 'score', method: 'linear', orderBy: 'dya' } }), 'UNKNOWN_COLUMN', /'dya' \(parameter 'orderBy'\)/);
  });

  it('a column of the wrong type', async () => {
    const ds = await fresh();
    await rejects(ds, () => env.cleaning.runStep({ dataset: ds, step: 'handleOutliers', params: { column: 'city', action: 'cap' } }), 'TYPE_MISMATCH', /'city' is text; outliers are found in numeric columns/);
    await rejects(ds, () => env.cleaning.runStep({ dataset: ds, step: 'standardizeValues', params: { column: 'score', method: 'fingerprint' } }), 'TYPE_MISMATCH', /'score' is double/);
    await rejects(ds, () => env.cleaning.runStep({ dataset: ds, step: 'imputeMissing', params: { column: 'score', method: 'constant', value: 'high' } }), 'TYPE_MISMATCH', /"high" does not fit column 'score'/);
  });

  it('a threshold out of range, an unknown step and an unknown parameter', async () => {
    const ds = await fresh();
    await rejects(ds, () => env.cleaning.runStep({ dataset: ds, step: 'removeDuplicates', params: { mode: 'fuzzy', columns: ['city'], threshold: 1.5 } }), 'BAD_INPUT', /parameter 'threshold'/);
    await rejects(ds, () => env.cleaning.runStep({ dataset: ds, step: 'handleOutliers', params: { column: 'score', action: 'cap', k: -1 } }), 'BAD_INPUT', /parameter 'k'/);
    await rejects(ds, () => env.cleaning.runStep({ dataset: ds, step: 'dedupe', params: {} }), 'BAD_INPUT', /unknown cleaning step 'dedupe'/);
    await rejects(ds, () => env.cleaning.runStep({ dataset: ds, step: 'trimAndCase', params: { columns: ['city'], lowercase: true } }), 'BAD_INPUT', /unknown parameter 'lowercase'/);
  });

  it('imputing a column that is all null', async () => {
    const ds = await fresh();
    await rejects(ds, () => env.cleaning.runStep({ dataset: ds, step: 'imputeMissing', params: { column: 'empty', method: 'mean' } }), 'NOT_ENOUGH_DATA', /'empty' has no non-null values/);
    await rejects(ds, () => env.cleaning.runStep({ dataset: ds, step: 'imputeMissing', params: { column: 'empty', method: 'forward_fill' }, preview: true }), 'NOT_ENOUGH_DATA', /'empty'/);
  });

  it('values that cannot be converted, with onError reject', async () => {
    const ds = await fresh();
    await rejects(ds, () => env.cleaning.runStep({ dataset: ds, step: 'coerceType', params: { column: 'amount', to: 'double', onError: 'reject' } }), 'BAD_INPUT', /1 value\(s\) of 'amount' cannot become double \(e\.g\. "twelve"/);
  });

  it('reverting to a version that does not exist, pruning with keep 0, a dataset that does not exist', async () => {
    const ds = await fresh();
    await env.cleaning.runStep({ dataset: ds, step: 'trimAndCase', params: { columns: ['city'], case: 'title' } });
    await rejects(ds, () => env.cleaning.revert(ds, 7), 'NOT_FOUND', /has no version 7 \(versions: 1, 2\)/);
    await rejects(ds, () => env.cleaning.prune(ds, 0), 'BAD_INPUT', /keep must be a whole number of at least 1/);
    const e = await errorOf(env.cleaning.runStep({ dataset: `${ds}x`, step: 'trimAndCase', params: { columns: ['city'] } }));
    expect(e).toMatchObject({ code: 'DATASET_NOT_FOUND' });
    expect(e.message).toMatch(new RegExp(`did you mean '${ds}'`));
  });

  it('cleaning while a load holds the dataset: the step waits, or fails with CONFLICT after the lock timeout', async () => {
    const ds = await fresh();
    const before = await fingerprint(env.wh, ds);
    // A load's swap: takes the dataset's lock, appends a row, commits after a while.
    const append = env.wh.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('insightql.dataset.' || $2 || '.' || $1))`, [ds, DEFAULT_TENANT]);
      const [d] = await tx.query<{ table_name: string }>(`SELECT table_name FROM catalog.datasets WHERE name = $1`, [ds]);
      await tx.query(`INSERT INTO warehouse."${d!.table_name}" VALUES (6, 'BOSTON', '60', 5.5, NULL, '2024-01-06')`);
      await tx.query(`UPDATE catalog.datasets SET row_count = row_count + 1 WHERE name = $1`, [ds]);
      await new Promise((r) => setTimeout(r, 200));
    });
    await new Promise((r) => setTimeout(r, 50));
    const step = env.cleaning.runStep({ dataset: ds, step: 'standardizeValues', params: { column: 'city', method: 'fingerprint' } });
    await append;
    const r = await step;
    // The step ran after the load: it saw the appended row, nothing was lost.
    expect(r.counts.rowsBefore).toBe(6);
    expect((await rowsOf(env.wh, ds)).map((x) => x.city)).toEqual(['Boston', 'Boston', 'Denver', 'Denver', 'Austin', 'Boston']);
    expect((await fingerprint(env.wh, ds)).version).toBe(before.version + 1);

    if (target.kind !== 'postgres') return; // the embedded database is one session: a second one cannot hold the lock
    const cfg = await env.wh.query<{ db: string }>(`SELECT current_database() AS db`);
    const url = new URL(process.env.INSIGHTQL_TEST_PG!);
    url.pathname = `/${cfg[0]!.db}`;
    const other = new pg.Client({ connectionString: url.toString() });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(`SELECT pg_advisory_xact_lock(hashtext('insightql.dataset.' || $2 || '.' || $1))`, [ds, DEFAULT_TENANT]);
      await rejects(ds, () => env.cleaning.runStep({ dataset: ds, step: 'dropColumns', params: { columns: ['empty'] } }), 'CONFLICT', new RegExp(`dataset '${ds}' is being changed by another cleaning step or load; gave up after waiting 500 ms`));
      await other.query('ROLLBACK');
    } finally {
      await other.end();
    }
  });

  it('an append racing a step that changed the columns fails with CONFLICT and appends nothing', async () => {
    const ds = await fresh();
    const [d] = await env.wh.query<{ id: string; table_name: string }>(`SELECT id, table_name FROM catalog.datasets WHERE name = $1`, [ds]);
    // The batch was staged with the old columns; meanwhile amount became a number.
    await env.wh.query(`CREATE TABLE warehouse._stg_race AS SELECT * FROM warehouse."${d!.table_name}" LIMIT 0`);
    await env.cleaning.runStep({ dataset: ds, step: 'coerceType', params: { column: 'amount', to: 'double' } });
    const before = await fingerprint(env.wh, ds);
    // Staged as the cleaned shape was before the step: its 'amount' is text where the dataset's is now a number.
    const e = await errorOf(env.wh.transaction(async (tx) => replayRecipeOnBatch(tx, { dataset: (await readDataset(tx, ds))!, staging: '_stg_race', shape: 'current' })));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toMatch(/changed while the batch was loading \(columns 'amount'\)/);
    expect(await fingerprint(env.wh, ds)).toEqual(before);
    await env.wh.query(`DROP TABLE warehouse._stg_race`);
  });

  it('two steps at once on one dataset: applied one after the other, no lost update', async () => {
    const ds = await fresh();
    const [a, b] = await Promise.all([
      env.cleaning.runStep({ dataset: ds, step: 'standardizeValues', params: { column: 'city', method: 'fingerprint' } }),
      env.cleaning.runStep({ dataset: ds, step: 'coerceType', params: { column: 'amount', to: 'double' } }),
    ]);
    expect([a.version, b.version].sort()).toEqual([2, 3]);
    const rows = await rowsOf(env.wh, ds);
    expect(rows.map((r) => r.city)).toEqual(['Boston', 'Boston', 'Denver', 'Denver', 'Austin']);
    expect(rows.map((r) => r.amount)).toEqual([10, 20, null, 40, 50]);
    expect((await env.cleaning.recipe(ds)).length).toBe(2);
  });

  it('an appended batch passes through the recipe (real ingest)', async () => {
    const ingest = new IngestService(env.wh, createLogger('silent'));
    const csv = (s: string) => ({ kind: 'stream' as const, stream: Readable.from([Buffer.from(s)]) });
    await ingest.ingest({ name: 'sales', input: csv('region,units\nNorth,10\nnorth ,20\nSouth,30\nSouth,30\nWest,999\n') });
    await env.cleaning.runStep({ dataset: 'sales', step: 'trimAndCase', params: { columns: ['region'], case: 'title' } });
    await env.cleaning.runStep({ dataset: 'sales', step: 'removeDuplicates', params: { mode: 'exact' } });
    await env.cleaning.runStep({ dataset: 'sales', step: 'handleOutliers', params: { column: 'units', method: 'percentile', lower: 0, upper: 0.75, action: 'cap' } });
    const capped = (await rowsOf(env.wh, 'sales')).map((r) => r.units);
    const [lo, hi] = [Math.min(...(capped as number[])), Math.max(...(capped as number[]))];
    await ingest.ingest({ name: 'sales', append: true, input: csv('region,units\n  east,5\nSouth,30\nnorth,5000\n') });
    const rows = await rowsOf(env.wh, 'sales');
    // Title-cased, the repeated South row dropped, 5 and 5000 capped at the fences the step computed.
    expect(rows.slice(capped.length)).toEqual([{ region: 'East', units: lo }, { region: 'North', units: hi }]);
    // percentile_cont(0.75) of 10, 20, 30, 999 is 272.25, capped inward to 272 for an integer column.
    expect([lo, hi]).toEqual([10, 272]);
  });
});
