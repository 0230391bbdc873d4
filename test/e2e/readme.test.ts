import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';

/**
 * The README runs as printed: every ```graphql and ```sh block is run against a demo server on the
 * embedded database, and any error fails. A block that cannot run here says so in the README
 * itself, on the line before it: `<!-- readme-test: skip — why -->` (it shows as a skipped test).
 *
 * The only rewrites: `http://localhost:4000` is the test server's URL, and `npx insightql` runs
 * the CLI from the sources (a fresh clone has no dist/ until `npm start` builds it).
 */
const ROOT = process.cwd();
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const CLI = join(ROOT, 'src', 'cli', 'main.ts');
const SKIP = /<!--\s*readme-test:\s*skip\b\s*[—–:-]?\s*(.*?)\s*-->/;

interface ReadmeBlock {
  lang: 'graphql' | 'sh';
  line: number;
  code: string;
  /** Why the README says this block cannot run in a test, or null. */
  skip: string | null;
}

/** The README's graphql and sh blocks, with the skip marker (if any) on the line before each. */
function readmeBlocks(text: string): ReadmeBlock[] {
  const lines = text.split('\n');
  const out: ReadmeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^```(\w+)\s*$/.exec(lines[i]!);
    if (!m) {
      if (/^```/.test(lines[i]!)) i = closing(lines, i);
      continue;
    }
    const end = closing(lines, i);
    const lang = m[1]!.toLowerCase();
    if (lang === 'graphql' || lang === 'sh' || lang === 'bash') {
      let j = i - 1;
      while (j >= 0 && !lines[j]!.trim()) j--;
      const marker = j >= 0 ? SKIP.exec(lines[j]!) : null;
      out.push({ lang: lang === 'graphql' ? 'graphql' : 'sh', line: i + 1, code: lines.slice(i + 1, end).join('\n'), skip: marker ? marker[1] || 'no reason given' : null });
    }
    i = end;
  }
  return out;
}

function closing(lines: string[], open: number): number {
  for (let k = open + 1; k < lines.length; k++) if (/^```\s*$/.test(lines[k]!)) return k;
  throw new Error(`README: the code block at line ${open + 1} is never closed`);
}

const blocks = readmeBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8'));
const title = (b: ReadmeBlock) => `${b.lang} block at README.md:${b.line}: ${b.code.split('\n')[0]!.slice(0, 70)}`;

describe('the README blocks', () => {
  it('are found, and every skipped one says why', () => {
    expect(blocks.filter((b) => b.lang === 'graphql').length).toBeGreaterThanOrEqual(5);
    expect(blocks.filter((b) => b.lang === 'sh' && !b.skip).length).toBeGreaterThanOrEqual(2);
    for (const b of blocks.filter((x) => x.skip)) expect(b.skip, title(b)).not.toBe('no reason given');
  });
});

describe('the README runs as printed, against a demo server on the embedded database', { timeout: 600_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'iq-readme-'));
  const env = { ...process.env, INSIGHTQL_DATA_DIR: join(dir, 'data'), INSIGHTQL_DEMO: 'true', DATABASE_URL: '', LOG_LEVEL: 'silent', INSIGHTQL_API_KEY: '' };
  let server: ChildProcess | null = null;
  let base = '';

  beforeAll(async () => {
    server = spawn(TSX, [CLI, 'serve'], { env: { ...env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    // Ready once the demo data is in: the blocks query it.
    base = await new Promise<string>((resolve, reject) => {
      let out = '';
      server!.stdout!.on('data', (d) => {
        out += d;
        const url = /ready at (http:\/\/localhost:\d+)\/graphql/.exec(out);
        if (url && /demo datasets loaded/.test(out)) resolve(url[1]!);
        if (/demo datasets: none loaded/.test(out)) reject(new Error(`the demo datasets did not load: ${out}`));
      });
      server!.on('exit', (c) => reject(new Error(`the demo server exited (${c}): ${out}`)));
    });
  }, 600_000);

  afterAll(() => {
    if (server?.pid) process.kill(-server.pid, 'SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  for (const b of blocks) {
    if (b.skip) {
      it.skip(`${title(b)} (skipped: ${b.skip})`, () => undefined);
      continue;
    }
    if (b.lang === 'graphql') {
      it(title(b), async () => {
        const ops = parse(b.code).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
        expect(ops.length).toBeGreaterThan(0);
        // Each operation as a client pastes it: the whole block, naming the one to run when there are several.
        for (const op of ops) {
          const res = await fetch(`${base}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true' },
            body: JSON.stringify({ query: b.code, ...(ops.length > 1 ? { operationName: op.name?.value } : {}) }),
          });
          const body = (await res.json()) as { data?: unknown; errors?: unknown[] };
          expect(body.errors, `${op.name?.value ?? 'anonymous operation'}: ${JSON.stringify(body.errors)}`).toBeUndefined();
          expect(res.status).toBe(200);
          expect(body.data).toBeTruthy();
        }
      });
    } else {
      it(title(b), () => {
        // `npx insightql` is the CLI from the sources; every other command runs as written.
        const script = [
          'set -euo pipefail',
          `npx() { if [ "\${1:-}" = insightql ]; then shift; "${TSX}" "${CLI}" "$@"; else command npx "$@"; fi; }`,
          b.code.replaceAll('http://localhost:4000', base),
        ].join('\n');
        const r = spawnSync('bash', ['-c', script], { cwd: ROOT, env, encoding: 'utf8', input: '', timeout: 540_000 });
        expect(r.status, `exit ${r.status}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`).toBe(0);
        expect(r.stdout + r.stderr).not.toMatch(/^error \[|"errors"\s*:/m);
      });
    }
  }
});
