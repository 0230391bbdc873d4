import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestService } from '../../../src/ingest/ingestService.js';
import { MERGE_MIN_ROWS, canMergeProfile, mergeColumnStats } from '../../../src/ingest/profileMerge.js';
import { profileTable } from '../../../src/ingest/profiler.js';
import type { SqlType } from '../../../src/shared/catalog.js';
import { createLogger } from '../../../src/shared/logger.js';
import { Warehouse } from '../../../src/warehouse/warehouse.js';
import { seeded } from '../../support/dirty.js';
import { testTargets } from '../../support/targets.js';

const COLS: { name: string; type: SqlType }[] = [
  { name: 'id', type: 'integer' },
  { name: 'amount', type: 'double' },
  { name: 'city', type: 'text' },
  { name: 'at', type: 'timestamp' },
  { name: 'ok', type: 'boolean' },
];
const CITIES = ['Boston', 'Denver', 'Austin', 'Reno', 'Miami'];

/** Rows with a seeded mix of values and nulls; ids start at `from`. */
function rows(from: number, n: number, seed: number): string {
  const rnd = seeded(seed);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const amount = rnd() < 0.1 ? '' : (rnd() * 200 - 20).toFixed(2);
    const city = rnd() < 0.05 ? '' : CITIES[Math.floor(rnd() * CITIES.length)]!;
    const at = new Date(Date.UTC(2024, 0, 1) + Math.floor(rnd() * 400) * 3_600_000).toISOString().replace('.000Z', '');
    out.push(`${from + i},${amount},${city},${at},${rnd() < 0.5}`);
  }
  return out.join('\n');
}

describe.each(testTargets())('an append merges the batch profile into the dataset profile ($kind)', (target) => {
  let wh: Warehouse;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const db = await target.fresh();
    drop = db.drop;
    wh = await Warehouse.open({ databaseUrl: db.config.databaseUrl, dataDir: db.config.dataDir, logger: createLogger('silent') });
    await wh.migrate();
  });
  afterAll(async () => {
    await wh?.close();
    await drop?.();
  });

  const table = async (name: string, body: string) => {
    await wh.query(`CREATE TABLE warehouse.${name} (id integer, amount double precision, city text, at timestamp, ok boolean)`);
    const values = body.split('\n').map((l) => l.split(','));
    for (let i = 0; i < values.length; i += 500) {
      const part = values.slice(i, i + 500);
      const params: unknown[] = [];
      const tuples = part.map((r) => `(${r.map((v) => (params.push(v === '' ? null : v), `$${params.length}`)).join(', ')})`);
      await wh.query(`INSERT INTO warehouse.${name} VALUES ${tuples.join(', ')}`, params);
    }
  };

  it('gives the figures a whole profile gives: counts, range, mean, spread, shares, times, top values', async () => {
    await table('m_old', rows(1, 3000, 1));
    await table('m_new', rows(3001, 200, 2));
    await wh.query(`CREATE TABLE warehouse.m_all AS SELECT * FROM warehouse.m_old UNION ALL SELECT * FROM warehouse.m_new`);
    const [a, b, all] = await Promise.all(['m_old', 'm_new', 'm_all'].map((t) => profileTable(wh, 'warehouse', t, COLS)));
    for (const [i, c] of COLS.entries()) {
      const merged = mergeColumnStats(a!.stats[i]!, b!.stats[i]!, a!.rowCount, b!.rowCount);
      const whole = all!.stats[i]!;
      expect(merged.nullCount, c.name).toBe(whole.nullCount);
      expect([merged.min, merged.max, merged.minTime, merged.maxTime, merged.nonNegative], c.name).toEqual([whole.min, whole.max, whole.minTime, whole.maxTime, whole.nonNegative]);
      for (const k of ['mean', 'stddev', 'integralShare', 'avgLength'] as const) {
        if (whole[k] == null) expect(merged[k] ?? null, `${c.name}.${k}`).toBeNull();
        else expect(merged[k], `${c.name}.${k}`).toBeCloseTo(whole[k]!, 9);
      }
      // Few distinct values: both lists hold them all, so the merged list is exact.
      if (c.name === 'city' || c.name === 'ok') expect(merged.topValues, c.name).toEqual(whole.topValues);
    }
    // Distinct counts are estimated: exact for the identifier and the category here.
    expect(mergeColumnStats(a!.stats[0]!, b!.stats[0]!, a!.rowCount, b!.rowCount).distinctCount).toBe(all!.stats[0]!.distinctCount);
    expect(mergeColumnStats(a!.stats[2]!, b!.stats[2]!, a!.rowCount, b!.rowCount).distinctCount).toBe(all!.stats[2]!.distinctCount);
  });

  it('merges small batches on a large dataset and profiles whole again once they add up to a tenth of it', async () => {
    const ingest = new IngestService(wh, createLogger('silent'));
    const header = 'id,amount,city,at,ok\n';
    const stream = (s: string) => ({ kind: 'stream' as const, stream: Readable.from([Buffer.from(header + s + '\n')]) });
    await ingest.ingest({ name: 'big', input: stream(rows(1, MERGE_MIN_ROWS, 3)) });
    const state = async () => {
      const [d] = await wh.query<{ row_count: number; appended: number }>(`SELECT row_count::float8 AS row_count, appended_since_profile::float8 AS appended FROM catalog.datasets WHERE name = 'big'`);
      const [c] = await wh.query<{ stats: { nullCount: number; distinctApprox: boolean; max: number } }>(`SELECT c.stats FROM catalog.columns c JOIN catalog.datasets d ON d.id = c.dataset_id WHERE d.name = 'big' AND c.name = 'id'`);
      return { rows: Number(d!.row_count), appended: Number(d!.appended), idMax: c!.stats.max, approx: c!.stats.distinctApprox };
    };
    await ingest.ingest({ name: 'big', append: true, input: stream(rows(MERGE_MIN_ROWS + 1, 6000, 4)) });
    expect(await state()).toEqual({ rows: MERGE_MIN_ROWS + 6000, appended: 6000, idMax: MERGE_MIN_ROWS + 6000, approx: true });
    // 6,000 + 5,000 is more than a tenth of the 100,000 rows last profiled whole.
    await ingest.ingest({ name: 'big', append: true, input: stream(rows(MERGE_MIN_ROWS + 6001, 5000, 5)) });
    expect(await state()).toEqual({ rows: MERGE_MIN_ROWS + 11000, appended: 0, idMax: MERGE_MIN_ROWS + 11000, approx: false });
  }, 120_000);
});

describe('canMergeProfile', () => {
  it('merges only small shares on large datasets', () => {
    expect(canMergeProfile(MERGE_MIN_ROWS - 1, 0, 10)).toBe(false);
    expect(canMergeProfile(200_000, 0, 20_000)).toBe(true);
    expect(canMergeProfile(200_000, 0, 20_001)).toBe(false);
    // 10,000 already appended: the last whole profile saw 190,000 rows.
    expect(canMergeProfile(200_000, 10_000, 9_000)).toBe(true);
    expect(canMergeProfile(200_000, 10_000, 9_001)).toBe(false);
  });
});
