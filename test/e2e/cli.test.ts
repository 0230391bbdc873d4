import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const CLI = join(process.cwd(), 'src', 'cli', 'main.ts');

function cli(args: string[], env: Record<string, string>) {
  return spawnSync(TSX, [CLI, ...args], { env: { ...process.env, ...env, LOG_LEVEL: 'silent' }, encoding: 'utf8', timeout: 120_000 });
}

describe('the insightql CLI on the embedded database', () => {
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

    it('says plainly that the database is in use and how to reach the server', () => {
      const r = cli(['ingest', csv, '--name', 'sales2'], env);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/in use by the server at http:\/\/localhost:\d+/);
      expect(r.stderr).toMatch(/--server/);
    });

    it('sends the work to the server with --server', async () => {
      const r = cli(['ingest', csv, '--name', 'sales2', '--server', base], env);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/sales2: 2 rows loaded, 1 rejected/);
      const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ datasets { name rowCount } }' }) });
      const j = (await res.json()) as any;
      expect(j.data.datasets).toEqual(expect.arrayContaining([{ name: 'sales', rowCount: 2 }, { name: 'sales2', rowCount: 2 }]));
    });
  });
});
