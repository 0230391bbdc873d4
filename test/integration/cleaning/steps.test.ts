import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwardFill, imputeMean, imputeMedian, interpolateLinear } from '../../../src/cleaning/impute.js';
import { flagOutliers, iqrFences, madFences } from '../../../src/cleaning/outliers.js';
import { convertCell, coerceTypeSchema } from '../../../src/cleaning/steps/coerceType.js';
import { formatResult } from '../../../src/cli/cleanCommands.js';
import { testTargets } from '../../support/targets.js';
import { createDataset, fingerprint, openEnv, rowsOf, type Cell, type Env } from './support.js';

const PEOPLE_COLS = [
  { name: 'id', type: 'integer' },
  { name: 'name', type: 'text' },
  { name: 'city', type: 'text' },
  { name: 'amount', type: 'text' },
  { name: 'score', type: 'double' },
  { name: 'day', type: 'date' },
] as const;

// Dirty on purpose: exact repeats (rows 2 and 9, 5 and 10), city variants, numbers as text, gaps, an outlier.
const PEOPLE: Cell[][] = [
  [1, 'Ann Lee', 'New York', '1,234.50', 10, '2024-01-01'],
  [2, 'Bob Stone', 'new york ', '$5.00', null, '2024-01-02'],
  [3, 'Cara Diaz', 'Boston', '12%', 14, '2024-01-03'],
  [4, 'Dan Wu', 'NEW YORK', '3 kg', null, '2024-01-04'],
  [5, 'Eve Park', 'Boston', 'abc', 20, '2024-01-05'],
  [6, 'Finn Cole', 'boston', 'N/A', 22, '2024-01-06'],
  [7, 'Gus Hale', 'Chicago', null, 500, '2024-01-07'],
  [8, 'Hana Ito', 'Chicago', '7', 18, '2024-01-09'],
  [2, 'Bob Stone', 'new york ', '$5.00', null, '2024-01-02'],
  [5, 'Eve Park', 'Boston', 'abc', 20, '2024-01-05'],
  [9, 'Ivy Moss', 'Chicago', '(1,200)', 16, '2024-01-10'],
  [10, 'Jon Roe', 'New York', '0.5', 12, '2024-01-11'],
];

