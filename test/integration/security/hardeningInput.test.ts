import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { asyncBufferFromFile, parquetMetadataAsync } from 'hyparquet';
import { openParquet } from '../../../src/ingest/parquetSource.js';
import { vegaDataDir } from '../../../src/demo/demoLoader.js';
import { isAppError } from '../../../src/shared/errors.js';
import { startTestServer, type TestServer } from '../../support/testServer.js';
import { testTargets } from '../../support/targets.js';

const CLIENT_CODES = ['BAD_INPUT', 'UNSUPPORTED_FORMAT', 'INGEST_REJECTED', 'PAYLOAD_TOO_LARGE', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'GRAPHQL_PARSE_FAILED'];

describe.each(testTargets())('malformed input gets a client error, fast ($kind)', (target) => {
  let s: TestServer;
  let dir: string;
  const timed = async <T>(label: string, fn: () => Promise<T>) => {
    const t = performance.now();
    const out = await fn();
    const ms = performance.now() - t;
    console.log(`[input ${target.kind}] ${label}: ${ms.toFixed(0)} ms`);
    return { out, ms };
  };
  const upload = async (name: string, body: Buffer | string, ctype: string) => {
    const res = await fetch(`${s.base}/datasets/${name}`, { method: 'POST', headers: { 'content-type': ctype }, body });
    return { status: res.status, json: (await res.json()) as any };
  };
  /** The same file through the service the CLI calls on direct database access. */
  const direct = async (name: string, path: string) => {
    try {
      await s.app.services.ingest.ingest({ name, input: { kind: 'file', path } });
      return 'loaded';
    } catch (e) {
      return isAppError(e) ? e.code : `not a client error: ${(e as Error).message}`;
    }
  };

  beforeAll(async () => {
    s = await startTestServer(target);
    dir = mkdtempSync(join(tmpdir(), 'iq-input-'));
    await s.app.services.ingest.ingest({ name: 'sales', input: { kind: 'stream', stream: Readable.from([Buffer.from('region,amount\nnorth,1\n')]) }, format: 'csv' });
  }, 180_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await s?.close();
  });

  it('NUL bytes in any string argument: BAD_INPUT naming it, on literals and variables', async () => {
    const cases = [
      [`query($n: String!) { dataset(name: $n) { name } }`, { n: 'sa\u0000les' }],
      [`query($q: String!) { ask(question: $q) { text } }`, { q: 'total\u0000 amount' }],
      [`query($i: InsightQueryInput!) { insight(query: $i) { rows } }`, { i: { dataset: 'sales', measures: [{ agg: 'COUNT' }], filters: [{ column: 'region', op: 'EQ', value: 'no\u0000rth' }] } }],
      [`{ dataset(name: "sa\\u0000les") { name } }`, {}],
    ] as const;
    for (const [q, v] of cases) {
      const { out: r } = await timed(`NUL byte in ${q.slice(0, 40)}`, () => s.gql(q, v as Record<string, unknown>));
      expect(r.errors?.[0]?.extensions?.code, JSON.stringify(r.errors)).toBe('BAD_INPUT');
      expect(r.errors[0].message).toMatch(/NUL/);
    }
  });

  it('JSON nested 100,000 deep in a request: a client error in well under a second', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const body = `{"query":"query($v: JSON) { health { ok } }","variables":{"v":${deep}}}`;
    const { out: res, ms } = await timed('JSON variables nested 100,000 deep', async () => {
      const r = await fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      return { status: r.status, json: (await r.json()) as any };
    });
    expect(res.status).toBe(400);
    expect(CLIENT_CODES).toContain(res.json.errors[0].extensions.code);
    expect(ms).toBeLessThan(5_000);
    const inQuery = await s.gql(`{ insight(query: { dataset: "sales", measures: [{ agg: COUNT }], filters: [{ column: "region", op: EQ, value: ${'['.repeat(3000)}1${']'.repeat(3000)} }] }) { rows } }`);
    expect(CLIENT_CODES).toContain(inQuery.errors[0].extensions.code);
    expect((await s.gql('{ health { ok } }')).data.health.ok).toBe(true);
  });

  it('deep JSON and NDJSON files: the deep record is rejected with its reason, fast, same on upload and direct', async () => {
    const deepJson = `[{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}]`;
    const deepNd = `{"a":1}\n{"a":${'{"b":'.repeat(100_000)}1${'}'.repeat(100_000)}}\n`;
    // Only the deep record: nothing loads (INGEST_REJECTED); beside a good line, that line loads.
    const j = await timed('JSON file nested 100,000 deep, upload', () => upload('deep_json', deepJson, 'application/json'));
    expect(j.out.status).toBe(400);
    expect(j.out.json.error.code).toBe('INGEST_REJECTED');
    expect(j.out.json.error.message).toMatch(/deeper than 64 levels/);
    const nd = await timed('NDJSON line nested 100,000 deep, upload', () => upload('deep_nd', deepNd, 'application/x-ndjson'));
    expect(nd.out.status).toBe(201);
    expect(nd.out.json.rowsLoaded).toBe(1);
    expect(nd.out.json.firstRejections).toEqual([{ line: 2, reason: 'line nests objects or arrays deeper than 64 levels' }]);
    for (const [name, body, ext, want] of [
      ['deep_json_cli', deepJson, 'json', 'INGEST_REJECTED'],
      ['deep_nd_cli', deepNd, 'ndjson', 'loaded'],
    ] as const) {
      const path = join(dir, `${name}.${ext}`);
      writeFileSync(path, body);
      expect(await direct(name, path)).toBe(want);
    }
    expect(j.ms + nd.ms).toBeLessThan(20_000);
  }, 120_000);

  it('parquet with a corrupt page or mid-file damage: UNSUPPORTED_FORMAT, same on upload and direct', async () => {
    const src = join(vegaDataDir(), 'flights-3m.parquet');
    const meta = await parquetMetadataAsync(await asyncBufferFromFile(src));
    const damaged = (label: string, at: number) => {
      const path = join(dir, `${label}.parquet`);
      copyFileSync(src, path);
      const fd = openSync(path, 'r+');
      writeSync(fd, Buffer.alloc(512, 0xa7), 0, 512, at);
      closeSync(fd);
      return path;
    };
    // The first page: the whole file goes through upload and direct load, and fails at once.
    const first = damaged('first_page', Number(meta.row_groups[0]!.columns[0]!.meta_data!.data_page_offset));
    const { out: r, ms } = await timed('parquet with a corrupt first page, upload', () => upload('broken', readFileSync(first), 'application/vnd.apache.parquet'));
    expect(r.status, JSON.stringify(r.json)).toBe(400);
    expect(r.json.error.code).toBe('UNSUPPORTED_FORMAT');
    expect(await direct('broken', first)).toBe('UNSUPPORTED_FORMAT');
    expect(ms).toBeLessThan(60_000);
    // Mid-file: a row group in the middle; read just that group (the rows before it would load).
    const k = Math.floor(meta.row_groups.length / 2);
    const mid = damaged('mid_file', Number(meta.row_groups[k]!.columns[1]!.meta_data!.data_page_offset));
    const groupStart = meta.row_groups.slice(0, k).reduce((n, g) => n + Number(g.num_rows), 0);
    const t = performance.now();
    const src2 = await openParquet(mid, { rowStart: groupStart, rowEnd: groupStart + 10 });
    let code: string | null = null;
    try {
      for await (const _ of src2.batches) void _;
    } catch (e) {
      code = isAppError(e) ? e.code : `not a client error: ${(e as Error).message}`;
    }
    console.log(`[input ${target.kind}] parquet damaged mid-file (row group ${k}): ${(performance.now() - t).toFixed(0)} ms`);
    expect(code).toBe('UNSUPPORTED_FORMAT');
    expect((await s.gql('{ health { ok } }')).data.health.ok).toBe(true);
  }, 400_000);
});
