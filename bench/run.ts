// Runs every benchmark in turn (each in its own process) and keeps their tables in bench/out/.
// Run: npm run bench            (or one: npx tsx bench/<name>.ts)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printTable } from './support.js';

const BENCHES = ['startup', 'ingest', 'graphql', 'insight', 'ask', 'nlp', 'models', 'cleaning-fuzzy', 'cleaning-sql', 'cleaning-append', 'parse'];
const only = process.argv.slice(2);
mkdirSync(join('bench', 'out'), { recursive: true });
/** Benches run by this invocation: only their figures go into the Targets table. */
const ran = new Set<string>();
for (const b of BENCHES) {
  if (only.length && !only.includes(b)) continue;
  const file = join('bench', `${b}.ts`);
  if (!ran.has(b) || !existsSync(file)) continue;
  console.log(`\n## ${b}  (load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')})`);
  rmSync(join('bench', 'out', `${b}.targets.json`), { force: true });
  ran.add(b);
  const r = spawnSync(join('node_modules', '.bin', 'tsx'), [file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, DOTENV_CONFIG_QUIET: 'true' } });
  process.stdout.write(r.stdout ?? '');
  writeFileSync(join('bench', 'out', `${b}.txt`), r.stdout ?? '');
  if (r.status !== 0) console.log(`(${b} exited with ${r.status})`);
}

// The front-door figures beside their targets, from the benches that measured them in this run
// (each writes bench/out/<name>.targets.json): start-up, the CLI's cold start, ingest vs raw COPY.
interface Target {
  what: string;
  value: string;
  target: string;
  met: boolean;
}
const targets: Record<string, string>[] = [];
for (const b of ['startup', 'ingest']) {
  const file = join('bench', 'out', `${b}.targets.json`);
  if (!ran.has(b) || !existsSync(file)) continue;
  for (const t of JSON.parse(readFileSync(file, 'utf8')) as Target[]) targets.push({ bench: b, what: t.what, measured: t.value, target: t.target, met: t.met ? 'yes' : 'no' });
}
printTable('Targets (this run)', targets);
