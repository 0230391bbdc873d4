import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// `npm start`'s prestart (scripts/build-if-stale.mjs) in a project of its own whose `npm run build`
// only counts its runs: it builds when there is no build or a watched input is newer, and not otherwise.
const dir = mkdtempSync(join(tmpdir(), 'iq-stale-'));
const runs = join(dir, 'builds.txt');

function prestart() {
  const r = spawnSync(process.execPath, [join(dir, 'scripts', 'build-if-stale.mjs')], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  expect(r.status).toBe(0);
  return { out: r.stdout, builds: existsSync(runs) ? readFileSync(runs, 'utf8').length : 0 };
}

describe('build-if-stale (npm start builds only when the sources changed)', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('builds the first time, skips when nothing changed, rebuilds after a source, the CLI bundler or the README changes', () => {
    mkdirSync(join(dir, 'scripts'));
    mkdirSync(join(dir, 'src'));
    copyFileSync(join(process.cwd(), 'scripts', 'build-if-stale.mjs'), join(dir, 'scripts', 'build-if-stale.mjs'));
    writeFileSync(join(dir, 'scripts', 'bundle-cli.mjs'), '// stand-in\n');
    writeFileSync(join(dir, 'src', 'a.ts'), 'export const a = 1;\n');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'stale-probe', type: 'module', scripts: { build: `node -e "require('fs').appendFileSync('builds.txt', 'x')"` } }));
    const past = new Date(Date.now() - 60_000);
    for (const f of ['package.json', 'src/a.ts', 'src', 'scripts/bundle-cli.mjs']) utimesSync(join(dir, f), past, past);

    const first = prestart();
    expect(first.out).toMatch(/no build yet: building/);
    expect(first.builds).toBe(1);

    const again = prestart();
    expect(again.out).toMatch(/build is up to date/);
    expect(again.builds).toBe(1);

    writeFileSync(join(dir, 'src', 'a.ts'), 'export const a = 2;\n');
    const changed = prestart();
    expect(changed.out).toMatch(/sources changed since the last build \(src\)/);
    expect(changed.builds).toBe(2);

    writeFileSync(join(dir, 'scripts', 'bundle-cli.mjs'), '// changed\n');
    const bundler = prestart();
    expect(bundler.out).toMatch(/sources changed since the last build \(scripts\/bundle-cli\.mjs\)/);
    expect(bundler.builds).toBe(3);
    expect(prestart().builds).toBe(3);

    // The IDE's example tabs are built from the README's GraphQL blocks.
    writeFileSync(join(dir, 'README.md'), '```graphql\n{ health { ok } }\n```\n');
    const readme = prestart();
    expect(readme.out).toMatch(/sources changed since the last build \(README\.md\)/);
    expect(readme.builds).toBe(4);
    expect(prestart().builds).toBe(4);
  });
});
