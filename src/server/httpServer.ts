import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import express, { type Request, type Response } from 'express';
import { buildSchema } from '../graphql/schema.js';
import type { Context } from '../graphql/context.js';
import type { Services } from '../services.js';
import { ErrorCode, isAppError } from '../shared/errors.js';
import { applyCors } from '../auth/browserSafety.js';
import { authMiddleware, requireRole, uploadCsrfGuard } from '../auth/httpAuth.js';
import { uploadRoute } from './uploadRoute.js';
import { eventsRoute } from '../realtime/eventsRoute.js';
import { attachWebSocket } from './websocket.js';
import { cappedStringify, graphqlHandler } from './graphqlHandler.js';
import { apolloGuards } from './plugins/apolloGuards.js';
import { createRequestGuards } from './plugins/requestGuards.js';
import { ideHandler } from '../web/staticRoutes.js';
import { registerFaceRoutes } from '../web/faceRoutes.js';

export interface RunningServer {
  url: string;
  port: number;
  http: http.Server;
  stop(): Promise<void>;
}


/**
 * The HTTP front: Apollo Server 5 at /graphql straight on node:http, and an express app for the
 * rest: streaming uploads at POST /datasets/:name and /health. WebSocket subscriptions share the
 * /graphql path. Both GraphQL transports take their safeguards from one `createRequestGuards`.
 */
export async function startHttpServer(services: Services, opts: { port: number; host?: string }): Promise<RunningServer> {
  const { log, config } = services;
  const app = express();
  app.disable('x-powered-by');
  let onGraphql: ((req: http.IncomingMessage, res: http.ServerResponse) => void) | null = null;
  const ide = ideHandler(config);
  const httpServer = http.createServer((req, res) => {
    const path = req.url!.split('?', 1)[0];
    if (applyCors(req, res, config.corsOrigins ?? [])) return;
    if (path === '/graphql' && ide(req, res)) return;
    if (path === '/graphql' && onGraphql) onGraphql(req, res);
    else app(req, res);
  });
  // Idle keep-alive sockets outlive clients' own pools (undici keeps them 4 s, load balancers 60 s):
  // with Node's 5 s default a request sent as the server closes its idle socket fails ("fetch failed").
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  const schema = buildSchema();
  const guards = createRequestGuards(config, schema, log);
  const apollo = new ApolloServer<Context>({
    schema,
    plugins: [apolloGuards<Context>(guards), ApolloServerPluginDrainHttpServer({ httpServer })],
    validationRules: guards.validationRules,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: config.nodeEnv === 'development' && config.logLevel === 'debug',
    parseOptions: guards.parseOptions,
    formatError: guards.formatError,
    stringifyResult: cappedStringify(guards.maxResponseBytes),
    introspection: config.introspection,
  });
  await apollo.start();
  const ws = attachWebSocket(httpServer, schema, services, guards);

  // Data routes run as the request's principal (401 without a valid key outside local mode); the
  // web app's static pages carry no data and load without one.
  const authed = authMiddleware(services.auth);
  app.get('/health', authed, async (_req: Request, res: Response) => {
    try {
      await services.warehouse.query('SELECT 1');
      res.json({ ok: true, database: services.warehouse.kind });
    } catch {
      res.status(503).json({ ok: false, database: services.warehouse.kind });
    }
  });
  app.post('/datasets/:name/events', uploadCsrfGuard(config.corsOrigins ?? []), authed, requireRole('analyst', 'sending events'), eventsRoute(services));
  app.post('/datasets/:name', uploadCsrfGuard(config.corsOrigins ?? []), authed, requireRole('analyst', 'uploading data'), uploadRoute(services));
  registerFaceRoutes(app, services);
  onGraphql = graphqlHandler(apollo, services, guards);
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
    case ErrorCode.UNAUTHENTICATED:
      return 401;
    case ErrorCode.FORBIDDEN:
      return 403;
    case ErrorCode.DATASET_NOT_FOUND:
    case ErrorCode.NOT_FOUND:
      return 404;
    case ErrorCode.PAYLOAD_TOO_LARGE:
      return 413;
    case ErrorCode.CONFLICT:
    case ErrorCode.NAME_CONFLICT:
    case ErrorCode.DATASET_EXISTS:
    case ErrorCode.SCHEMA_MISMATCH:
      return 409;
    case ErrorCode.DATABASE_UNAVAILABLE:
      return 503;
    case ErrorCode.FORBIDDEN:
      return 403;
    case ErrorCode.RATE_LIMITED:
      return 429;
    case ErrorCode.QUERY_TIMEOUT:
      return 504;
    default:
      return 400;
  }
}
