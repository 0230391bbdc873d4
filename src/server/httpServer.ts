import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import express, { type Request, type Response } from 'express';
import { buildSchema } from '../graphql/schema.js';
import type { Context } from '../graphql/context.js';
import { makeFormatError } from '../graphql/errors.js';
import type { Services } from '../services.js';
import { ErrorCode, isAppError } from '../shared/errors.js';
import { uploadRoute } from './uploadRoute.js';
import { eventsRoute } from '../realtime/eventsRoute.js';
import { attachWebSocket } from './websocket.js';
import { graphqlHandler } from './graphqlHandler.js';

export interface RunningServer {
  url: string;
  port: number;
  http: http.Server;
  stop(): Promise<void>;
}


/**
 * The HTTP front: Apollo Server 5 at /graphql straight on node:http (with query limits from
 * graphql-armor and Apollo's token limit), and an express app for the rest: streaming uploads at
 * POST /datasets/:name and /health. WebSocket subscriptions share the /graphql path.
 */
export async function startHttpServer(services: Services, opts: { port: number; host?: string }): Promise<RunningServer> {
  const { log, config } = services;
  const app = express();
  app.disable('x-powered-by');
  let onGraphql: ((req: http.IncomingMessage, res: http.ServerResponse) => void) | null = null;
  const httpServer = http.createServer((req, res) => {
    const path = req.url!.split('?', 1)[0];
    if (path === '/graphql' && onGraphql) onGraphql(req, res);
    else app(req, res);
  });
  const schema = buildSchema();
  // Token limits are enforced by Apollo's parser (a clean 400); armor's own would surface as a 500.
  const armor = new ApolloArmor({
    maxTokens: { enabled: false },
    maxDepth: { n: 12 },
    maxAliases: { n: 30 },
    costLimit: { maxCost: 20_000 },
    blockFieldSuggestion: { enabled: config.nodeEnv === 'production' },
  });
  const protection = armor.protect();
  const apollo = new ApolloServer<Context>({
    schema,
    plugins: [...(protection.plugins as ApolloServerPlugin<Context>[]), ApolloServerPluginDrainHttpServer({ httpServer })],
    validationRules: protection.validationRules,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: config.nodeEnv === 'development' && config.logLevel === 'debug',
    parseOptions: { maxTokens: 20_000 },
    formatError: makeFormatError(log.child({ component: 'graphql' })),
    introspection: true,
  });
  await apollo.start();
  const ws = attachWebSocket(httpServer, schema, services, protection.validationRules);

  app.get('/health', async (_req: Request, res: Response) => {
    try {
      await services.warehouse.query('SELECT 1');
      res.json({ ok: true, database: services.warehouse.kind });
    } catch {
      res.status(503).json({ ok: false, database: services.warehouse.kind });
    }
  });
  app.post('/datasets/:name/events', eventsRoute(services));
  app.post('/datasets/:name', uploadRoute(services));
  onGraphql = graphqlHandler(apollo, services);
  app.use((err: unknown, _req: Request, res: Response, _next: unknown) => {
    void _next;
    log.error({ err }, 'unhandled HTTP error');
    res.status(500).json({ error: { code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'internal error' } });
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(opts.port, opts.host ?? config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://localhost:${port}/graphql`;
  return {
    url,
    port,
    http: httpServer,
    async stop() {
      await ws.close();
      await apollo.stop();
    },
  };
}

/** JSON body of a REST error. */
export function errorBody(e: unknown): { error: { code: string; message: string; details?: unknown } } {
  if (isAppError(e)) return { error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) } };
  return { error: { code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'internal error' } };
}

/** HTTP status for an AppError code. */
export function httpStatus(e: unknown): number {
  if (!isAppError(e)) return 500;
  switch (e.code) {
    case ErrorCode.DATASET_NOT_FOUND:
    case ErrorCode.NOT_FOUND:
      return 404;
    case ErrorCode.PAYLOAD_TOO_LARGE:
      return 413;
    case ErrorCode.CONFLICT:
    case ErrorCode.DATASET_EXISTS:
    case ErrorCode.SCHEMA_MISMATCH:
      return 409;
    case ErrorCode.DATABASE_UNAVAILABLE:
      return 503;
    case ErrorCode.FORBIDDEN:
      return 403;
    case ErrorCode.QUERY_TIMEOUT:
      return 504;
    default:
      return 400;
  }
}
