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
  const controllers = new Map<string, AbortController>();
  const cleanup = useServer(
    {
      schema,
      onSubscribe: (_ctx, id, payload) => {
        const controller = new AbortController();
        controllers.set(id, controller);
        const args = {
          schema,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: { ...createContext(services, randomUUID()), signal: controller.signal },
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
      onComplete: (_ctx, id) => {
        controllers.get(id)?.abort();
        controllers.delete(id);
      },
    },
    wss,
  );
  return {
    async close() {
      for (const c of controllers.values()) c.abort();
      await cleanup.dispose();
      await new Promise<void>((r) => wss.close(() => r()));
    },
  };
}
