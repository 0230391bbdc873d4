// Start-up: `npm start` (build-if-stale, then the server on the embedded database with the demo
// data) and the CLI's cold start (`insightql datasets` on the embedded database), each against its
// target, with where the CLI's time goes and references measured in the same run.
// Run: npx tsx bench/startup.ts   (builds dist/ first when the sources are newer; STARTUP_RUNS=N, default 5)
// The CLI runs as installed: bin/insightql.js, which starts the bundle (dist/cli.mjs); tsc's
// unbundled output and a bare `node -e 0` are timed in the same rounds, each round running all
// three in turn so they see the same load.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, printTable } from './support.js';

const ROOT = process.cwd();
const MAIN = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const BIN = join(ROOT, 'bin', 'insightql.js');
const BUNDLE = join(ROOT, 'dist', 'cli.mjs');
const RUNS = Number(process.env.STARTUP_RUNS ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'iq-startup-'));
const dataDir = join(dir, 'data');
const env = { ...process.env, INSIGHTQL_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent', DOTENV_CONFIG_QUIET: 'true', INSIGHTQL_API_KEY: '' };

const secs = (t0: number) => (performance.now() - t0) / 1000;
function timed(cmd: string, args: string[], extra: Record<string, string> = {}): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { env: { ...env, ...extra }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return secs(t0);
}

/** Starts the built server; resolves with the times to "ready" and to the demo data, and a stop function. */
function serve(demo: boolean): Promise<{ ready: number; demo: number | null; url: string; stop(): Promise<void> }> {
  const t0 = performance.now();
  const p = spawn('node', [MAIN, 'serve'], { env: { ...env, PORT: '0', INSIGHTQL_DEMO: String(demo) }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let ready = 0;
    let url = '';
    const stop = () => new Promise<void>((r) => (p.once('exit', () => r()), p.kill('SIGTERM')));
    p.stdout.on('data', (d) => {
      out += d;
      const m = /ready at (http:\/\/localhost:\d+)\/graphql/.exec(out);
      if (m && !ready) ((ready = secs(t0)), (url = m[1]!));
      const loading = /loading the demo datasets/.test(out);
      if (ready && (!demo || !loading)) resolve({ ready, demo: null, url, stop });
      else if (ready && /demo datasets loaded/.test(out)) resolve({ ready, demo: secs(t0), url, stop });
    });
    p.on('exit', (c) => reject(new Error(`server exited ${c}: ${out}`)));
  });
}

// Where a cold `datasets` spends its time: the same steps as the CLI, timed in a fresh process.
const PHASES = `
const t0 = performance.now(); const lap = {}; const mark = (k) => (lap[k] = performance.now() - t0);
const { loadConfig } = await import(${JSON.stringify(join(ROOT, 'dist/src/config/config.js'))});
const { createLogger } = await import(${JSON.stringify(join(ROOT, 'dist/src/shared/logger.js'))});
mark('node + config');
const { openTransport } = await import(${JSON.stringify(join(ROOT, 'dist/src/cli/transport.js'))});
mark('import transport');
const { Warehouse } = await import(${JSON.stringify(join(ROOT, 'dist/src/warehouse/warehouse.js'))});
await import(${JSON.stringify(join(ROOT, 'dist/src/services.js'))}); await import(${JSON.stringify(join(ROOT, 'dist/src/graphql/schema.js'))});
mark('import services + schema');
const w = await Warehouse.open({ databaseUrl: null, dataDir: process.env.INSIGHTQL_DATA_DIR, logger: createLogger('silent'), shortLived: true });
mark('open embedded database');
await w.migrate(); mark('migrations check'); await w.close();
const t = await openTransport(loadConfig(), createLogger('silent'), { actor: 'bench' });
mark('open again + services + schema');
await t.request('{ datasets { name rowCount columns { name role } } }'); mark('datasets query');
await t.close(); mark('close');
console.log(JSON.stringify(lap));
`;

async function main() {
  console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}; ${RUNS} run(s) each, median`);
  const build = timed('node', ['scripts/build-if-stale.mjs']);
  const prestart = median(Array.from({ length: RUNS }, () => timed('node', ['scripts/build-if-stale.mjs'])));

  const first = await serve(true);
  await first.stop();
  const restarts: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = await serve(true);
    restarts.push(s.ready);
    await s.stop();
  }

  if (!existsSync(BUNDLE)) throw new Error('dist/cli.mjs is missing: npm run build bundles the CLI (esbuild is a devDependency)');
  // The first command on the new data dir creates the database: not a cold start of an existing one.
  timed('node', [BIN, 'datasets']);
  const cold: number[] = [];
  const unbundled: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    cold.push(timed('node', [BIN, 'datasets']));
    unbundled.push(timed('node', [MAIN, 'datasets']));
    bare.push(timed('node', ['-e', '0']));
  }
  const bareNode = median(bare);
  const phaseFile = join(dir, 'phases.mjs');
  writeFileSync(phaseFile, PHASES);
  const phases = JSON.parse(spawnSync('node', [phaseFile], { env, encoding: 'utf8' }).stdout) as Record<string, number>;

  const s = await serve(false);
  const viaServer = median(Array.from({ length: RUNS }, () => timed('node', [MAIN, 'datasets'])));
  await s.stop();

  printTable('npm start and the CLI cold start', [
    { what: 'prestart, sources unchanged (build-if-stale)', seconds: prestart, target: '< 1 s (no tsc)', met: prestart < 1 ? 'yes' : 'no' },
    { what: `prestart when it had to build (this run)`, seconds: build, target: '—', met: '' },
    { what: 'first start → "ready" (fresh data dir)', seconds: first.ready, target: '—', met: '' },
    { what: 'first start → demo datasets loaded', seconds: first.demo ?? 0, target: '—', met: '' },
    { what: 'restart → "ready" (demo data already there)', seconds: median(restarts), target: '< 10 s', met: median(restarts) < 10 ? 'yes' : 'no' },
    { what: 'CLI cold start: `insightql datasets`, embedded (bin/, bundled)', seconds: median(cold), target: '< 2 s', met: median(cold) < 2 ? 'yes' : 'no' },
    { what: 'reference: the same, unbundled (dist/src/cli/main.js)', seconds: median(unbundled), target: '—', met: '' },
    { what: 'reference: `insightql datasets` sent to the running server', seconds: viaServer, target: '—', met: '' },
    { what: 'reference: bare `node -e 0`', seconds: bareNode, target: '—', met: '' },
  ]);
  // For bench/run.ts's table of targets.
  mkdirSync(join(ROOT, 'bench', 'out'), { recursive: true });
  writeFileSync(
    join(ROOT, 'bench', 'out', 'startup.targets.json'),
    JSON.stringify([
      { what: 'restart → "ready" (npm start, demo data there)', value: `${median(restarts).toFixed(2)} s`, target: '< 10 s', met: median(restarts) < 10 },
      { what: 'CLI cold start (`insightql datasets`, embedded)', value: `${median(cold).toFixed(2)} s (bare node ${bareNode.toFixed(2)} s)`, target: '< 2 s', met: median(cold) < 2 },
      { what: 'prestart with sources unchanged', value: `${prestart.toFixed(2)} s`, target: '< 1 s', met: prestart < 1 },
    ]),
  );
  const keys = Object.keys(phases);
  printTable(
    'where a cold `insightql datasets` spends its time (one run, cumulative → step)',
    keys.map((k, i) => ({ step: k, 'ms at end': Math.round(phases[k]!), 'ms in step': Math.round(phases[k]! - (i ? phases[keys[i - 1]!]! : 0)) })),
  );
  const list = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(', ');
  console.log(`\nCLI cold start runs (bundled): ${list(cold)} s; unbundled: ${list(unbundled)} s; bare node: ${list(bare)} s; restarts: ${list(restarts)} s`);
  console.log(`load average at the end ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
