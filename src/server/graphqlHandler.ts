import type http from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import bodyParser from 'body-parser';
import { randomUUID } from 'node:crypto';
import { withPrincipal } from '../auth/httpAuth.js';
import { runAs } from '../auth/requestScope.js';
import { clientKeyFrom, createContext, type Context } from '../graphql/context.js';
import type { Services } from '../services.js';
import { ErrorCode } from '../shared/errors.js';

/** Largest GraphQL request body; inline uploads have their own, smaller, limit in the resolver. */
export const MAX_GRAPHQL_BODY = '64mb';

/**
 * Serves /graphql straight from node:http, as Apollo's own standalone server does: no router in
 * front of the hottest path. Everything else goes to the express app.
 */
export function graphqlHandler(apollo: ApolloServer<Context>, services: Services) {
  const json = bodyParser.json({ limit: MAX_GRAPHQL_BODY });
  const fail = (res: http.ServerResponse, status: number, code: string, message: string) => {
    if (res.headersSent) return void res.end();
    res.statusCode = status;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
  };
  return (req: http.IncomingMessage, res: http.ServerResponse) =>
    withPrincipal(services.auth, req, res, (principal) => json(req, res, (err?: { type?: string }) => {
      if (err) {
        if (err.type === 'entity.too.large') return fail(res, 413, ErrorCode.PAYLOAD_TOO_LARGE, `request body is larger than ${MAX_GRAPHQL_BODY}`);
        return fail(res, 400, ErrorCode.BAD_INPUT, 'request body is not valid JSON');
      }
      const headers = new HeaderMap();
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
      const q = req.url!.indexOf('?');
      // Resolvers run as the principal (runAs: the warehouse sets its tenant on every transaction).
      runAs(principal, () => apollo
        .executeHTTPGraphQLRequest({
          httpGraphQLRequest: {
            method: req.method!.toUpperCase(),
            headers,
            search: q >= 0 ? req.url!.slice(q) : '',
            body: (req as { body?: unknown }).body,
          },
          context: async () => createContext(services, randomUUID(), clientKeyFrom(req.headers['x-insightql-client']), principal),
        })
        .then(async (r) => {
          for (const [k, v] of r.headers) res.setHeader(k, v);
          res.statusCode = r.status ?? 200;
          if (r.body.kind === 'complete') return void res.end(r.body.string);
          for await (const chunk of r.body.asyncIterator) res.write(chunk);
          res.end();
        })
        .catch((e: unknown) => {
          services.log.error({ err: e }, 'GraphQL HTTP handler failed');
          fail(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'internal error');
        }));
    }));
}
