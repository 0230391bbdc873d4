// Export throughput against the physical limit: GET /export?format=csv (server-side cursor, CSV
// formatting with formula escaping, HTTP) vs psql's `\copy (same statement) TO /dev/null CSV` on the
// same database in the same run, plus the server's memory while it streams. Real Postgres.
// Run: npx tsx bench/export.ts   (BENCH_ROWS=1000000, BENCH_REPEAT=1)
import http from 'node:http';
import os from 'node:os';
import { Readable } from 'node:stream';
import { runAs } from '../src/auth/requestScope.js';
import { localPrincipal } from '../src/auth/principal.js';
import { loadConfig } from '../src/config/config.js';
import { compileInsight } from '../src/insights/compile.js';
import { parseInsightQuery } from '../src/insights/insightQuery.js';
import { startApp } from '../src/main.js';
import { createLogger } from '../src/shared/logger.js';
import { freshDatabase, median, printTable, psqlTimed } from './support.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const REPEAT = Math.max(1, Number(process.env.BENCH_REPEAT ?? 1));

function csvRows(): Readable {
  const cats = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta'];
  const base = Date.UTC(2020, 0, 1);
  return Readable.from(
    (function* () {
      yield 'id,ts,category,amount,note\n';
      for (let i = 0; i < ROWS; i += 20_000) {
        let chunk = '';
        for (let j = i; j < Math.min(ROWS, i + 20_000); j++) {
          chunk += `${j},${new Date(base + j * 60_000).toISOString().slice(0, 19)},${cats[j % 6]},${((j * 7919) % 100_000) / 100},note ${j % 977}\n`;
        }
        yield Buffer.from(chunk);
      }
    })(),
  );
}

/** Reads an export to its end, counting bytes and lines; samples the process's RSS meanwhile. */
function download(url: string): Promise<{ secs: number; bytes: number; lines: number; peakRssMB: number; trailers: NodeJS.Dict<string> }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let peak = process.memoryUsage.rss();
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
    http
      .get(url, (res) => {
        if (res.statusCode !== 200) reject(new Error(`export answered ${res.statusCode}`));
        let bytes = 0;
        let lines = 0;
        res.on('data', (c: Buffer) => {
          bytes += c.length;
          for (let i = c.indexOf(10); i >= 0; i = c.indexOf(10, i + 1)) lines++;
        });
        res.on('end', () => {
          clearInterval(sampler);
          resolve({ secs: (performance.now() - t0) / 1000, bytes, lines, peakRssMB: peak / 2 ** 20, trailers: res.trailers });
        });
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

async function main(): Promise<void> {
  const db = await freshDatabase('iq_bench_export');
  const config = { ...loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', INSIGHTQL_RATE_LIMIT: '0' } as NodeJS.ProcessEnv), databaseUrl: db.url, dataDir: 'memory://', demo: false, port: 0, host: '127.0.0.1', exportMaxRows: ROWS };
  const app = await startApp(config, createLogger('silent'));
  try {
    const t0 = performance.now();
    await app.services.ingest.ingest({ name: 'bench_export', input: { kind: 'stream', stream: csvRows(), fileName: 'bench_export.csv' } });
    console.log(`loaded ${ROWS.toLocaleString('en-US')} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const query = { dataset: 'bench_export', dimensions: ['id', 'ts', 'category', 'amount', 'note'], orderBy: [{ field: 'id' }] };
    // The same statement the export runs (row filters: none for the local admin), parameters inlined for psql.
    const ds = await runAs(localPrincipal(), () => app.services.catalog.getCatalogDataset('bench_export'));
    const compiled = compileInsight({ ...parseInsightQuery(query), limit: ROWS }, ds, { now: new Date(), maxRows: ROWS, countTotal: false });
    const sqlText = compiled.text.replace(/\$(\d+)/g, (_, n) => String(compiled.values[Number(n) - 1]));
    if (compiled.values.some((v) => typeof v !== 'number')) throw new Error('expected only numeric parameters');
    const url = `http://127.0.0.1:${app.server.port}/export?format=csv&query=${encodeURIComponent(JSON.stringify(query))}`;
    const rssBefore = process.memoryUsage.rss() / 2 ** 20;
    const ours: number[] = [];
    const ref: number[] = [];
    let last: Awaited<ReturnType<typeof download>> | null = null;
    let jsonSecs = 0;
    for (let i = 0; i < REPEAT; i++) {
      last = await download(url);
      if (last.lines !== ROWS + 1) throw new Error(`export gave ${last.lines} lines, expected ${ROWS + 1}`);
      ours.push(last.secs);
      ref.push(psqlTimed(db.url, `\\copy (${sqlText.replace(/\n/g, ' ')}) TO '/dev/null' WITH (FORMAT csv, HEADER)`));
    }
    jsonSecs = (await download(url.replace('format=csv', 'format=json'))).secs;
    const oursRate = ROWS / median(ours);
    const refRate = ROWS / median(ref);
    console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; ${REPEAT} run(s), median; trailers ${JSON.stringify(last!.trailers)}`);
    printTable(`Export of ${ROWS.toLocaleString('en-US')} rows (real Postgres)`, [
      { what: 'GET /export?format=csv (HTTP, cursor, CSV escaping)', seconds: median(ours), 'rows/s': Math.round(oursRate), MB: Math.round(last!.bytes / 2 ** 20) },
      { what: 'GET /export?format=json', seconds: jsonSecs, 'rows/s': Math.round(ROWS / jsonSecs), MB: '' },
      { what: "psql \\copy (same SELECT) TO '/dev/null' CSV", seconds: median(ref), 'rows/s': Math.round(refRate), MB: '' },
      { what: 'ours / psql', seconds: '', 'rows/s': `${Math.round((oursRate / refRate) * 100)}%`, MB: '' },
    ]);
    printTable('Server process memory while streaming (client in the same process, discarding)', [
      { what: 'RSS before the exports (MB)', value: Math.round(rssBefore) },
      { what: 'peak RSS during the last CSV export (MB)', value: Math.round(last!.peakRssMB) },
    ]);
  } finally {
    await app.close();
    await db.drop();
  }
}

await main();
