import http from 'node:http';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testTargets } from '../../support/targets.js';
import { jsonOf, loadFixtures, parseCsv, startFaceServer, type FaceServer } from './support.js';

const ROWS = 120_000;
// Wide rows: an export (~50 MB) must be far larger than what loopback socket buffers hold.
const PAD = 'x'.repeat(400);

/** `big`: ROWS rows with a unique id and a wide text column, so an export is many MB. */
function bigCsv(): Readable {
  return Readable.from(
    (function* () {
      yield 'id,grp,pad\n';
      for (let i = 0; i < ROWS; i += 10_000) {
        let chunk = '';
        for (let j = i; j < Math.min(ROWS, i + 10_000); j++) chunk += `${j},g${j % 7},${PAD}${j}\n`;
        yield Buffer.from(chunk);
      }
    })(),
  );
}

const Q_ALL = encodeURIComponent(JSON.stringify({ dataset: 'big', dimensions: ['id', 'pad'], orderBy: [{ field: 'id' }] }));

interface RawResponse {
  res: http.IncomingMessage;
  body(): Promise<string>;
}

/** A raw HTTP GET (fetch hides trailers and cannot pause the socket). */
function rawGet(base: string, path: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}${path}`, (res) => {
      resolve({
        res,
        body: () =>
          new Promise((ok, fail) => {
            const parts: Buffer[] = [];
            res.on('data', (c: Buffer) => parts.push(c));
            res.on('end', () => ok(Buffer.concat(parts).toString('utf8')));
            res.on('error', fail);
          }),
      });
    });
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(testTargets())('/export streams large results ($kind)', (target) => {
  let s: FaceServer;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await target.fresh();
    drop = db.drop;
    s = await startFaceServer({ ...db.config, exportConcurrency: 1, exportMaxRows: ROWS });
    await loadFixtures(s.app);
    await s.app.services.ingest.ingest({ name: 'big', input: { kind: 'stream', stream: bigCsv(), fileName: 'big.csv' } });
  }, 300_000);
  afterAll(async () => {
    await s?.close();
    await drop?.();
  });

  it('streams every row as CSV, with the totals as HTTP trailers', async () => {
    const r = await rawGet(s.base, `/export?format=csv&query=${Q_ALL}`);
    expect(r.res.statusCode).toBe(200);
    expect(r.res.headers['transfer-encoding']).toBe('chunked');
    expect(r.res.headers.trailer).toMatch(/x-insightql-total-rows/);
    const rows = parseCsv(await r.body());
    expect(rows[0]).toEqual(['id', 'pad']);
    expect(rows).toHaveLength(ROWS + 1);
    expect(rows[1]).toEqual(['0', `${PAD}0`]);
    expect(rows[ROWS]).toEqual([String(ROWS - 1), `${PAD}${ROWS - 1}`]);
    expect(r.res.trailers['x-insightql-total-rows']).toBe(String(ROWS));
    expect(r.res.trailers['x-insightql-truncated']).toBe('false');
  });

  it('stops reading the database while the client does not read, and finishes when it does', async () => {
    const counter = s.app.services.warehouse.counter;
    const before = counter.cursorFetches ?? 0;
    const r = await rawGet(s.base, `/export?format=csv&query=${Q_ALL}`);
    try {
      r.res.pause();
      await sleep(1500);
      const paused = counter.cursorFetches ?? 0;
      await sleep(1500);
      // The socket's buffers are full: a FETCH now would be a read the client has not asked for.
      expect(counter.cursorFetches).toBe(paused);
      // ROWS / 5000 FETCHes in all; some are still to come (the socket buffers hold the rest).
      expect(paused - before).toBeLessThan(ROWS / 5000);
      r.res.resume();
      const rows = parseCsv(await r.body());
      expect(rows).toHaveLength(ROWS + 1);
      expect(counter.cursorFetches! - before).toBeGreaterThanOrEqual(ROWS / 5000);
    } finally {
      r.res.destroy();
    }
  });

  it('refuses a second concurrent export with 429, and frees the slot when a client goes away', async () => {
    const first = await rawGet(s.base, `/export?format=csv&query=${Q_ALL}`);
    first.res.pause();
    await sleep(300);
    const second = await s.get(`/export?format=csv&query=${Q_ALL}`);
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('5');
    expect((await jsonOf(second)).error.code).toBe('RATE_LIMITED');
    first.res.destroy();
    // The server sees the close, stops the read and closes its cursor.
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      await sleep(200);
      const third = await s.get(`/export?format=json&query=${encodeURIComponent(JSON.stringify({ dataset: 'shop', dimensions: ['region'] }))}`);
      status = third.status;
      await third.text();
    }
    expect(status).toBe(200);
    if (target.kind === 'postgres') {
      const open = await s.app.services.warehouse.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'insightql-reader' AND state LIKE 'idle in transaction%'",
      );
      expect(open[0]!.n).toBe(0);
    } else {
      const open = await s.app.services.warehouse.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_cursors');
      expect(open[0]!.n).toBe(0);
    }
  });

  it('cuts at the row cap and says so, in JSON and in the trailers', async () => {
    const r = await rawGet(s.base, `/export?format=json&query=${encodeURIComponent(JSON.stringify({ dataset: 'big', dimensions: ['id'], orderBy: [{ field: 'id', direction: 'DESC' }], limit: 2500 }))}`);
    const body = JSON.parse(await r.body());
    expect(body.rows).toHaveLength(2500);
    expect(body.rows[0]).toEqual({ id: ROWS - 1 });
    expect(body.totalRows).toBe(2500);
    expect(body.truncated).toBe(true);
    expect(r.res.trailers['x-insightql-truncated']).toBe('true');
    const over = await s.get(`/export?format=csv&query=${encodeURIComponent(JSON.stringify({ dataset: 'big', dimensions: ['id'], limit: ROWS + 1 }))}`);
    expect(over.status).toBe(400);
    expect((await jsonOf(over)).error.message).toMatch(/export maximum/);
  });

  it('answers an error found before the first row with its status, not a broken download', async () => {
    const r = await s.get(`/export?format=csv&query=${encodeURIComponent(JSON.stringify({ dataset: 'big', dimensions: ['nope'] }))}`);
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/json/);
    const missing = await s.get(`/export?format=csv&query=${encodeURIComponent(JSON.stringify({ dataset: 'ghost', dimensions: ['id'] }))}`);
    expect(missing.status).toBe(404);
  });
});
