import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The Dockerfile's build stage without Docker (no daemon here or in CI): exactly what its COPY
// lines bring in, laid into a folder of its own with the repository's node_modules linked, then
// its `npm run build`. A build input the Dockerfile does not copy (scripts/ once) fails here.
const ROOT = process.cwd();
const dir = mkdtempSync(join(tmpdir(), 'iq-docker-'));

/** The build stage's COPY lines (from the context, not --from another stage): [sources, destination]. */
function buildStageCopies(dockerfile: string): [string[], string][] {
  const stages = dockerfile.split(/^FROM\s/m).slice(1);
  return stages[0]!
    .split('\n')
    .map((l) => /^COPY\s+(?!--from)(.+)$/.exec(l.trim())?.[1]?.split(/\s+/))
    .filter((parts): parts is string[] => !!parts && parts.length >= 2)
    .map((parts) => [parts.slice(0, -1), parts.at(-1)!]);
}

describe('the Docker image’s build stage', { timeout: 600_000 }, () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('builds the server, the bundled CLI with its load worker, and the web app from what it copies', () => {
    const copies = buildStageCopies(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
    expect(copies.length).toBeGreaterThan(2);
    for (const [sources, dest] of copies) {
      for (const src of sources) cpSync(join(ROOT, src), dest.endsWith('/') ? join(dir, dest, src) : join(dir, dest), { recursive: true });
    }
    // `npm ci` in the image; here the repository's own install.
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const r = spawnSync('npm', ['run', 'build'], { cwd: dir, encoding: 'utf8', timeout: 540_000 });
    expect(r.status, `${r.stdout}\n${r.stderr}`.slice(-3000)).toBe(0);
    for (const out of ['dist/src/cli/main.js', 'dist/cli.mjs', 'dist/cli-worker-load.mjs', 'dist/web/index.html', 'dist/web/ide.html', 'dist/web/embed.js']) {
      expect(existsSync(join(dir, out)), out).toBe(true);
    }
  });
});
