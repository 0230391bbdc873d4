import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, TSX } from '../../support/cliProcess.js';

// `insightql serve` on a new embedded database with the demo data: "ready" is printed once the
// demo data is there, or says in the same line that it is still loading; when "loaded" is said,
// the datasets are there to ask for.
const dir = mkdtempSync(join(tmpdir(), 'iq-ready-'));
let server: ChildProcess | null = null;

describe('serve says "ready" honestly about the demo data', { timeout: 900_000 }, () => {
  afterAll(async () => {
    if (server && server.exitCode === null) await new Promise((r) => (server!.once('exit', r), server!.kill('SIGTERM')));
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints ready with the demo datasets loaded, or that they are still loading, and loaded means queryable', async () => {
    const p = spawn(TSX, [CLI, 'serve'], {
      env: { ...process.env, INSIGHTQL_DATA_DIR: join(dir, 'data'), DATABASE_URL: '', INSIGHTQL_DEMO: 'true', PORT: '0', LOG_LEVEL: 'silent', INSIGHTQL_API_KEY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server = p;
    let out = '';
    const { readyLine, loaded } = await new Promise<{ readyLine: string; loaded: string[] }>((resolve, reject) => {
      p.stdout!.on('data', (d) => {
        out += d;
        const ready = /^.*ready at http:\/\/localhost:\d+\/graphql.*$/m.exec(out);
        const done = /^demo datasets loaded: (.+)$/m.exec(out);
        // Each as "name (N rows)".
        if (ready && done) resolve({ readyLine: ready[0], loaded: done[1]!.split(', ').map((x) => x.split(' ')[0]!) });
      });
      p.stderr!.on('data', (d) => (out += d));
      p.on('exit', (c) => reject(new Error(`serve exited ${c}: ${out}`)));
    });
    const lines = out.split('\n');
    const readyAt = lines.findIndex((l) => l === readyLine);
    const loadedAt = lines.findIndex((l) => l.startsWith('demo datasets loaded: '));
    // Either ready says that loading goes on, or the data was loaded when ready was printed (said on the next line).
    if (!/loading the demo datasets/.test(readyLine)) expect(loadedAt).toBe(readyAt + 1);
    expect(loadedAt).toBeGreaterThan(readyAt);
    expect(loaded.length).toBeGreaterThan(0);

    const url = /ready at (http:\/\/localhost:\d+)\/graphql/.exec(readyLine)![1]!;
    const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ datasets { name rowCount } }' }) });
    const body = (await res.json()) as { data: { datasets: { name: string; rowCount: number }[] } };
    const names = body.data.datasets.map((d) => d.name);
    for (const name of loaded) expect(names).toContain(name);
    expect(body.data.datasets.every((d) => d.rowCount > 0)).toBe(true);
  });
});
