import { Readable } from 'node:stream';
import type { Config } from '../../../src/config/config.js';
import { startApp, type App } from '../../../src/main.js';
import { createLogger } from '../../../src/shared/logger.js';

/** A running server and clients that send a bearer credential and a client key like the web app does. */
export interface FaceServer {
  app: App;
  base: string;
  gql<T = any>(query: string, variables?: Record<string, unknown>, opts?: Creds): Promise<{ data?: T; errors?: any }>;
  get(path: string, opts?: Creds): Promise<Response>;
  close(): Promise<void>;
}

export interface Creds {
  token?: string;
  client?: string;
  /** A raw Authorization header (for malformed ones). */
  authorization?: string;
}

function headers(o: Creds = {}): Record<string, string> {
  const h: Record<string, string> = {};
  if (o.token) h.authorization = `Bearer ${o.token}`;
  if (o.authorization) h.authorization = o.authorization;
  if (o.client) h['x-insightql-client'] = o.client;
  return h;
}

export async function startFaceServer(config: Config): Promise<FaceServer> {
  const app = await startApp({ ...config, port: 0 }, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'));
  const base = `http://127.0.0.1:${app.server.port}`;
  return {
    app,
    base,
    async gql(query, variables, opts) {
      const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers(opts) }, body: JSON.stringify({ query, variables }) });
      return (await res.json()) as any;
    },
    get: (path, opts) => fetch(`${base}${path}`, { headers: headers(opts) }),
    close: () => app.close(),
  };
}

/**
 * Two small datasets: `shop` (regions EU and US; notes that look like spreadsheet formulas) and
 * `stock` (another dataset a token for `shop` must not read).
 */
export const SHOP_CSV = [
  'day,region,product,amount,note',
  '2024-01-01,EU,apple,10,=1+2',
  '2024-01-02,EU,pear,20,+SUM(A1:A2)',
  '2024-01-03,US,apple,30,@cmd',
  '2024-01-04,US,pear,40,-2+3',
  '2024-01-05,EU,apple,50,"plain, with comma"',
  '2024-01-06,US,plum,60,ok',
].join('\n');

export const STOCK_CSV = ['day,item,qty', '2024-01-01,bolt,5', '2024-01-02,nut,7'].join('\n');

export async function loadFixtures(app: App): Promise<void> {
  for (const [name, text] of [
    ['shop', SHOP_CSV],
    ['stock', STOCK_CSV],
  ] as const) {
    await app.services.ingest.ingest({ name, input: { kind: 'stream', stream: Readable.from([Buffer.from(text)]), fileName: `${name}.csv` } });
  }
}

/** Parses CSV text (RFC 4180) into rows of cells. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

/** A response's JSON body, loosely typed: tests assert on what a client would see. */
export const jsonOf = (r: Response): Promise<any> => r.json();

export const CREATE_TOKEN = `mutation($input: EmbedTokenInput!) { createEmbedToken(input: $input) { id token expiresAt datasets rowFilters { column value } origins } }`;
