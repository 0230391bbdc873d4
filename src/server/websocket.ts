import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { GraphQLError, parse, specifiedRules, validate, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { Context as WsContext } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { HostPolicy } from '../auth/hostAllowList.js';
import { localPrincipal, type Principal } from '../auth/principal.js';
import { executeAsPrincipal, subscribeAsPrincipal, wsAuthorization, wsClientKey, wsOnConnect, wsPrincipal } from '../auth/wsAuth.js';
import { createContext } from '../graphql/context.js';
import { formatWith, requestErrorFrom } from '../graphql/errors.js';
import type { Services } from '../services.js';
import { isAppError } from '../shared/errors.js';
import { withShareKey } from '../warehouse/fairShare.js';
import { requestKey } from './plugins/requestKey.js';
import type { RequestGuards } from './plugins/requestGuards.js';
import type { RequestGate } from './requestGate.js';
import { tooLarge } from './graphqlHandler.js';
import { upgradeGate } from './hostGate.js';
import { attachHeartbeat } from './wsHeartbeat.js';

/** graphql-js's own errors carry no code; Apollo adds these two, so the socket does too. */
const withCode = (e: GraphQLError, code: string) => new GraphQLError(e.message, { nodes: e.nodes, source: e.source, positions: e.positions, extensions: { ...e.extensions, code } });

type Extra = { socket: WebSocket; request: http.IncomingMessage };
type Ctx = WsContext<Record<string, unknown> | undefined, Extra>;

/**
 * GraphQL over WebSocket (graphql-ws) on the same path as HTTP, with the same guards as HTTP
 * (token limit, document shape, validation rules, cost, rate limit per key), subscription limits
 * per connection and per key, and errors masked by the same formatter, so a client sees the same
 * `extensions.code` on either transport and never a raw database or JavaScript message.
 */
export function attachWebSocket(httpServer: http.Server, schema: GraphQLSchema, services: Services, g: RequestGuards, gate: RequestGate, hosts: HostPolicy) {
  // The upgrade passes the Host allow-list, then the Origin check, before the key or graphql-ws.
  const verifyClient = upgradeGate(hosts, () => services.auth.localMode(), services.config.corsOrigins ?? []);
  const wss = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: Math.min(g.maxBodyBytes, 1 << 20), verifyClient });
  /** Each connection's open subscriptions and the release of their slots. */
  const open = new WeakMap<object, Map<string, () => void>>();
  const slots = (ctx: Ctx) => open.get(ctx) ?? open.set(ctx, new Map()).get(ctx)!;
  /** Who the connection authenticated as (onConnect), local mode's principal before any key exists. */
  const principalOf = (ctx: Ctx): Principal => wsPrincipal(ctx.extra) ?? localPrincipal();
  const keyOf = (ctx: Ctx) => requestKey(principalOf(ctx), ctx.extra.request.socket.remoteAddress);
  /** The key each operation's context belongs to, for the reader-pool share during execution. */
  const shareKeys = new WeakMap<object, string>();
  const format = (errors: readonly GraphQLError[]) => errors.map((e) => formatWith(g.formatError, e));

  // Liveness is ours (wsHeartbeat.ts), not graphql-ws's: its pong deadline kills busy live connections.
  attachHeartbeat(wss);
  const cleanup = useServer<Record<string, unknown> | undefined, Extra>(
    {
      schema,
      // Who the connection is (connection params `authorization`); refused keys close it with 4403.
      onConnect: wsOnConnect((params, request) => gate.authenticate(`ip:${request.socket.remoteAddress ?? 'unknown'}`, wsAuthorization(params), wsClientKey(params, request.headers))),
      onSubscribe: (ctx, id, payload) => {
        const key = keyOf(ctx);
        try {
          g.rate.admit(key);
          let document;
          try {
            document = parse(payload.query, g.parseOptions);
          } catch (e) {
            return [withCode(e as GraphQLError, 'GRAPHQL_PARSE_FAILED')];
          }
          const errors = validate(schema, document, [...specifiedRules, ...g.validationRules]);
          if (errors.length) return errors.map((e) => withCode(e, 'GRAPHQL_VALIDATION_FAILED'));
          g.beforeExecute({ document, operationName: payload.operationName, variables: payload.variables });
          const isSubscription = document.definitions.some((d) => d.kind === 'OperationDefinition' && d.operation === 'subscription');
          if (isSubscription) slots(ctx).set(id, g.subscriptions.open(key, slots(ctx).size));
          const principal = principalOf(ctx);
          const socket = ctx.extra.socket;
          const contextValue = {
            ...createContext(services, randomUUID(), principal.clientKey, principal),
            // A subscriber too slow to keep up is dropped (src/realtime/alertStream.ts).
            connection: { drop: () => socket.terminate(), unsentBytes: () => socket.bufferedAmount, key: socket, close: (code: number, reason: string) => socket.close(code, reason) },
          };
          shareKeys.set(contextValue, key);
          return { schema, document, operationName: payload.operationName, variableValues: payload.variables, contextValue } as ExecutionArgs;
        } catch (e) {
          if (e instanceof GraphQLError) return [e];
          if (isAppError(e)) return [requestErrorFrom(e, 429)];
          throw e;
        }
      },
      // Queries and mutations over the socket spend their key's share of the reader pool, like HTTP.
      // Every operation runs as the connection's principal (runAs), like an HTTP request.
      execute: (args) => withShareKey(shareKeys.get(args.contextValue as object) ?? 'ws', () => executeAsPrincipal(args)),
      subscribe: subscribeAsPrincipal,
      onError: (_ctx, _id, _payload, errors) => format(errors),
      onNext: (_ctx, _id, _payload, _args, result: ExecutionResult) => {
        const out = result.errors ? { ...result, errors: format(result.errors) } : result;
        const size = Buffer.byteLength(JSON.stringify(out));
        return size > g.maxResponseBytes ? { errors: [tooLarge(g.maxResponseBytes)] } : out;
      },
      onComplete: (ctx, id) => {
        slots(ctx).get(id)?.();
        slots(ctx).delete(id);
      },
      onClose: (ctx) => {
        for (const release of slots(ctx).values()) release();
        open.delete(ctx);
      },
    },
    wss,
    0,
  );
  return {
    async close() {
      // Closing the sockets ends every subscription, and each frees its listener.
      await cleanup.dispose();
      await new Promise<void>((r) => wss.close(() => r()));
    },
  };
}
