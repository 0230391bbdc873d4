import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page, type Response } from 'playwright-core';
import { webRoot } from '../../src/web/webRoot.js';

/** Debian's Chromium, driven headless by playwright-core (never a downloaded browser). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const ARTIFACTS = join(process.cwd(), 'test', 'artifacts');

/** Builds the browser files when they are missing or older than their sources. */
export function ensureWebBuilt(): void {
  const root = webRoot();
  const newest = (dir: string): number => {
    let t = 0;
    for (const e of execFileSync('find', [dir, '-type', 'f'], { encoding: 'utf8' }).split('\n').filter(Boolean)) t = Math.max(t, statSync(e).mtimeMs);
    return t;
  };
  if (root && statSync(join(root, 'index.html')).mtimeMs >= newest(join(process.cwd(), 'web'))) return;
  execFileSync('npm', ['run', 'build:web'], { stdio: 'inherit' });
}

export async function launch(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'], timeout: 120_000 });
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

/** A plain HTTP server on another port (another origin) serving one HTML page. */
export async function hostPage(html: () => string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(html());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  // localhost vs 127.0.0.1: a different origin from the app's, as a BI page on another host would be.
  return { url: `http://localhost:${port}/`, close: () => new Promise((r) => server.close(() => r())) };
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}
