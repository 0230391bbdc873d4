import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vegaDataDir } from '../../../src/demo/demoLoader.js';
import { startTestServer, type TestServer } from '../../support/testServer.js';
import { testTargets } from '../../support/targets.js';
import { seattleRows } from './demoData.js';

// Date parts through the real `insight` field, on the embedded database and (INSIGHTQL_TEST_PG) on
// Postgres. References are independent of the compiler: hand-written SQL using to_char (not
// EXTRACT) and, for the weather file, the CSV parsed in plain JS.

const INSIGHT = `query($q: InsightQueryInput!) { insight(query: $q) { columns { name type role } rows totalRows description } }`;
const weather = seattleRows();
const isoDow = (d: string): number => ((new Date(`${d}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
const avg = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** A timestamp dataset with every hour, weekday and month: row i is 1003 minutes after row i-1. */
function eventsCsv(): { csv: string; rows: { ts: string; kind: string; amount: number }[] } {
  const rows = Array.from({ length: 700 }, (_, i) => {
    const t = new Date(Date.UTC(2019, 0, 1) + i * 1003 * 60_000);
    return { ts: t.toISOString().slice(0, 19).replace('T', ' '), kind: i % 3 === 0 ? 'a' : 'b', amount: ((i * 37) % 101) + 0.5 };
  });
  return { csv: `ts,kind,amount\n${rows.map((r) => `${r.ts},${r.kind},${r.amount}`).join('\n')}\n`, rows };
}

describe.each(testTargets())('insight date parts over GraphQL ($kind)', (target) => {
  let s: TestServer;
  let dir: string;
  const tables: Record<string, string> = {};
  const events = eventsCsv();
  const sql = async (text: string, values: unknown[] = []) =>
    s.app.services.warehouse.query<any>(text.replaceAll('$W', `warehouse."${tables.weather}"`).replaceAll('$E', `warehouse."${tables.events}"`), values);
  const insight = (q: unknown) => s.gql(INSIGHT, { q });

  beforeAll(async () => {
    s = await startTestServer(target);
    dir = mkdtempSync(join(tmpdir(), 'iq-dp-'));
    writeFileSync(join(dir, 'events.csv'), events.csv);
    await s.app.services.ingest.ingest({ name: 'seattle_weather', input: { kind: 'file', path: join(vegaDataDir(), 'seattle-weather.csv') } });
    await s.app.services.ingest.ingest({ name: 'events', input: { kind: 'file', path: join(dir, 'events.csv') } });
    tables.weather = (await s.app.services.catalog.getCatalogDataset('seattle_weather')).tableName;
    const ev = await s.app.services.catalog.getCatalogDataset('events');
    tables.events = ev.tableName;
    expect(ev.columns.find((c) => c.name === 'ts')?.type).toBe('timestamp');
  }, 120_000);
  afterAll(async () => {
    await s?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('average high in December across all years (date column)', async () => {
    const r = await insight({ dataset: 'seattle_weather', measures: [{ column: 'temp_max', agg: 'AVG' }, { agg: 'COUNT' }], time: { parts: [{ part: 'MONTH', values: [12] }] } });
    expect(r.errors).toBeUndefined();
    const dec = weather.filter((w) => w.date.slice(5, 7) === '12');
    const [ref] = await sql(`SELECT avg(temp_max)::float8 AS v, count(*)::int AS n FROM $W WHERE to_char(date, 'MM') = '12'`);
    const row = r.data.insight.rows[0];
    expect(row.count).toBe(124);
    expect(row.count).toBe(dec.length);
    expect(row.count).toBe(ref.n);
    expect(row.avg_temp_max).toBeCloseTo(avg(dec.map((w) => w.temp_max)), 9);
    expect(row.avg_temp_max).toBeCloseTo(ref.v, 9);
    expect(r.data.insight.description).toContain('in December');
  });

  it('rainfall on weekends (ISO 6 and 7), ANDed with a range and a filter', async () => {
    const r = await insight({
      dataset: 'seattle_weather',
      measures: [{ column: 'precipitation', agg: 'SUM' }, { agg: 'COUNT' }],
      time: { range: { from: '2014-01-01', to: '2015-01-01' }, parts: [{ part: 'DOW', values: [7, 6] }] },
      filter: { column: 'weather', op: 'EQ', value: 'rain' },
    });
    expect(r.errors).toBeUndefined();
    const js = weather.filter((w) => w.date.startsWith('2014') && isoDow(w.date) >= 6 && w.weather === 'rain');
    const [ref] = await sql(`SELECT sum(precipitation)::float8 AS v, count(*)::int AS n FROM $W WHERE date >= '2014-01-01' AND date < '2015-01-01' AND to_char(date, 'ID') IN ('6', '7') AND weather = 'rain'`);
    const row = r.data.insight.rows[0];
    expect(row.count).toBe(js.length);
    expect(row.count).toBe(ref.n);
    expect(row.sum_precipitation).toBeCloseTo(js.reduce((a, w) => a + w.precipitation, 0), 6);
    expect(row.sum_precipitation).toBeCloseTo(ref.v, 9);
    expect(r.data.insight.description).toContain('on Saturdays and Sundays');
  });

  it('the wettest month of the year: grouped by month_of_year, ordered by the measure', async () => {
    const r = await insight({ dataset: 'seattle_weather', measures: [{ column: 'precipitation', agg: 'AVG' }], time: { by: 'MONTH' }, orderBy: [{ field: 'avg_precipitation', direction: 'DESC' }] });
    expect(r.errors).toBeUndefined();
    expect(r.data.insight.columns[0]).toEqual({ name: 'month_of_year', type: 'INTEGER', role: 'TIME' });
    const ref = await sql(`SELECT to_char(date, 'MM')::int AS m, avg(precipitation)::float8 AS v FROM $W GROUP BY 1 ORDER BY v DESC`);
    const rows = r.data.insight.rows;
    expect(rows).toHaveLength(12);
    rows.forEach((row: any, i: number) => {
      expect(row.month_of_year).toBe(ref[i].m);
      const js = weather.filter((w) => Number(w.date.slice(5, 7)) === row.month_of_year).map((w) => w.precipitation);
      expect(row.avg_precipitation).toBeCloseTo(avg(js), 9);
    });
    expect(r.data.insight.description).toContain('by month of year');
    const byName = await insight({ dataset: 'seattle_weather', measures: [{ agg: 'COUNT' }], time: { by: 'QUARTER' }, orderBy: [{ field: 'quarter_of_year', direction: 'DESC' }] });
    expect(byName.errors).toBeUndefined();
    expect(byName.data.insight.rows).toEqual([
      { quarter_of_year: 4, count: 368 },
      { quarter_of_year: 3, count: 368 },
      { quarter_of_year: 2, count: 364 },
      { quarter_of_year: 1, count: 361 },
    ]);
  });

  it('by hour of day on a timestamp column, with a quarter part and a filter', async () => {
    const r = await insight({
      dataset: 'events',
      measures: [{ column: 'amount', agg: 'SUM' }, { agg: 'COUNT' }],
      dimensions: [],
      time: { by: 'HOUR', parts: [{ part: 'QUARTER', values: [1] }] },
      filter: { column: 'kind', op: 'EQ', value: 'a' },
    });
    expect(r.errors).toBeUndefined();
    const ref = await sql(`SELECT to_char(ts, 'HH24')::int AS h, sum(amount)::float8 AS v, count(*)::int AS n FROM $E WHERE to_char(ts, 'Q') = '1' AND kind = 'a' GROUP BY 1 ORDER BY 1`);
    const js = new Map<number, { v: number; n: number }>();
    for (const e of events.rows) {
      if (e.kind !== 'a' || Number(e.ts.slice(5, 7)) > 3) continue;
      const h = Number(e.ts.slice(11, 13));
      const x = js.get(h) ?? { v: 0, n: 0 };
      js.set(h, { v: x.v + e.amount, n: x.n + 1 });
    }
    const rows = r.data.insight.rows;
    expect(rows.map((x: any) => x.hour_of_day)).toEqual(ref.map((x: any) => x.h));
    expect(rows.map((x: any) => x.hour_of_day)).toEqual([...js.keys()].sort((a, b) => a - b));
    rows.forEach((row: any, i: number) => {
      expect(row.count).toBe(ref[i].n);
      expect(row.count).toBe(js.get(row.hour_of_day)!.n);
      expect(row.sum_amount).toBeCloseTo(js.get(row.hour_of_day)!.v, 6);
    });
    expect(rows.length).toBeGreaterThan(12);
  });

  it('hours and days of the month on a timestamp column', async () => {
    const r = await insight({ dataset: 'events', measures: [{ agg: 'COUNT' }], time: { parts: [{ part: 'HOUR', values: [9, 10, 11] }, { part: 'DAY', values: [1, 15] }] } });
    expect(r.errors).toBeUndefined();
    const js = events.rows.filter((e) => [9, 10, 11].includes(Number(e.ts.slice(11, 13))) && [1, 15].includes(Number(e.ts.slice(8, 10)))).length;
    const [ref] = await sql(`SELECT count(*)::int AS n FROM $E WHERE to_char(ts, 'HH24') IN ('09', '10', '11') AND to_char(ts, 'DD') IN ('01', '15')`);
    expect(r.data.insight.rows[0].count).toBe(js);
    expect(r.data.insight.rows[0].count).toBe(ref.n);
    expect(js).toBeGreaterThan(0);
  });

  it('bad date parts are BAD_INPUT naming the path, never an internal error', async () => {
    const month13 = await insight({ dataset: 'seattle_weather', measures: [{ agg: 'COUNT' }], time: { parts: [{ part: 'MONTH', values: [13] }] } });
    expect(month13.errors[0].extensions.code).toBe('BAD_INPUT');
    expect(month13.errors[0].message).toContain('time.parts.0.values.0');
    const both = await insight({ dataset: 'seattle_weather', measures: [{ agg: 'COUNT' }], time: { by: 'MONTH', grain: 'YEAR' } });
    expect(both.errors[0].extensions.code).toBe('BAD_INPUT');
    expect(both.errors[0].message).toContain('time.by');
    const hourOnDate = await insight({ dataset: 'seattle_weather', measures: [{ agg: 'COUNT' }], time: { by: 'HOUR' } });
    expect(hourOnDate.errors[0].extensions.code).toBe('BAD_INPUT');
    expect(hourOnDate.errors[0].message).toContain('time.by');
    // An unknown part never reaches the core: GraphQL's own enum coercion refuses it, naming the path.
    const unknown = await insight({ dataset: 'seattle_weather', measures: [{ agg: 'COUNT' }], time: { parts: [{ part: 'WEEK', values: [1] }] } });
    expect(unknown.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(unknown.errors[0].message).toContain('time.parts[0].part');
  });
});
