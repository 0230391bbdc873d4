import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { vegaDataDir } from '../../../src/demo/demoLoader.js';
import { startTestServer, type TestServer } from '../../support/testServer.js';
import { testTargets } from '../../support/targets.js';
import { ingestText } from './modelTestData.js';

const SERIES = `series { dates values missing grain label query }`;
const USE = `model { id reused version selection }`;

describe.each(testTargets())('models through GraphQL on real data ($kind)', (target) => {
  let s: TestServer;
  /** Reference answers: hand-written SQL straight to the database. */
  const sql = async (ds: string, text: string, values: unknown[] = []) => {
    const table = (await s.app.services.catalog.getCatalogDataset(ds)).tableName;
    return s.app.services.warehouse.query<any>(text.replaceAll('$T', `warehouse."${table}"`), values);
  };
  const ok = async (query: string, vars: Record<string, unknown>) => {
    const r = await s.gql(query, vars);
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    return r.data;
  };

  beforeAll(async () => {
    s = await startTestServer(target);
    const dir = vegaDataDir();
    for (const [name, file] of [
      ['co2', 'co2-concentration.csv'],
      ['seattle', 'seattle-weather.csv'],
      ['unemployment', 'unemployment-across-industries.json'],
      ['github', 'github.csv'],
    ]) {
      await s.app.services.ingest.ingest({ name: name!, input: { kind: 'file', path: join(dir, file!) } });
    }
  }, 300_000);
  afterAll(() => s?.close());

  it('co2 (monthly): rising, Sen and OLS slopes match a SQL regression, verdict names the rate', async () => {
    const d = await ok(`query($i: SeriesInput!) { trend(input: $i) { ${SERIES} ${USE} direction verdict per ols { slope slopePer pValue ciLow ciHigh } mannKendall { senSlopePer pValue z } } }`, {
      i: { dataset: 'co2', measure: 'co2', agg: 'AVG', grain: 'MONTH' },
    });
    const t = d.trend;
    expect(t.direction).toBe('RISING');
    expect(t.per).toBe('year');
    expect(t.mannKendall.pValue).toBeLessThan(0.001);
    // Keeling curve: about 1.6 ppm a year over 1958–2020.
    expect(t.mannKendall.senSlopePer).toBeGreaterThan(1.2);
    expect(t.mannKendall.senSlopePer).toBeLessThan(2);
    expect(t.verdict).toMatch(/rising about 1\.\d+ a year, p < 0\.001/);
    // Independent reference: Postgres' regr_slope over the same monthly means, x = month index.
    const [ref] = await sql(
      'co2',
      `WITH m AS (SELECT date_trunc('month', "date"::timestamp) AS b, avg(co2) AS v FROM $T GROUP BY 1)
       SELECT regr_slope(v, (extract(year FROM b) * 12 + extract(month FROM b))::float8) AS slope, count(*)::int AS n FROM m`,
    );
    expect(t.ols.slope).toBeCloseTo(ref.slope, 8);
    expect(t.ols.ciLow).toBeLessThan(t.ols.slope);
    expect(t.ols.ciHigh).toBeGreaterThan(t.ols.slope);
    expect(t.series.values.filter((v: number | null) => v !== null)).toHaveLength(ref.n);
    expect(t.series.dates[0]).toBe('1958-03-01');
    expect(t.series.query.time.grain).toBe('month');
  });

  it('co2: seasonality period 12, strong, with a decomposition that adds back up', async () => {
    const d = await ok(`query($i: SeriesInput!) { seasonality(input: $i) { ${SERIES} period strength candidates { period detected confirmedBy } decomposition { dates trend seasonal remainder } } }`, {
      i: { dataset: 'co2', measure: 'co2', agg: 'AVG', grain: 'MONTH' },
    });
    const r = d.seasonality;
    expect(r.period).toBe(12);
    expect(r.strength).toBeGreaterThan(0.9);
    const dec = r.decomposition;
    const i0 = r.series.dates.indexOf(dec.dates[0]);
    for (const k of [0, 100, dec.trend.length - 1]) {
      expect(dec.trend[k] + dec.seasonal[k] + dec.remainder[k]).toBeCloseTo(r.series.values[i0 + k], 6);
    }
  });

  it('seattle (daily data at monthly grain): yearly cycle in temp_max', async () => {
    const d = await ok(`query($i: SeriesInput!) { seasonality(input: $i) { ${SERIES} period strength } }`, {
      i: { dataset: 'seattle', measure: 'temp_max', agg: 'AVG', grain: 'MONTH' },
    });
    expect(d.seasonality.period).toBe(12);
    expect(d.seasonality.strength).toBeGreaterThan(0.8);
    expect(d.seasonality.series.dates).toHaveLength(48);
    // The warmest month of each year is July or August.
    const v = d.seasonality.series.values as number[];
    for (let y = 0; y < 4; y++) {
      const year = v.slice(12 * y, 12 * y + 12);
      expect([6, 7]).toContain(year.indexOf(Math.max(...year)));
    }
  });

  // The issue expected a daily cycle in github.csv, but the file has none (the models' unit tests
  // show R agrees: acf(24) = 0.015). Checked here against SQL: active hours are spread evenly over
  // the day. The stack must still test 24 and 168 on the zero-filled hourly series and say "none";
  // the synthetic series below shows it finds a real daily cycle through the same path.
  it('github (hourly): counts zero-filled, 24 and 168 tested, no daily cycle (as SQL shows)', async () => {
    const d = await ok(`query($i: SeriesInput!) { seasonality(input: $i) { ${SERIES} period strength candidates { period acf detected } notes } }`, {
      i: { dataset: 'github', measure: 'count', agg: 'SUM', grain: 'HOUR' },
    });
    const r = d.seasonality;
    expect(r.candidates.map((c: any) => c.period)).toEqual([24, 168]);
    expect(Math.abs(r.candidates[0].acf)).toBeLessThan(0.1);
    expect(r.period).toBeNull();
    const v = r.series.values as number[];
    expect(v.every((x) => x !== null)).toBe(true);
    const [ref] = await sql('github', `SELECT sum("count")::float8 AS total, count(DISTINCT date_trunc('hour', "time"))::int AS hours FROM $T`);
    expect(v.reduce((a, b) => a + b, 0)).toBeCloseTo(ref.total, 6);
    expect(v.filter((x) => x > 0).length).toBe(ref.hours);
    expect(r.notes.join(' ')).toMatch(/without rows counted as 0/);
    const byHour = await sql('github', `SELECT extract(hour FROM "time")::int AS h, count(*)::int AS n FROM $T GROUP BY 1`);
    const counts = byHour.map((x: any) => x.n);
    expect(Math.max(...counts) / Math.min(...counts)).toBeLessThan(1.7);
  });

  it('hourly data with a daily cycle (synthetic, 60 days): period 24 through the same path', async () => {
    let state = 12345;
    const rand = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const lines = ['ts,visits'];
    for (let i = 0; i < 24 * 60; i++) {
      const t = new Date(Date.UTC(2021, 0, 1) + i * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
      lines.push(`${t},${Math.round(20 + 15 * Math.max(0, Math.sin((2 * Math.PI * (i % 24)) / 24)) + 4 * rand())}`);
    }
    await ingestText(s, 'hourly_visits', lines.join('\n'));
    const d = await ok(`query($i: SeriesInput!) { seasonality(input: $i) { ${SERIES} period strength } }`, {
      i: { dataset: 'hourly_visits', measure: 'visits', agg: 'SUM', grain: 'HOUR' },
    });
    expect(d.seasonality.period).toBe(24);
    expect(d.seasonality.strength).toBeGreaterThan(0.8);
    expect(d.seasonality.series.dates[0]).toBe('2021-01-01T00:00:00Z');
  });

  it('unemployment (total of all industries): the largest level shift is in 2008–2009', async () => {
    const d = await ok(`query($i: SeriesInput!) { changePoints(input: $i) { ${SERIES} changePoints { date firstDateAfter before after magnitude score } deseasonalized } }`, {
      i: { dataset: 'unemployment', measure: 'count', agg: 'SUM', grain: 'MONTH' },
    });
    const cps = d.changePoints.changePoints;
    expect(cps.length).toBeGreaterThan(0);
    const biggest = cps.reduce((a: any, b: any) => (Math.abs(b.magnitude) > Math.abs(a.magnitude) ? b : a));
    expect(biggest.date >= '2008-01-01' && biggest.date < '2010-01-01').toBe(true);
    expect(biggest.magnitude).toBeGreaterThan(0);
    expect(d.changePoints.deseasonalized).toBe(true);
  });

  it('unemployment per industry: a batch trains one change-point model per industry; most shift in 2008–2009', async () => {
    const d = await ok(`mutation($i: TrainModelInput!) { trainModel(input: $i) { totalSegments mode notes failed { segment code } models { id segment segmentBy kind state fresh version } } }`, {
      i: { series: { dataset: 'unemployment', measure: 'rate', agg: 'AVG', grain: 'MONTH', segmentBy: 'series' }, kind: 'CHANGEPOINTS' },
    });
    const r = d.trainModel;
    expect(r.totalSegments).toBe(14);
    expect(r.models).toHaveLength(14);
    expect(r.failed).toEqual([]);
    let hits = 0;
    for (const m of r.models) {
      expect(m.kind).toBe('CHANGEPOINTS');
      expect(m.fresh).toBe(true);
      const cps = m.state.changePoints.changePoints;
      const biggest = cps.reduce((a: any, b: any) => (Math.abs(b.magnitude) > Math.abs(a.magnitude) ? b : a));
      if (biggest.date >= '2008-01' && biggest.date < '2010-01') hits++;
    }
    expect(hits).toBeGreaterThanOrEqual(10);
  });

  it('forecast (co2 trained to 2015): the intervals contain most held-out months; backtest against seasonal naive', async () => {
    const d = await ok(
      `query($i: SeriesInput!) { forecast(input: $i, horizon: 24) { ${SERIES} ${USE} method selected period horizon points { date h mean lo80 hi80 lo95 hi95 } backtest { smape mase naiveMase skill horizon folds } candidates { model aicc } notes } }`,
      { i: { dataset: 'co2', measure: 'co2', agg: 'AVG', grain: 'MONTH', range: { to: '2015-01-01' } } },
    );
    const f = d.forecast;
    expect(f.period).toBe(12);
    expect(f.selected).toMatch(/^ETS\(/);
    expect(f.points).toHaveLength(24);
    expect(f.points[0].date).toBe('2015-01-01');
    const actual = await sql('co2', `SELECT to_char(date_trunc('month', "date"::timestamp), 'YYYY-MM-DD') AS m, avg(co2)::float8 AS v FROM $T WHERE "date" >= '2015-01-01' AND "date" < '2017-01-01' GROUP BY 1 ORDER BY 1`);
    const byMonth = new Map(actual.map((r: any) => [r.m, r.v]));
    let in95 = 0;
    let in80 = 0;
    let n = 0;
    for (const p of f.points) {
      expect(p.lo95).toBeLessThanOrEqual(p.lo80);
      expect(p.lo80).toBeLessThanOrEqual(p.mean);
      expect(p.mean).toBeLessThanOrEqual(p.hi80);
      expect(p.hi80).toBeLessThanOrEqual(p.hi95);
      const a = byMonth.get(p.date);
      if (a === undefined) continue;
      n++;
      if (a >= p.lo95 && a <= p.hi95) in95++;
      if (a >= p.lo80 && a <= p.hi80) in80++;
    }
    expect(n).toBeGreaterThanOrEqual(20);
    expect(in95 / n).toBeGreaterThanOrEqual(0.8);
    expect(in80 / n).toBeGreaterThanOrEqual(0.5);
    const b = f.backtest;
    expect(b.folds).toBeGreaterThanOrEqual(1);
    expect(Number.isFinite(b.mase)).toBe(true);
    // A trending seasonal series: ETS beats repeating last year's values.
    expect(b.skill).toBeGreaterThan(0);
  });

  it('explainChange (seattle, rows by weather 2013 → 2014): contributions match SQL counts and add up to the change', async () => {
    const d = await ok(
      `query { explainChange(dataset: "seattle", agg: COUNT, from: { from: "2013-01-01", to: "2014-01-01" }, to: { from: "2014-01-01", to: "2015-01-01" }, dimensions: ["weather"]) {
        totalBefore totalAfter change sentence drivers { dimension value before after contribution share } queries } }`,
      {},
    );
    const e = d.explainChange;
    const ref = await sql(
      'seattle',
      `SELECT weather, count(*) FILTER (WHERE "date" >= '2013-01-01' AND "date" < '2014-01-01')::int AS b, count(*) FILTER (WHERE "date" >= '2014-01-01' AND "date" < '2015-01-01')::int AS a FROM $T GROUP BY weather`,
    );
    expect(e.totalBefore).toBe(365);
    expect(e.totalAfter).toBe(365);
    for (const r of ref) {
      const drv = e.drivers.find((x: any) => x.value === r.weather);
      if (r.a === r.b && !drv) continue;
      expect(drv.contribution).toBe(r.a - r.b);
    }
    const sum = e.drivers.reduce((a: number, x: any) => a + x.contribution, 0);
    expect(sum).toBeCloseTo(e.change, 9);
    const top = e.drivers[0];
    expect(Math.abs(top.contribution)).toBe(Math.max(...ref.map((r: any) => Math.abs(r.a - r.b))));
    expect(e.queries.length).toBe(2);
  });

  it('auto insights (unemployment): ranked by score, each with a sentence, a runnable query and a Vega-Lite v5 chart', async () => {
    const d = await ok(`query { insights(dataset: "unemployment", limit: 8) { grain seriesScanned measuresScanned dimensionsScanned notes insights { kind score pValue effect sentence measure segmentBy segment date query chart } } }`, {});
    const r = d.insights;
    expect(r.insights.length).toBeGreaterThan(0);
    expect(r.insights.length).toBeLessThanOrEqual(8);
    const scores = r.insights.map((i: any) => i.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const i of r.insights) {
      expect(i.score).toBeGreaterThan(0);
      expect(i.score).toBeLessThanOrEqual(1);
      expect(i.pValue).toBeLessThan(0.05);
      expect(i.sentence.length).toBeGreaterThan(20);
      expect(i.chart.$schema).toBe('https://vega.github.io/schema/vega-lite/v5.json');
      const run = await s.gql(`query($q: InsightQueryInput!) { insight(query: $q) { totalRows } }`, { q: toGraphqlQuery(i.query) });
      expect(run.errors, JSON.stringify(run.errors)).toBeUndefined();
      expect(run.data.insight.totalRows).toBeGreaterThan(0);
    }
    // The 2008–2009 shift is the dataset's headline: some insight is about it.
    expect(r.insights.some((i: any) => (i.kind === 'CHANGE_POINT' || i.kind === 'DRIVER' || i.kind === 'ANOMALY') && i.date >= '2008' && i.date < '2011')).toBe(true);
  });
});

/** The core's InsightQuery (lower-case enums) as GraphQL variables (upper-case enums). */
function toGraphqlQuery(q: any): any {
  const up = (x: string | null | undefined) => (x ? x.toUpperCase() : x);
  const out: any = { dataset: q.dataset, measures: q.measures.map((m: any) => ({ ...m, agg: up(m.agg) })), dimensions: q.dimensions };
  if (q.time) {
    out.time = { ...q.time, grain: up(q.time.grain) };
    if (q.time.range) out.time.range = { ...q.time.range, ...(q.time.range.last ? { last: { ...q.time.range.last, unit: up(q.time.range.last.unit) } } : {}), ...(q.time.range.anchor ? { anchor: up(q.time.range.anchor) } : {}) };
    for (const k of Object.keys(out.time)) if (out.time[k] == null) delete out.time[k];
  }
  if (q.filter) out.filter = upFilter(q.filter);
  if (q.orderBy?.length) out.orderBy = q.orderBy.map((o: any) => ({ field: o.field, direction: up(o.direction) }));
  for (const m of out.measures) for (const k of Object.keys(m)) if (m[k] == null) delete m[k];
  return out;
}

function upFilter(f: any): any {
  if (f.and) return { and: f.and.map(upFilter) };
  if (f.or) return { or: f.or.map(upFilter) };
  if (f.not) return { not: upFilter(f.not) };
  return { ...f, op: f.op.toUpperCase() };
}
