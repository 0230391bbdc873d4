import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runCli } from '../support/cliProcess.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const CLI = join(process.cwd(), 'src', 'cli', 'main.ts');

function cli(args: string[], env: Record<string, string>) {
  return spawnSync(TSX, [CLI, ...args], { env: { ...process.env, ...env, LOG_LEVEL: 'silent' }, encoding: 'utf8', timeout: 300_000 });
}

const cliAsync = async (args: string[], env: Record<string, string>) => {
  const r = await runCli(args, env);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('the insightql CLI on the embedded database', { timeout: 600_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'iq-cli-'));
  const dataDir = join(dir, 'data');
  const env = { INSIGHTQL_DATA_DIR: dataDir, INSIGHTQL_DEMO: 'false', DATABASE_URL: '' };
  const csv = join(dir, 'sales.csv');
  writeFileSync(csv, 'day,region,amount\n2024-01-01,north,10\n2024-01-02,south,12\n2024-01-03,north,7,extra\n');
  let server: ChildProcess | null = null;

  afterAll(() => {
    server?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('ingests a file and reports loaded and rejected rows with the reason', () => {
    const r = cli(['ingest', csv, '--name', 'sales'], env);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/sales: 2 rows loaded, 1 rejected/);
    expect(r.stdout).toMatch(/line 4: .*(field|column)/);
  });

  it('runs a structured query', () => {
    const r = cli(['query', '{"dataset":"sales","measures":[{"column":"amount","agg":"sum"}],"dimensions":["region"],"orderBy":[{"field":"region"}]}', '--json'], env);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.rows).toEqual([
      { region: 'north', sum_amount: 10 },
      { region: 'south', sum_amount: 12 },
    ]);
  });

  it('gives a clear error for bad input and exits non-zero', () => {
    const r = cli(['query', '{"dataset":"sales","measures":[{"column":"amout","agg":"sum"}]}'], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/UNKNOWN_COLUMN.*amout.*did you mean 'amount'/);
    const bad = cli(['datasets'], { ...env, PORT: 'eighty' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/PORT/);
  });

  it('appends a file in the source shape through the recipe a clean command started', () => {
    expect(cli(['ingest', csv, '--name', 'orders'], env).status).toBe(0);
    const clean = cli(['clean', 'orders', 'renameColumn', '--column', 'region', '--new-name', 'area'], env);
    expect(clean.stderr).toBe('');
    expect(clean.status).toBe(0);
    const more = join(dir, 'more.csv');
    writeFileSync(more, 'day,region,amount\n2024-01-04,east,5\n');
    const r = cli(['ingest', more, '--name', 'orders', '--append'], env);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/orders: 1 rows loaded, 0 rejected/);
    expect(r.stdout).toMatch(/cleaned by the dataset's recipe: 1:renameColumn/);
    const q = cli(['query', '{"dataset":"orders","measures":[{"column":"amount","agg":"sum"}],"dimensions":["area"],"orderBy":[{"field":"area"}]}', '--json'], env);
    expect(JSON.parse(q.stdout).rows).toEqual([
      { area: 'east', sum_amount: 5 },
      { area: 'north', sum_amount: 10 },
      { area: 'south', sum_amount: 12 },
    ]);
  });

  it('lists versions and the recipe, prunes, and refuses to restore pruned rows', () => {
    const v = cli(['versions', 'orders'], env);
    expect(v.stderr).toBe('');
    expect(v.stdout).toMatch(/^2 +renameColumn +\{"column":"region","newName":"area"\} +2 +cli:.* current\s*$/m);
    expect(v.stdout).toMatch(/^1 +ingest +2 +ingest .* restorable\s*$/m);
    expect(cli(['recipe', 'orders'], env).stdout).toMatch(/^1 +renameColumn +\{"column":"region","newName":"area"\} +yes\s*$/m);
    // Loading other content under the same name replaces the rows and says where the old ones went.
    const other = join(dir, 'other.csv');
    writeFileSync(other, 'day,region,amount\n2024-02-01,west,3\n');
    expect(cli(['ingest', other, '--name', 'orders'], env).stdout).toMatch(/the replaced rows are kept as a version \(insightql versions orders; insightql prune orders --keep N drops old ones\)/);
    const p = cli(['prune', 'orders', '--keep', '1'], env);
    expect(p.stdout.trim()).toBe('orders: pruned 1, 2, 3; kept 4');
    const r = cli(['revert', 'orders', '1'], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/NOT_FOUND.*version 1 of 'orders' can no longer be restored: its rows were pruned/);
  });

  describe('while a server holds the embedded database', () => {
    let base = '';
    beforeAll(async () => {
      server = spawn(TSX, [CLI, 'serve'], { env: { ...process.env, ...env, PORT: '0', LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'pipe'] });
      base = await new Promise<string>((resolve, reject) => {
        let out = '';
        server!.stdout!.on('data', (d) => {
          out += d;
          const m = /ready at (http:\/\/localhost:\d+)\/graphql/.exec(out);
          if (m) resolve(m[1]!);
        });
        server!.on('exit', (c) => reject(new Error(`server exited ${c}`)));
      });
    });

    it('sends a command to the server holding the database on its own, and says so on stderr', () => {
      const r = cli(['ingest', csv, '--name', 'sales2'], env);
      expect(r.stderr).toMatch(/note: the embedded database in .* is in use by the server at http:\/\/localhost:\d+ \(pid \d+\); sending this command to it/);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/sales2: 2 rows loaded, 1 rejected/);
      const d = cli(['datasets'], env);
      expect(d.status).toBe(0);
      expect(d.stderr).toMatch(/sending this command to it/);
      expect(d.stdout).toMatch(/^sales2 +2 +day:time, region:dimension, amount:measure/m);
    }, 600_000);

    it('runs every command against the server with --server, opening no database of its own', () => {
      // A data dir that does not exist: were any command to open a database, it would appear.
      const elsewhere = { ...env, INSIGHTQL_DATA_DIR: join(dir, 'never-opened') };
      const run = (args: string[], input?: string) => {
        const r = spawnSync(TSX, [CLI, ...args, '--server', base], { env: { ...process.env, ...elsewhere, LOG_LEVEL: 'silent' }, encoding: 'utf8', timeout: 300_000, input });
        expect(r.stderr, args.join(' ')).toBe('');
        expect(r.status, args.join(' ')).toBe(0);
        return r.stdout;
      };
      expect(run(['ingest', csv, '--name', 'shop'])).toMatch(/shop: 2 rows loaded, 1 rejected/);
      expect(run(['datasets'])).toMatch(/^shop +2 +day:time, region:dimension, amount:measure/m);
      // GraphQL's enum spelling, as an answer's interpretation.query holds it.
      const q = JSON.parse(run(['query', '{"dataset":"shop","measures":[{"column":"amount","agg":"SUM"}],"dimensions":["region"],"orderBy":[{"field":"region","direction":"DESC"}]}', '--json']));
      expect(q.rows).toEqual([
        { region: 'south', sum_amount: 12 },
        { region: 'north', sum_amount: 10 },
      ]);
      expect(JSON.parse(run(['quality', 'shop', '--json']))).toMatchObject({ dataset: 'shop', version: 1, rowCount: 2 });
      expect(run(['clean', 'shop', 'trimAndCase', '--columns', 'region', '--case', 'upper', '--preview'])).toMatch(/preview/);
      expect(run(['clean', 'shop', 'renameColumn', '--column', 'region', '--new-name', 'area'])).toMatch(/renamed 'region' to 'area'; 'shop' is now at version 2/);
      expect(run(['versions', 'shop'])).toMatch(/^2 +renameColumn +\{"column":"region","newName":"area"\} +2 +graphql .* current\s*$/m);
      expect(run(['recipe', 'shop'])).toMatch(/^1 +renameColumn +\{"column":"region","newName":"area"\} +yes\s*$/m);
      expect(run(['revert', 'shop', '1'])).toMatch(/version 3/);
      expect(run(['prune', 'shop', '--keep', '1']).trim()).toBe('shop: pruned 1, 2; kept 3');
      const a = JSON.parse(run(['ask', 'total amount by region', '--dataset', 'shop', '--json']));
      expect(a.result.rows).toEqual(expect.arrayContaining([{ region: 'north', sum_amount: 10 }]));
      // The answer's query pastes into `insightql query` unchanged.
      expect(JSON.parse(run(['query', JSON.stringify(a.interpretation.query), '--json'])).rows).toEqual(a.result.rows);
      const chat = run(['chat', '--dataset', 'shop'], 'total amount by region\n:quit\n');
      expect(chat).toMatch(/Ask about .*shop/);
      expect(chat).toMatch(/north +10/);
      expect(existsSync(elsewhere.INSIGHTQL_DATA_DIR)).toBe(false);
    }, 900_000);

    it('sends the API key from INSIGHTQL_API_KEY as a bearer token, and says plainly when the server is unreachable', async () => {
      const seen: (string | undefined)[] = [];
      // A real HTTP hop in front of the server that records what the CLI sent.
      const proxy = createServer((req, res) => {
        seen.push(req.headers.authorization);
        const up = request(`${base}${req.url}`, { method: req.method, headers: req.headers }, (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        });
        req.pipe(up);
      });
      await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
      const via = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      try {
        const key = { ...env, INSIGHTQL_API_KEY: 'iq_test_key' };
        const d = await cliAsync(['datasets', '--server', via], key);
        expect(d.code).toBe(0);
        expect(d.stdout).toMatch(/^shop /m);
        const i = await cliAsync(['ingest', csv, '--name', 'keyed', '--server', via], key);
        expect(i.code).toBe(0);
        expect(seen).toEqual(['Bearer iq_test_key', 'Bearer iq_test_key']);
      } finally {
        proxy.close();
      }
      const gone = await cliAsync(['datasets', '--server', 'http://127.0.0.1:9'], env);
      expect(gone.code).toBe(1);
      expect(gone.stderr).toMatch(/DATABASE_UNAVAILABLE.*cannot reach the server at http:\/\/127\.0\.0\.1:9/);
    }, 600_000);
  });
});
