import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/testServer.js';
import { testTargets } from '../../support/targets.js';

/** POSTs a body to the streaming upload route. */
async function upload(s: TestServer, name: string, body: string | Buffer, query = ''): Promise<{ status: number; json: any }> {
  const res = await fetch(`${s.base}/datasets/${encodeURIComponent(name)}${query}`, { method: 'POST', body: body as any });
  return { status: res.status, json: await res.json() };
}

async function tables(s: TestServer): Promise<string[]> {
  const rows = await s.app.services.warehouse.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'warehouse' ORDER BY 1`);
  return rows.map((r) => r.t);
}

describe.each(testTargets())('ingest survives bad input ($kind)', (target) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(target);
  });
  afterAll(() => s?.close());

  it('rejects an empty file with a clear error and leaves nothing behind', async () => {
    const before = await tables(s);
    const r = await upload(s, 'empty', '');
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('BAD_INPUT');
    expect(r.json.error.message).toMatch(/empty/i);
    expect(await tables(s)).toEqual(before);
  });

  it('rejects a header-only file', async () => {
    const r = await upload(s, 'header_only', 'a,b,c\n');
    expect(r.json.error.code).toBe('INGEST_REJECTED');
    expect(r.json.error.message).toMatch(/no data rows/);
    const d = await s.gql(`{ dataset(name: "header_only") { name } }`);
    expect(d.data.dataset).toBeNull();
  });

  it('rejects binary garbage', async () => {
    const garbage = Buffer.alloc(4096);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 256;
    const r = await upload(s, 'garbage', garbage);
    expect(r.status).toBe(400);
    expect(['UNSUPPORTED_FORMAT', 'BAD_INPUT']).toContain(r.json.error.code);
  });

  it('loads a file with a single 5 MB line as one value', async () => {
    const big = 'x'.repeat(5 * 1024 * 1024);
    const r = await upload(s, 'one_long_line', `id,payload\n1,${big}\n`);
    expect(r.status).toBe(201);
    expect(r.json.rowsLoaded).toBe(1);
    const [row] = await s.app.services.warehouse.query<{ n: number }>(
      `SELECT length(payload) AS n FROM warehouse.${'"' + (await s.app.services.catalog.getCatalogDataset('one_long_line')).tableName + '"'}`,
    );
    expect(row!.n).toBe(big.length);
  });

  const wide = (n: number) => {
    const header = Array.from({ length: n }, (_, i) => `col ${i}`).join(',');
    const row = Array.from({ length: n }, (_, i) => String(i)).join(',');
    return `${header}\n${row}\n${row}\n`;
  };

  it('refuses 2,000 columns with the reason (PostgreSQL holds 1,600 per table), leaving nothing behind', async () => {
    const before = await tables(s);
    const r = await upload(s, 'too_wide', wide(2000));
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('INGEST_REJECTED');
    expect(r.json.error.message).toMatch(/2,000 columns.*1,600/);
    expect(await tables(s)).toEqual(before);
  });

  it('loads 1,600 columns, the most a table can hold', async () => {
    const r = await upload(s, 'wide', wide(1600));
    expect(r.status).toBe(201);
    const d = await s.app.services.catalog.getCatalogDataset('wide');
    expect(d.columns).toHaveLength(1600);
    expect(new Set(d.columns.map((c) => c.name)).size).toBe(1600);
    expect(d.columns[1599]!.stats!.max).toBe(1599);
  });

  it('makes duplicate, empty, keyword, quoted, semicolon and emoji labels safe and keeps the originals', async () => {
    const r = await upload(s, 'labels', `select,select,,"a""b",drop;table,🔥 heat,Name\n1,2,3,4,5,6,x\n`);
    expect(r.status).toBe(201);
    const d = await s.app.services.catalog.getCatalogDataset('labels');
    const names = d.columns.map((c) => c.name);
    expect(new Set(names).size).toBe(7);
    for (const n of names) expect(n).toMatch(/^[a-z_][a-z0-9_]*$/);
    // An empty label gets a generated one: there is no original to keep.
    expect(d.columns.map((c) => c.label)).toEqual(['select', 'select', 'column_3', 'a"b', 'drop;table', '🔥 heat', 'Name']);
    const q = await s.gql(`query($q: InsightQueryInput!) { insight(query: $q) { rows } }`, {
      q: { dataset: 'labels', measures: [{ column: names[0], agg: 'SUM' }] },
    });
    expect(q.errors).toBeUndefined();
    expect(Object.values(q.data.insight.rows[0])).toEqual([1]);
  });

  it('sanitizes a dataset name that tries injection, and the catalog survives', async () => {
    const r = await upload(s, 'x"; drop table catalog.datasets; --', 'a,b\n1,2\n');
    expect(r.status).toBe(201);
    expect(r.json.dataset).toMatch(/^[a-z0-9_]+$/);
    const list = await s.gql(`{ datasets { name } }`);
    expect(list.data.datasets.map((d: any) => d.name)).toContain(r.json.dataset);
  });

  it('infers dates from mixed date formats in one column', async () => {
    const r = await upload(s, 'mixed_dates', `when,v\n2020-01-05,1\nJan 6 2020,2\n2020/01/07,3\n2020-01-08T00:00:00Z,4\n`);
    expect(r.status).toBe(201);
    const d = await s.app.services.catalog.getCatalogDataset('mixed_dates');
    expect(['date', 'timestamp']).toContain(d.columns[0]!.type);
    expect(d.columns[0]!.stats!.minTime!.slice(0, 10)).toBe('2020-01-05');
    expect(d.columns[0]!.stats!.maxTime!.slice(0, 10)).toBe('2020-01-08');
  });

  it('profiles huge values (1e300) without overflowing', async () => {
    const r = await upload(s, 'huge', `k,v\na,1e300\nb,-1e300\nc,5e299\n`);
    expect(r.status).toBe(201);
    const d = await s.app.services.catalog.getCatalogDataset('huge');
    expect(d.columns[1]!.type).toBe('double');
    expect(d.columns[1]!.stats!.max).toBe(1e300);
    expect(d.columns[1]!.stats!.min).toBe(-1e300);
    expect(d.columns[1]!.stats!.mean).toBeCloseTo(5e299 / 3, -290);
  });

  it('reads numbers with thousands separators as numbers', async () => {
    const r = await upload(s, 'thousands', `city,population\nA,"1,234,567"\nB,"987,654"\nC,"12,000"\n`);
    expect(r.status).toBe(201);
    const d = await s.app.services.catalog.getCatalogDataset('thousands');
    expect(d.columns[1]!.type).toMatch(/integer|bigint|double|numeric/);
    expect(d.columns[1]!.stats!.max).toBe(1234567);
  });

  it('keeps the good rows of a file cut off mid-row and records the broken one', async () => {
    const r = await upload(s, 'cut_off', `a,b,c\n1,2,3\n4,5,6\n7,"unterminated`);
    expect(r.status).toBe(201);
    expect(r.json.rowsLoaded).toBe(2);
    expect(r.json.rowsRejected).toBe(1);
    expect(r.json.firstRejections[0].line).toBe(4);
  });

  it('sends rows with a wrong field count or a bad value to rejected rows with line and reason', async () => {
    const r = await upload(s, 'rejects', `n,label\n1,a\n2,b,extra\nthree,c\n4,d\n`);
    expect(r.status).toBe(201);
    expect(r.json.rowsLoaded).toBe(3);
    const run = await s.gql(`query($id: ID!) { ingestionRun(id: $id) { rowsRead rowsLoaded rowsRejected rejectedRows { line reason raw } } }`, { id: r.json.id });
    const rr = run.data.ingestionRun;
    expect(rr.rowsRejected).toBe(1);
    expect(rr.rejectedRows[0].line).toBe(3);
    expect(rr.rejectedRows[0].reason).toMatch(/field|column/i);
  });

  it('in strict mode rejects the whole load on the first bad row', async () => {
    const r2 = await upload(s, 'strict_two', `a,b\n1,2\n3\n`, '?strict=true');
    expect(r2.status).toBe(400);
    expect(r2.json.error.code).toBe('INGEST_REJECTED');
    expect(r2.json.error.message).toMatch(/line 3/);
    expect((await s.gql(`{ dataset(name: "strict_two") { name } }`)).data.dataset).toBeNull();
  });

  it('is idempotent for the same content and appends a compatible batch', async () => {
    const body = `day,amount\n2020-01-01,5\n2020-01-02,7\n`;
    const a = await upload(s, 'sales', body);
    expect(a.json.status).toBe('succeeded');
    const b = await upload(s, 'sales', body);
    expect(b.json.status).toBe('unchanged');
    const c = await upload(s, 'sales', `day,amount\n2020-01-03,9\n`, '?append=true');
    expect(c.json.status).toBe('succeeded');
    expect(c.json.mode).toBe('append');
    const again = await upload(s, 'sales', `day,amount\n2020-01-03,9\n`, '?append=true');
    expect(again.json.status).toBe('unchanged');
    const d = await s.gql(`{ dataset(name: "sales") { rowCount } }`);
    expect(d.data.dataset.rowCount).toBe(3);
    const bad = await upload(s, 'sales', `day,price\n2020-01-04,1\n`, '?append=true');
    expect(bad.status).toBe(409);
    expect(bad.json.error.code).toBe('SCHEMA_MISMATCH');
    expect(bad.json.error.message).toMatch(/amount/);
  });

  it('a client that disconnects mid-upload leaves no dataset and no staging table, and the server keeps serving', async () => {
    const before = await tables(s);
    const http = await import('node:http');
    await new Promise<void>((resolve) => {
      const req = http.request(`${s.base}/datasets/interrupted`, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } });
      req.on('error', () => resolve());
      req.write('a,b\n' + '1,2\n'.repeat(200_000));
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 300);
    });
    // Wait for the server to notice and clean up.
    for (let i = 0; i < 50; i++) {
      const runs = await s.app.services.warehouse.query<{ status: string }>(`SELECT status FROM catalog.ingestion_runs WHERE dataset_name = 'interrupted'`);
      if (runs.length && runs.every((x) => x.status !== 'running')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const runs = await s.app.services.warehouse.query<{ status: string }>(`SELECT status FROM catalog.ingestion_runs WHERE dataset_name = 'interrupted'`);
    expect(runs.map((x) => x.status)).toEqual(['failed']);
    expect(await tables(s)).toEqual(before);
    expect((await s.gql(`{ dataset(name: "interrupted") { name } }`)).data.dataset).toBeNull();
    expect((await s.gql(`{ health { ok } }`)).data.health.ok).toBe(true);
  });

  it('GraphQL ingestDataset loads small inline content and refuses content over the limit', async () => {
    const ok = await s.gql(`mutation { ingestDataset(name: "inline", content: "k,v\\na,1\\nb,2\\n") { datasetName status rowsLoaded } }`);
    expect(ok.data.ingestDataset).toEqual({ datasetName: 'inline', status: 'SUCCEEDED', rowsLoaded: 2 });
    const max = s.app.services.config.maxInlineBytes;
    const big = await s.gql(`mutation($c: String!) { ingestDataset(name: "too_big", content: $c) { status } }`, { c: 'a\n' + '1\n'.repeat(Math.ceil(max / 2) + 10) });
    expect(big.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
