import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Frame, type Page, type Response } from 'playwright-core';
import { webRoot } from '../../../src/web/webRoot.js';
import type { Creds, FaceServer } from '../../integration/face/support.js';

// Chromium and page helpers with no test runner in them, so bench/web.ts can use them too; the
// vitest set-up of a browser suite is in suite.ts.

/** Debian's Chromium, driven headless by playwright-core (never a downloaded browser). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const ARTIFACTS = join(process.cwd(), 'test', 'artifacts');
/** How long one browser step may wait (a page load, a selector, an answer) on a loaded 2-core machine. */
export const STEP_MS = 120_000;

/** Builds the browser files when they are missing or older than their sources (the README too: the IDE's tabs). */
export function ensureWebBuilt(): void {
  const root = webRoot();
  const newest = (dir: string): number => {
    let t = 0;
    for (const e of execFileSync('find', [dir, '-type', 'f'], { encoding: 'utf8' }).split('\n').filter(Boolean)) t = Math.max(t, statSync(e).mtimeMs);
    return t;
  };
  const sources = Math.max(newest(join(process.cwd(), 'web')), statSync(join(process.cwd(), 'README.md')).mtimeMs);
  const fresh = () => {
    const r = webRoot();
    return !!r && existsSync(join(r, 'index.html')) && statSync(join(r, 'index.html')).mtimeMs >= sources;
  };
  if (root && fresh()) return;
  // Two browser suites run at once (two vitest workers): one builds while the other waits, so they
  // never write the same files together.
  const lock = join(process.cwd(), 'dist', '.web-build.lock');
  mkdirSync(join(process.cwd(), 'dist'), { recursive: true });
  const deadline = Date.now() + 600_000;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch {
      // A lock whose builder is gone (killed mid-build) is stale; a slow live build is waited for.
      if (!holderAlive(lock)) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`the web build lock ${lock} was held for 10 minutes`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    if (!fresh()) execFileSync('npm', ['run', 'build:web'], { stdio: 'inherit' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** True while the process that took the build lock is running (or has not yet written its pid). */
function holderAlive(lock: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
  } catch {
    return existsSync(lock) && Date.now() - statSync(lock).mtimeMs < 10_000;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function launch(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'], timeout: STEP_MS });
}

/** Records what a page loads: every response body's gzipped size, by URL. */
export function recordLoads(page: Page): { js: Map<string, number>; all: string[] } {
  const js = new Map<string, number>();
  const all: string[] = [];
  page.on('response', (r: Response) => {
    all.push(r.url());
    const type = r.headers()['content-type'] ?? '';
    if (/javascript|css/.test(type)) void r.body().then((b) => js.set(r.url(), gzipSync(b).length), () => undefined);
  });
  return { js, all };
}

export interface HostPage {
  url: string;
  origin: string;
  close(): Promise<void>;
}

/** A plain HTTP server on another port (another origin) serving one HTML page. */
export async function hostPage(html: () => string): Promise<HostPage> {
  const server = http.createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(html());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  // localhost vs 127.0.0.1: a different origin from the app's, as a BI page on another host would be.
  const url = `http://localhost:${port}/`;
  return { url, origin: new URL(url).origin, close: () => new Promise((r) => server.close(() => r())) };
}

/**
 * A host page that mounts the widget through the script tag into `#w`: `before` goes ahead of the
 * widget's element, `after` behind the script tag (a host script that drives the widget goes there).
 */
export function widgetHtml(base: string, attrs: Record<string, string>, parts: { before?: string; after?: string } = {}): string {
  const data = Object.entries(attrs).map(([k, v]) => `data-${k}="${v}"`).join(' ');
  return `<!doctype html><html><body>${parts.before ?? ''}<div id="w"></div>
<script src="${base}/embed.js" ${data} data-target="#w"></script>
${parts.after ?? ''}</body></html>`;
}

/** Opens a host page in `page` and returns the widget's frame once its question box is there. */
export async function openWidget(page: Page, url: string): Promise<Frame> {
  await page.goto(url, { timeout: STEP_MS });
  const frame = (await (await page.waitForSelector('#w iframe', { timeout: STEP_MS })).contentFrame())!;
  await frame.waitForSelector('#question', { timeout: STEP_MS });
  return frame;
}

/** Replaces the IDE's query with `text` and runs it. */
export async function runInIde(page: Page, text: string): Promise<void> {
  await page.locator('.graphiql-query-editor .CodeMirror').first().click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
  await page.locator('.graphiql-execute-button').click();
}

/** Waits until the IDE's response pane matches `pattern`. */
export async function ideShows(page: Page, pattern: RegExp): Promise<void> {
  await page.waitForFunction(
    ([source, flags]) => new RegExp(source!, flags).test((globalThis as any).document.querySelector('.graphiql-response')?.textContent ?? ''),
    [pattern.source, pattern.flags],
    { timeout: STEP_MS },
  );
}

/**
 * Asks one question of the `shop` fixture so the language models are loaded: the first question of a
 * fresh server loads them, which is not what a page load measures.
 */
export async function warmUp(s: FaceServer, creds?: Creds): Promise<void> {
  await s.gql(`{ ask(question: "total amount", dataset: "shop") { text } }`, undefined, creds);
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}
