import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The `insightql` command as an install runs it: tsc's build, bundled by scripts/bundle-cli.mjs
// into dist/cli.mjs, started through bin/insightql.js. Built into a folder of its own (with the
// repository's node_modules linked), so it neither needs nor touches the repository's dist/.
const ROOT = process.cwd();
const install = mkdtempSync(join(tmpdir(), 'iq-bundle-'));
const dataDir = join(install, 'data');
const env = { ...process.env, INSIGHTQL_DATA_DIR: dataDir, INSIGHTQL_DEMO: 'false', DATABASE_URL: '', LOG_LEVEL: 'silent', INSIGHTQL_API_KEY: '' };

function run(cmd: string, args: string[], cwd = install) {
  return spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 300_000 });
}
const cli = (...args: string[]) => run(process.execPath, [join(install, 'bin', 'insightql.js'), ...args]);

describe('the bundled CLI (dist/cli.mjs through bin/insightql.js)', { timeout: 600_000 }, () => {
  beforeAll(() => {
    for (const f of ['package.json', 'schema.graphql']) copyFileSync(join(ROOT, f), join(install, f));
    mkdirSync(join(install, 'bin'));
    copyFileSync(join(ROOT, 'bin', 'insightql.js'), join(install, 'bin', 'insightql.js'));
    symlinkSync(join(ROOT, 'node_modules'), join(install, 'node_modules'), 'dir');
    const tsc = run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', join(install, 'dist')], ROOT);
    expect(tsc.stdout + tsc.stderr).toBe('');
    const bundle = run(process.execPath, [join(ROOT, 'scripts', 'bundle-cli.mjs'), '--root', install], ROOT);
    expect(bundle.stderr).toBe('');
    expect(bundle.status).toBe(0);
    writeFileSync(join(install, 'sales.csv'), 'day,region,amount\n2024-01-01,north,10\n2024-01-02,south,12\n2024-01-03,north,7\n');
  });
  afterAll(() => rmSync(install, { recursive: true, force: true }));

  it('is what bin/insightql.js runs, with the load worker: no module of the unbundled tree can be what answered', () => {
    // Poison every module tsc emitted (the entry bin/ would fall back to, the ingest load worker's
    // entry and all they import): a command below that loaded any of them would fail. Older than
    // the bundle, so bin/ still takes the bundle.
    const old = new Date(Date.now() - 60_000);
    let poisoned = 0;
    for (const dir of ['src', 'migrations']) {
      for (const rel of readdirSync(join(install, 'dist', dir), { recursive: true }) as string[]) {
        if (!rel.endsWith('.js')) continue;
        const file = join(install, 'dist', dir, rel);
        writeFileSync(file, `throw new Error(${JSON.stringify(`the unbundled module dist/${dir}/${rel} ran`)});\n`);
        utimesSync(file, old, old);
        poisoned++;
      }
    }
    expect(poisoned).toBeGreaterThan(100);
    expect(statSync(join(install, 'dist', 'cli.mjs')).size).toBeGreaterThan(1_000);
    expect(statSync(join(install, 'dist', 'cli-worker-load.mjs')).size).toBeGreaterThan(1_000);
  });

  it('ingests a file (in the bundled load worker), lists datasets and answers a question on a new embedded database', () => {
    const ing = cli('ingest', join(install, 'sales.csv'), '--name', 'sales');
    expect(ing.stderr).toBe('');
    expect(ing.status).toBe(0);
    expect(ing.stdout).toMatch(/sales: 3 rows loaded, 0 rejected/);

    // The second command opens the existing database early (src/cli/earlyEmbedded.ts).
    const ds = cli('datasets');
    expect(ds.stderr).toBe('');
    expect(ds.status).toBe(0);
    expect(ds.stdout).toMatch(/^sales\s+3\s/m);

    const ask = cli('ask', 'total amount by region', '--json');
    expect(ask.stderr).toBe('');
    expect(ask.status).toBe(0);
    const answer = JSON.parse(ask.stdout);
    const text = JSON.stringify(answer);
    expect(text).toMatch(/north/);
    expect(text).toMatch(/17/);
    expect(text).toMatch(/south/);
  });

  it('reports bad arguments and leaves the database usable (an early-opened database is closed)', () => {
    const bad = cli('query', '{"dataset":"sales","measures":[{"column":"amout","agg":"sum"}]}');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/UNKNOWN_COLUMN/);
    const again = cli('datasets');
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/^sales\s+3\s/m);
  });
});
