import type { Config } from '../../src/config/config.js';
import { startApp, type App } from '../../src/main.js';
import { createLogger } from '../../src/shared/logger.js';
import type { TestTarget } from './targets.js';

export interface TestServer {
  app: App;
  url: string;
  base: string;
  // Loosely typed on purpose: tests assert on the JSON a client would see.
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<{ data?: T; errors?: any }>;
  close(): Promise<void>;
}

/** Starts the real server on a free port against a fresh database of the target. */
export async function startTestServer(target: TestTarget, over: Partial<Config> = {}): Promise<TestServer> {
  const db = await target.fresh();
  const app = await startApp({ ...db.config, ...over }, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'));
  const base = `http://127.0.0.1:${app.server.port}`;
  const url = `${base}/graphql`;
  return {
    app,
    url,
    base,
    async gql(query, variables) {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
      return (await res.json()) as any;
    },
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
