#!/usr/bin/env node
// `npm start`'s prestart: runs `npm run build` only when a build input is newer than the last
// build (or there is none), so a restart does not pay for a full `tsc` (70 s on a fresh clone).
// What `npm run build` builds is its own business; this script only knows its inputs: add a
// folder or file to INPUTS when the build reads a new one.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// README.md: the IDE at /graphql opens with its GraphQL examples, read when the web app is built.
const INPUTS = ['src', 'migrations', 'web', 'schema.graphql', 'README.md', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'vite.config.ts', 'vite.config.js', 'scripts/bundle-cli.mjs'];
const STAMP = join(root, 'dist', '.build-stamp');

/** The newest modification time under a path (0 when it does not exist). */
function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const e of readdirSync(path)) if (e !== 'node_modules' && e !== 'dist') m = Math.max(m, newest(join(path, e)));
  return m;
}

const built = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
const changed = INPUTS.map((p) => [p, newest(join(root, p))]).filter(([, m]) => m > built);
if (built && !changed.length) {
  console.log('build is up to date (dist/ is newer than its sources)');
  process.exit(0);
}
console.log(built ? `sources changed since the last build (${changed.map(([p]) => p).join(', ')}): building` : 'no build yet: building');
const started = Date.now();
const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
if (r.status !== 0) process.exit(r.status ?? 1);
mkdirSync(dirname(STAMP), { recursive: true });
// The stamp takes the time the build started: a file saved during the build is newer, and rebuilt next time.
writeFileSync(STAMP, `${new Date(started).toISOString()}\n`);
utimesSync(STAMP, new Date(started), new Date(started));
console.log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
