import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/testServer.js';
import { testTargets } from '../../support/targets.js';

// Decades and centuries through the real `insight` field and `ask`, on the embedded database and
// (INSIGHTQL_TEST_PG) on Postgres. References: the rows computed in plain JS, and hand-written SQL
// in the reference answers' form ((year / 10) * 10 on integers, extract(year …) on dates).

const INSIGHT = `query($q: InsightQueryInput!) { insight(query: $q) { columns { name type role } rows description } }`;
const ASK = `query($q: String!, $d: String) { ask(question: $q, dataset: $d) { text interpretation { query } result { rows } clarification { message } } }`;

/** One row a year from 1749 to 2008, activity a made-up wave; and monthly readings 1958–2001. */
const years = Array.from({ length: 260 }, (_, i) => ({ year: 1749 + i, activity: Math.round((60 + 50 * Math.sin(i / 1.7) + (i % 7)) * 10) / 10 }));
const months = Array.from({ length: 526 }, (_, i) => ({ date: new Date(Date.UTC(1958, 2 + i, 1)).toISOString().slice(0, 10), ppm: 315 + i * 0.12 }));
const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
function byBucket<T>(rows: T[], key: (r: T) => number, val: (r: T) => number): Map<number, number[]> {
  const m = new Map<number, number[]>();
  for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), val(r)]);
  return m;
}

describe.each(testTargets())('decades and centuries ($kind)', (target) => {
  let s: TestServer;
  let dir: string;
  const tables: Record<string, string> = {};
  const sql = async (text: string) => s.app.services.warehouse.query<any>(text.replaceAll('$S', `warehouse."${tables.spots}"`).replaceAll('$G', `warehouse."${tables.gas}"`));

  beforeAll(async () => {
    s = await startTestServer(target);
    dir = mkdtempSync(join(tmpdir(), 'iq-decade-'));
    writeFileSync(join(dir, 'spots.csv'), `year,activity\n${years.map((r) => `${r.year},${r.activity}`).join('\n')}\n`);
    writeFileSync(join(dir, 'gas.csv'), `date,ppm\n${months.map((r) => `${r.date},${r.ppm}`).join('\n')}\n`);
    await s.app.services.ingest.ingest({ name: 'spots', input: { kind: 'file', path: join(dir, 'spots.csv') } });
    await s.app.services.ingest.ingest({ name: 'gas', input: { kind: 'file', path: join(dir, 'gas.csv') } });
    tables.spots = (await s.app.services.catalog.getCatalogDataset('spots')).tableName;
    tables.gas = (await s.app.services.catalog.getCatalogDataset('gas')).tableName;
  }, 120_000);
  afterAll(async () => {
    await s?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('average by decade of a year column matches JS and (year / 10) * 10', async () => {
    const r = await s.gql(INSIGHT, { q: { dataset: 'spots', measures: [{ column: 'activity', agg: 'AVG' }], yearBucket: { column: 'year', size: 'DECADE' } } });
    expect(r.errors).toBeUndefined();
    const out = r.data.insight;
    expect(out.columns[0]).toEqual({ name: 'decade', type: 'INTEGER', role: 'TIME' });
    const js = byBucket(years, (y) => Math.floor(y.year / 10) * 10, (y) => y.activity);
    expect(out.rows.map((x: any) => x.decade)).toEqual([...js.keys()]);
    for (const row of out.rows) expect(row.avg_activity).toBeCloseTo(avg(js.get(row.decade)!), 9);
    const ref = await sql(`SELECT (year / 10) * 10 AS decade, avg(activity)::float8 AS v FROM $S GROUP BY 1 ORDER BY 1`);
    expect(out.rows.map((x: any) => [x.decade, x.avg_activity.toFixed(9)])).toEqual(ref.map((x: any) => [x.decade, x.v.toFixed(9)]));
    expect(out.description).toContain('by decade');
  });

  it('centuries start at a round hundred on a date column too; a text column is a typed error', async () => {
    const r = await s.gql(INSIGHT, { q: { dataset: 'gas', measures: [{ agg: 'COUNT' }], time: { grain: 'CENTURY' } } });
    expect(r.errors).toBeUndefined();
    const ref = await sql(`SELECT (floor(extract(year FROM date) / 100) * 100)::int AS century, count(*)::float8 AS n FROM $G GROUP BY 1 ORDER BY 1`);
    expect(r.data.insight.rows.map((x: any) => [x.century, x.count])).toEqual(ref.map((x: any) => [x.century, x.n]));
    expect(r.data.insight.rows.map((x: any) => x.century)).toEqual([1900, 2000]);
    const bad = await s.gql(INSIGHT, { q: { dataset: 'gas', measures: [{ agg: 'COUNT' }], yearBucket: { column: 'date', size: 'DECADE' } } });
    expect(bad.errors?.[0]?.extensions?.code).toBe('TYPE_MISMATCH');
  });

  it('asks "which decade had the highest average" and "by decade" in plain English', async () => {
    const top = await s.gql(ASK, { q: 'Which decade had the highest average activity?', d: 'spots' });
    expect(top.errors).toBeUndefined();
    const js = [...byBucket(years, (y) => Math.floor(y.year / 10) * 10, (y) => y.activity)].map(([d, xs]) => [d, avg(xs)] as const).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    expect(top.data.ask.result.rows).toHaveLength(1);
    expect(top.data.ask.result.rows[0].decade).toBe(js[0]![0]);
    const gas = await s.gql(ASK, { q: 'average ppm by decade', d: 'gas' });
    expect(gas.errors).toBeUndefined();
    const ref = await sql(`SELECT floor(extract(year FROM date) / 10) * 10 AS decade, avg(ppm)::float8 AS v FROM $G GROUP BY 1 ORDER BY 1`);
    expect(gas.data.ask.result.rows.map((x: any) => x.decade)).toEqual(ref.map((x: any) => Number(x.decade)));
  });
});
