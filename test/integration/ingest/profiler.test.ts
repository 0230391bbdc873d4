import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXACT_PROFILE_ROWS, grainWindow, profileTable } from '../../../src/ingest/profiler.js';
import { createLogger } from '../../../src/shared/logger.js';
import { Warehouse } from '../../../src/warehouse/warehouse.js';
import { testTargets } from '../../support/targets.js';

describe('grainWindow', () => {
  it('takes the middle buckets holding about 100k rows; none without a histogram', () => {
    const bounds = Array.from({ length: 101 }, (_, i) => String(i));
    expect(grainWindow(bounds, 1_000_000)).toEqual({ lo: '45', hi: '55' });
    expect(grainWindow(bounds, 50_000_000)).toEqual({ lo: '49', hi: '50' });
    expect(grainWindow(bounds, 100_000)).toEqual({ lo: '0', hi: '100' });
    expect(grainWindow(null, 1_000_000)).toBeNull();
  });
});

// A table above the exact-profile size, its rows in random order: the grain comes from a window of
// values (every row in it), not from a slice of rows, so the shuffle does not stretch the gaps.
const ROWS = EXACT_PROFILE_ROWS + 100_000;

describe.each(testTargets())('profiling a large table ($kind)', (target) => {
  let wh: Warehouse;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const db = await target.fresh();
    drop = db.drop;
    wh = await Warehouse.open({ databaseUrl: db.config.databaseUrl, dataDir: db.config.dataDir, logger: createLogger('silent') });
    await wh.migrate();
    await wh.query(`CREATE TABLE warehouse.big AS
      SELECT i AS id, timestamp '2020-01-01' + i * interval '1 minute' AS at,
             date '2000-01-01' + (i % 120) * interval '1 month' AS month, (i % 7)::text AS kind
      FROM generate_series(1, ${ROWS}) i ORDER BY md5(i::text)`);
  }, 600_000);
  afterAll(async () => {
    await wh?.close();
    await drop?.();
  });

  it('counts every row in one scan, estimates distinct values and reads each time column\'s grain', async () => {
    const p = await profileTable(wh, 'warehouse', 'big', [
      { name: 'id', type: 'integer' }, { name: 'at', type: 'timestamp' }, { name: 'month', type: 'timestamp' }, { name: 'kind', type: 'text' },
    ], 3);
    expect(p.rowCount).toBe(ROWS);
    const [id, at, month, kind] = p.stats;
    expect(id!.distinctApprox).toBe(true);
    expect(id!.distinctCount).toBeGreaterThan(0.5 * ROWS);
    expect(at!.grain).toBe('minute');
    expect(at!.minTime).toBe('2020-01-01T00:01:00');
    // 120 distinct months: all in ANALYZE's most-common list, no histogram; the whole column is read.
    expect(month!.grain).toBe('month');
    expect(kind!.distinctCount).toBe(7);
    expect(kind!.topValues).toHaveLength(7);
  }, 600_000);
});
