import { join } from 'node:path';
import type { Config } from '../../../src/config/config.js';
import { vegaDataDir } from '../../../src/demo/demoLoader.js';
import { startApp, type App } from '../../../src/main.js';
import { createLogger } from '../../../src/shared/logger.js';

/** A running server with a GraphQL client that can send the client-key header. */
export interface ChatServer {
  app: App;
  // Loosely typed on purpose: tests assert on the JSON a client would see.
  gql<T = any>(query: string, variables?: Record<string, unknown>, clientKey?: string): Promise<{ data?: T; errors?: any }>;
  close(): Promise<void>;
}

/** Starts the real server on a free port with the given database config (so a test can restart on the same database). */
export async function startChatServer(config: Config): Promise<ChatServer> {
  const app = await startApp({ ...config, port: 0 }, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'));
  const url = `http://127.0.0.1:${app.server.port}/graphql`;
  return {
    app,
    async gql(query, variables, clientKey) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (clientKey !== undefined) headers['x-insightql-client'] = clientKey;
      const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      return (await res.json()) as any;
    },
    close: () => app.close(),
  };
}

/** The four demo datasets of the dev set, under their demo names. */
export const DEMO = [
  { name: 'seattle_weather', file: 'seattle-weather.csv' },
  { name: 'stocks', file: 'stocks.csv' },
  { name: 'unemployment_across_industries', file: 'unemployment-across-industries.json' },
  { name: 'movies', file: 'movies.json' },
];

/** Ingests demo files from vega-datasets. */
export async function ingestDemo(app: App, names: readonly string[] = DEMO.map((d) => d.name)): Promise<void> {
  for (const d of DEMO.filter((x) => names.includes(x.name))) {
    await app.services.ingest.ingest({ name: d.name, input: { kind: 'file', path: join(vegaDataDir(), d.file) } });
  }
}

export const ANSWER_FIELDS = `text dataset confidence suggestions conversationId messageId chart
  interpretation { intent query restatement notes }
  result { columns { name role } rows totalRows truncated }
  clarification { message options unknownTerms }`;

export const ASK = `query($q: String!, $d: String, $c: ID) { ask(question: $q, dataset: $d, conversationId: $c) { ${ANSWER_FIELDS} } }`;

/** The numbers of a row, in column order. */
export function numbers(row: Record<string, unknown>): number[] {
  return Object.values(row)
    .map((v) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : null))
    .filter((v): v is number => v !== null);
}
