import { afterAll, beforeAll, expect } from 'vitest';
import type { Browser } from 'playwright-core';
import { testTargets } from '../../support/targets.js';
import { CREATE_TOKEN, loadFixtures, startFaceServer, type Creds, type FaceServer } from '../../integration/face/support.js';
import { ensureWebBuilt, hostPage, launch, warmUp, type HostPage } from './browser.js';

/** What a browser suite's tests reach, filled in by its beforeAll. */
export interface BrowserSuite {
  readonly s: FaceServer;
  readonly browser: Browser;
  /** The page on another origin; only when the suite asked for one. */
  readonly host: HostPage;
  /** The HTML the host page serves on its next load. */
  html: string;
}

export interface BrowserSuiteOptions {
  /**
   * Readies the server once it runs. The default loads the `shop` and `stock` fixtures and asks once:
   * the first question of a fresh server loads the language models, which is not what a page measures.
   */
  prepare?: ((s: FaceServer) => Promise<void>) | 'fixtures' | 'nothing';
  /** Serve a page on another origin too (for the widget's script tag). */
  hostPage?: boolean;
}

/**
 * Registers the suite's set-up and teardown in the current describe: the web build, a server on a
 * fresh embedded database, the host page when asked, and Debian's Chromium.
 */
export function browserSuite(opts: BrowserSuiteOptions = {}): BrowserSuite {
  const env = { html: '' } as { s: FaceServer; browser: Browser; host: HostPage; html: string };
  const [embedded] = testTargets();
  beforeAll(async () => {
    ensureWebBuilt();
    env.s = await startFaceServer((await embedded!.fresh()).config);
    const prepare = opts.prepare ?? 'fixtures';
    if (prepare === 'fixtures') {
      await loadFixtures(env.s.app);
      await warmUp(env.s);
    } else if (prepare !== 'nothing') await prepare(env.s);
    if (opts.hostPage) env.host = await hostPage(() => env.html);
    env.browser = await launch();
  }, 600_000);
  afterAll(async () => {
    await env.browser?.close();
    await env.host?.close();
    await env.s?.close();
  });
  return env;
}

/** Creates an embed token over GraphQL (as the local admin unless `creds` say otherwise). */
export async function embedToken(s: FaceServer, input: Record<string, unknown>, creds?: Creds): Promise<string> {
  const r = await s.gql(CREATE_TOKEN, { input }, creds);
  expect(r.errors).toBeUndefined();
  return r.data.createEmbedToken.token;
}
