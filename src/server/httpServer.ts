import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import express, { type Request, type Response } from 'express';
import { buildSchema } from '../graphql/schema.js';
import { AppError, ErrorCode } from '../shared/errors.js';
import type { Context } from '../graphql/context.js';
import type { Services } from '../services.js';
import { applyCors } from '../auth/browserSafety.js';
import { hostPolicy } from '../auth/hostAllowList.js';
import { uploadRoute } from './uploadRoute.js';
import { eventsRoute } from '../realtime/eventsRoute.js';
import { attachWebSocket } from './websocket.js';
import { hostGatedListener } from './hostGate.js';
import { cappedStringify, graphqlHandler } from './graphqlHandler.js';
import { apolloGuards } from './plugins/apolloGuards.js';
import { createRequestGuards, withoutSafeguards } from './plugins/requestGuards.js';
import { ideHandler } from '../web/staticRoutes.js';
import { registerFaceRoutes } from '../web/faceRoutes.js';
import { RateLimiter } from './plugins/rateLimit.js';
import { RequestGate } from './requestGate.js';
import { sendHttpError } from './httpErrors.js';

export { errorBody, httpStatus } from './httpErrors.js';

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
export async function startHttpServer(services: Services, opts: { port: number; host?: string; safeguards?: 'on' | 'off' }): Promise<RunningServer> {
  const { log, config } = services;
  const app = express();
  app.disable('x-powered-by');
  let onGraphql: ((req: http.IncomingMessage, res: http.ServerResponse) => void) | null = null;
  const ide = ideHandler(config);
  const schema = buildSchema();
  // 'off' only for the security benchmark's reference (the cost of the safeguards is what it measures).
  const guards = opts.safeguards === 'off' ? withoutSafeguards(createRequestGuards(config, schema, log)) : createRequestGuards(config, schema, log);
  // Failed authentications per client address (bad keys): a budget, then 429 without a lookup.
  const failures = config.limits.authFailuresPerMinute;
  const gate = new RequestGate({ auth: services.auth, rate: guards.rate, failures: new RateLimiter(failures, Math.max(1, Math.ceil(failures / 2))), corsOrigins: config.corsOrigins ?? [], log });
  // Before anything else, pages and preflights included: a rebinding page must get nothing.
  const hosts = hostPolicy(config.allowedHosts, opts.host ?? config.host);
  const httpServer = http.createServer(
    hostGatedListener(hosts, () => services.auth.localMode(), (req, res, e) => gate.refuse(req, res, e), (req, res) => {
      const path = req.url!.split('?', 1)[0];
      if (applyCors(req, res, config.corsOrigins ?? [])) return;
      if (path === '/graphql' && ide(req, res)) return;
      if (path === '/graphql' && onGraphql) onGraphql(req, res);
      else app(req, res);
    }),
  );
  // Idle keep-alive sockets outlive clients' own pools (undici keeps them 4 s, load balancers 60 s):
  // with Node's 5 s default a request sent as the server closes its idle socket fails ("fetch failed").
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
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
  const ws = attachWebSocket(httpServer, schema, services, guards, gate, hosts);

  // Every data route passes the one request gate (httpErrors.ts answers its refusals); the web
  // app's static pages carry no data and load without a key.
  app.get('/health', gate.express({ rate: true }), async (_req: Request, res: Response) => {
    try {
      await services.warehouse.query('SELECT 1');
      res.json({ ok: true, database: services.warehouse.kind });
    } catch {
      res.status(503).json({ ok: false, database: services.warehouse.kind });
    }
  });
  // Every route that works for a key spends one request of that key's rate limit, the same bucket
  // as /graphql and graphql-ws: uploads and events are bounded per request as well as by their
  // body limits and the dataset's lock (batch events: one request carries many).
  app.post('/datasets/:name/events', gate.express({ upload: true, rate: true, role: 'analyst', what: 'sending events', wholeDatasets: true }), eventsRoute(services));
  app.post('/datasets/:name', gate.express({ upload: true, rate: true, role: 'analyst', what: 'uploading data', wholeDatasets: true }), uploadRoute(services));
  app.use('/export', gate.express({ rate: true }));
  registerFaceRoutes(app, services);
  onGraphql = graphqlHandler(apollo, services, guards, gate);
  app.use((err: unknown, req: Request, res: Response, _next: unknown) => {
    void _next;
    // Express's own body errors carry a status (e.g. 400 for a bad body): client input never reads as a 500.
    const status = (err as { status?: unknown })?.status;
    sendHttpError(res, typeof status === 'number' && status >= 400 && status < 500 ? new AppError(status === 413 ? ErrorCode.PAYLOAD_TOO_LARGE : ErrorCode.BAD_INPUT, `the request could not be read (${req.method} ${req.path})`) : err, log, 'unhandled HTTP error');
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
