import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { GraphQLError, parse, specifiedRules, validate, type ExecutionArgs, type GraphQLSchema, type ValidationRule } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { createContext } from '../graphql/context.js';
import type { Services } from '../services.js';

/**
 * GraphQL over WebSocket (graphql-ws) on the same path as HTTP. The same validation rules as HTTP
 * apply (graphql-armor's limits do not reach subscriptions by themselves).
 */
export function attachWebSocket(httpServer: http.Server, schema: GraphQLSchema, services: Services, rules: ValidationRule[]) {
  const wss = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: 1 << 20 });
  const cleanup = useServer(
    {
      schema,
      onSubscribe: (_ctx, _id, payload) => {
        const socket = _ctx.extra.socket;
        const args = {
          schema,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: { ...createContext(services, randomUUID()), connection: { drop: () => socket.terminate(), unsentBytes: () => socket.bufferedAmount, key: socket, close: (code: number, reason: string) => socket.close(code, reason) } },
        };
        let document;
        try {
          document = parse(payload.query, { maxTokens: 20_000 });
        } catch (e) {
          return [e as GraphQLError];
        }
        const errors = validate(schema, document, [...specifiedRules, ...rules]);
        if (errors.length) return errors;
        return { ...args, document } as ExecutionArgs;
      },
    },
    wss,
  );
  return {
    async close() {
      // Closing the sockets ends every subscription, and each frees its listener.
      await cleanup.dispose();
      await new Promise<void>((r) => wss.close(() => r()));
    },
  };
}