describe.each(testTargets())('cleaning steps on $kind', (target) => {
  let env: Env;
  let n = 0;
  const fresh = async (rows: Cell[][] = PEOPLE): Promise<string> => {
    const name = `people_${++n}`;
    await createDataset(env.wh, name, PEOPLE_COLS.map((c) => ({ ...c })), rows);
    return name;
  };

  beforeAll(async () => {
    env = await openEnv(target);
  }, 180_000);
  afterAll(async () => env?.close());

  it('removeDuplicates exact keeps the first of each group, in row order', async () => {
    const ds = await fresh();
    const r = await env.cleaning.runStep({ dataset: ds, step: 'removeDuplicates', params: { mode: 'exact' } });
    expect(r.counts).toEqual({ rowsBefore: 12, rowsAfter: 10, affected: 2, failed: 0 });
    expect(r.version).toBe(2);
    const seen = new Set<string>();
    const expected = PEOPLE.filter((row) => (seen.has(JSON.stringify(row)) ? false : (seen.add(JSON.stringify(row)), true)));
    expect((await rowsOf(env.wh, ds)).map((x) => x.id)).toEqual(expected.map((row) => row[0]));
  });

  it('removeDuplicates by key keeps the last by an order column, or the most complete', async () => {
    const ds = await fresh();
    const last = await env.cleaning.runStep({ dataset: ds, step: 'removeDuplicates', params: { mode: 'key', columns: ['city'], keep: 'last', orderBy: 'day' } });
    expect(last.counts.rowsAfter).toBe(6); // distinct cities as written
    // Independent reference: per city the latest day wins, later rows winning ties; survivors keep table order.
    const best = new Map<string, number>();
    PEOPLE.forEach((row, i) => {
      const b = best.get(row[2] as string);
      if (b === undefined || String(row[5]) >= String(PEOPLE[b]![5])) best.set(row[2] as string, i);
    });
    const want = [...best.values()].sort((a, b) => a - b).map((i) => PEOPLE[i]![0]);
    expect((await rowsOf(env.wh, ds)).map((r) => r.id)).toEqual(want);
  });

  it('removeDuplicates most_complete prefers the row with more values', async () => {
    const ds = await fresh([
      [1, 'A', 'X', null, null, '2024-01-01'],
      [1, 'A', 'X', '5', 3, '2024-01-01'],
      [2, 'B', 'Y', 'N/A', 1, null],
      [2, 'B', 'Y', '4', 1, null],
    ]);
    await env.cleaning.runStep({ dataset: ds, step: 'removeDuplicates', params: { mode: 'key', columns: ['id'], keep: 'most_complete' } });
    expect((await rowsOf(env.wh, ds)).map((r) => r.amount)).toEqual(['5', '4']);
  });

  it('removeDuplicates fuzzy removes near-identical records', async () => {
    const ds = await fresh([
      [1, 'Jonathan Smith', 'Boston', '1', 1, '2024-01-01'],
      [2, 'Jonathon Smith', 'Boston', '1', 1, '2024-01-01'],
      [3, 'Maria Garcia', 'Denver', '2', 2, '2024-01-02'],
      [4, 'Maria Garcia ', 'Denver', '2', 2, '2024-01-02'],
      [5, 'Peter Jones', 'Austin', '3', 3, '2024-01-03'],
    ]);
    const p = await env.cleaning.runStep({ dataset: ds, step: 'removeDuplicates', params: { mode: 'fuzzy', columns: ['name', 'city'], threshold: 0.9 }, preview: true });
    expect(p.counts.affected).toBe(2);
    expect(p.sample.map((s) => s.before!.id).sort()).toEqual([2, 4]);
    await env.cleaning.runStep({ dataset: ds, step: 'removeDuplicates', params: { mode: 'fuzzy', columns: ['name', 'city'], threshold: 0.9 } });
    expect((await rowsOf(env.wh, ds)).map((r) => r.id)).toEqual([1, 3, 5]);
  });

  it('standardizeValues merges case and spacing variants (fingerprint) and applies a mapping', async () => {
    const ds = await fresh();
    const r = await env.cleaning.runStep({ dataset: ds, step: 'standardizeValues', params: { column: 'city', method: 'fingerprint' } });
    const cities = (await rowsOf(env.wh, ds)).map((x) => x.city);
    expect(new Set(cities)).toEqual(new Set(['New York', 'Boston', 'Chicago']));
    // Rows changed: 'new york ' ×2, 'NEW YORK', 'boston'.
    expect(r.counts.affected).toBe(4);
    await env.cleaning.runStep({ dataset: ds, step: 'standardizeValues', params: { column: 'city', method: 'mapping', mapping: { Chicago: null, Boston: 'BOS' } } });
    const after = (await rowsOf(env.wh, ds)).map((x) => x.city);
    expect(after.filter((c) => c === null)).toHaveLength(3);
    expect(after.filter((c) => c === 'BOS')).toHaveLength(4);
  });

  it('trimAndCase tidies every listed column', async () => {
    const ds = await fresh();
    const r = await env.cleaning.runStep({ dataset: ds, step: 'trimAndCase', params: { columns: ['city', 'name'], case: 'upper' } });
    const rows = await rowsOf(env.wh, ds);
    expect(rows.map((x) => x.city)).toEqual(PEOPLE.map((p) => String(p[2]).trim().toUpperCase()));
    expect(rows[0]!.name).toBe('ANN LEE');
    expect(r.counts.affected).toBe(12);
  });

  it('coerceType parses loose numbers in SQL exactly as the pure parser, counting failures', async () => {
    const ds = await fresh();
    const pre = await fingerprint(env.wh, ds);
    const p = await env.cleaning.runStep({ dataset: ds, step: 'coerceType', params: { column: 'amount', to: 'double' }, preview: true });
    expect(await fingerprint(env.wh, ds)).toEqual(pre);
    expect(p.counts.failed).toBe(2); // 'abc' twice; 'N/A' is a null marker, not a failure
    const r = await env.cleaning.runStep({ dataset: ds, step: 'coerceType', params: { column: 'amount', to: 'double' } });
    expect(r.counts.failed).toBe(2);
    const got = (await rowsOf(env.wh, ds)).map((x) => x.amount);
    expect(got).toEqual([1234.5, 5, 12, 3, null, null, null, 7, 5, null, -1200, 0.5]);
    const [col] = await env.wh.query<{ sql_type: string; role: string }>(`SELECT c.sql_type, c.role FROM catalog.columns c JOIN catalog.datasets d ON d.id = c.dataset_id WHERE d.name = $1 AND c.name = 'amount'`, [ds]);
    expect(col).toEqual({ sql_type: 'double', role: 'measure' });
  });

  it('coerceType: the SQL fast path and the pure parser agree on many number shapes', async () => {
    const shapes = ['0', '-0', '7', '42', '-42', '1,234', '12,345,678', '1,234.5', '$1,234.56', '-$5', '$ 5', '€3.10', '£0.99', '12%', '12.5 %', ' 8 ', '1.2.3', '1,23', '12,34,567',
      '.5', '5.', '1e3', '(7)', '1.234,5', '3 kg', '10k', '+4', '−3', 'abc', '', '-', '99999999999', '2147483647', '2147483648', '1.0', '1.50', '\t12\t', ' -$1,234.5% ', '$-5', '- 5', '1,234 %'];
    const rows: Cell[][] = shapes.map((s, i) => [i, 'x', 'y', s, 1, '2024-01-01']);
    for (const to of ['double', 'integer', 'bigint', 'numeric'] as const) {
      for (const percent of ['number', 'fraction'] as const) {
        const ds = await fresh(rows);
        await env.cleaning.runStep({ dataset: ds, step: 'coerceType', params: { column: 'amount', to, percent } });
        const got = (await rowsOf(env.wh, ds)).map((x) => (x.amount === null ? null : Number(x.amount) + 0));
        const p = coerceTypeSchema.parse({ column: 'amount', to, percent });
        const want = shapes.map((s) => {
          const c = convertCell(s, p);
          return c.ok ? Number(c.value) + 0 : null;
        });
        expect({ to, percent, got }).toEqual({ to, percent, got: want });
      }
    }
  });

  it('imputeMissing mean, median and forward fill match the pure functions', async () => {
    const scores = PEOPLE.map((p) => p[4] as number | null);
    for (const method of ['mean', 'median'] as const) {
      const ds = await fresh();
      const r = await env.cleaning.runStep({ dataset: ds, step: 'imputeMissing', params: { column: 'score', method } });
      expect(r.counts.affected).toBe(3);
      const want = (method === 'mean' ? imputeMean(scores) : imputeMedian(scores)).values;
      expect((await rowsOf(env.wh, ds)).map((x) => x.score)).toEqual(want);
    }
    const ds = await fresh();
    await env.cleaning.runStep({ dataset: ds, step: 'imputeMissing', params: { column: 'score', method: 'forward_fill', orderBy: 'day' } });
    const order = PEOPLE.map((p) => Date.parse(String(p[5])));
    expect((await rowsOf(env.wh, ds)).map((x) => x.score)).toEqual(forwardFill(scores, order).values);
  });

  it('imputeMissing linear interpolates along time, as the pure function does', async () => {
    const rows: Cell[][] = [
      [1, 'a', 'c', '1', null, '2024-01-01'],
      [2, 'a', 'c', '1', 10, '2024-01-02'],
      [3, 'a', 'c', '1', null, '2024-01-03'],
      [4, 'a', 'c', '1', null, '2024-01-05'],
      [5, 'a', 'c', '1', 40, '2024-01-06'],
      [6, 'a', 'c', '1', null, '2024-01-08'],
      [7, 'a', 'c', '1', 20, '2024-01-04'],
    ];
    for (const edges of ['leave', 'nearest'] as const) {
      const ds = await fresh(rows);
      await env.cleaning.runStep({ dataset: ds, step: 'imputeMissing', params: { column: 'score', method: 'linear', edges } });
      const want = interpolateLinear(rows.map((r) => r[4] as number | null), rows.map((r) => Date.parse(String(r[5]))), edges).values;
      const got = (await rowsOf(env.wh, ds)).map((x) => x.score as number | null);
      expect(got.map((v) => (v === null ? null : Math.round(v * 1e9) / 1e9))).toEqual(want.map((v) => (v === null ? null : Math.round(v * 1e9) / 1e9)));
    }
    // Known answer: day 3 lies between (2, 10) and (4, 20) → 15; day 5 between (4, 20) and (6, 40) → 30.
    const ds = await fresh(rows);
    await env.cleaning.runStep({ dataset: ds, step: 'imputeMissing', params: { column: 'score', method: 'linear' } });
    expect((await rowsOf(env.wh, ds)).map((x) => x.score)).toEqual([null, 10, 15, 30, 40, null, 20]);
  });

  it('coerceType counts the values it changes, and the quality finding says the same number', async () => {
    const ds = await fresh();
    const q = await env.cleaning.dataQuality(ds, {});
    const finding = q.findings.find((f) => f.kind === 'wrong_type' && f.column === 'amount')!;
    const p = await env.cleaning.runStep({ dataset: ds, step: 'coerceType', params: finding.fix!.params, preview: true });
    const r = await env.cleaning.runStep({ dataset: ds, step: 'coerceType', params: finding.fix!.params });
    // 11 non-null cells; '7' and '0.5' already read as doubles, the other 9 are rewritten or become null.
    expect([finding.count, p.counts.affected, r.counts.affected]).toEqual([9, 9, 9]);
    expect(p.sample.every((s) => s.changes.length === 1 && s.changes[0]!.column === 'amount')).toBe(true);
  });

  it('handleOutliers: two methods flag in turn (two flag columns), and a flagged column is not reported again', async () => {
    const ds = await fresh();
    const before = await env.cleaning.dataQuality(ds, {});
    expect(before.findings.filter((f) => f.kind === 'outliers' && f.column === 'score')).toHaveLength(1);
    await env.cleaning.runStep({ dataset: ds, step: 'handleOutliers', params: { column: 'score', method: 'iqr', action: 'flag' } });
    await env.cleaning.runStep({ dataset: ds, step: 'handleOutliers', params: { column: 'score', method: 'mad', action: 'flag' } });
    const rows = await rowsOf(env.wh, ds);
    expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining(['score_outlier', 'score_outlier_mad']));
    expect(rows.map((x) => x.score_outlier_mad)).toEqual(flagOutliers(PEOPLE.map((p) => p[4] as number | null), madFences(PEOPLE.map((p) => p[4] as number | null))));
    const after = await env.cleaning.dataQuality(ds, {});
    expect(after.findings.filter((f) => f.kind === 'outliers' && f.column === 'score')).toEqual([]);
  });

  it('handleOutliers: IQR and MAD fences equal the pure ones; flag, cap and remove', async () => {
    const scores = PEOPLE.map((p) => p[4] as number | null);
    const f = iqrFences(scores);
    const ds = await fresh();
    const flag = await env.cleaning.runStep({ dataset: ds, step: 'handleOutliers', params: { column: 'score', action: 'flag' } });
    expect(flag.details.lower).toBeCloseTo(f.lower, 9);
    expect(flag.details.upper).toBeCloseTo(f.upper, 9);
    expect((await rowsOf(env.wh, ds)).map((x) => x.score_outlier)).toEqual(flagOutliers(scores, f));
    const m = madFences(scores);
    const ds2 = await fresh();
    const cap = await env.cleaning.runStep({ dataset: ds2, step: 'handleOutliers', params: { column: 'score', method: 'mad', action: 'cap' } });
    expect(cap.details.upper).toBeCloseTo(m.upper, 9);
    expect(cap.counts.affected).toBe(1);
    expect((await rowsOf(env.wh, ds2)).map((x) => x.score)).toEqual(scores.map((v) => (v === null ? null : Math.min(Math.max(v, m.lower), m.upper))));
    const ds3 = await fresh();
    const rm = await env.cleaning.runStep({ dataset: ds3, step: 'handleOutliers', params: { column: 'score', action: 'remove' } });
    expect(rm.counts).toMatchObject({ rowsBefore: 12, rowsAfter: 11, affected: 1 });
    expect((await rowsOf(env.wh, ds3)).some((x) => x.score === 500)).toBe(false);
  });

  it('renameColumn and dropColumns change the schema and the catalog', async () => {
    const ds = await fresh();
    await env.cleaning.runStep({ dataset: ds, step: 'renameColumn', params: { column: 'amount', newName: 'amount_text' } });
    await env.cleaning.runStep({ dataset: ds, step: 'dropColumns', params: { columns: ['day', 'score'] } });
    const fp = await fingerprint(env.wh, ds);
    expect(fp.columns).toBe('id:integer,name:text,city:text,amount_text:text');
    expect(fp.version).toBe(3);
    expect(Object.keys((await rowsOf(env.wh, ds))[0]!)).toEqual(['id', 'name', 'city', 'amount_text']);
  });

  it('a preview writes nothing and shows before/after rows', async () => {
    const ds = await fresh();
    const pre = await fingerprint(env.wh, ds);
    const r = await env.cleaning.runStep({ dataset: ds, step: 'standardizeValues', params: { column: 'city', method: 'fingerprint' }, preview: true });
    expect(r).toMatchObject({ preview: true, applied: false, version: null });
    expect(r.counts.affected).toBe(4);
    expect(r.sample).toHaveLength(4);
    for (const s of r.sample) {
      expect(s.after!.city).not.toEqual(s.before!.city);
      // The changed cells alone, named.
      expect(s.changes).toEqual([{ column: 'city', before: s.before!.city, after: s.after!.city }]);
    }
    expect(r.message).toContain('nothing was written');
    // The CLI prints those cells, not the rows cut at 100 characters.
    const text = formatResult(r);
    expect(text).toMatch(/^row\s+column\s+before\s+after\s*$/m);
    expect(text).toMatch(/^1\s+city\s+"/m);
    expect(text).toContain('"new york "');
    expect(text).not.toContain('"name"');
    expect(await fingerprint(env.wh, ds)).toEqual(pre);
  });
});
