import type http from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import bodyParser from 'body-parser';
import { randomUUID } from 'node:crypto';
import { withPrincipal } from '../auth/httpAuth.js';
import { runAs } from '../auth/requestScope.js';
import { clientKeyFrom, createContext, type Context } from '../graphql/context.js';
import type { Services } from '../services.js';
import { AppError, ErrorCode, isAppError } from '../shared/errors.js';
import { withShareKey } from '../warehouse/fairShare.js';
import { requestKey } from './plugins/requestKey.js';
import type { RequestGuards } from './plugins/requestGuards.js';

/**
 * Serves /graphql straight from node:http, as Apollo's own standalone server does: no router in
 * front of the hottest path. Everything else goes to the express app. The rate limit is taken
 * before the body is read; the request's reads then spend its key's share of the reader pool.
 */
export function graphqlHandler(apollo: ApolloServer<Context>, services: Services, g: RequestGuards) {
  const json = bodyParser.json({ limit: g.maxBodyBytes });
  const fail = (res: http.ServerResponse, status: number, code: string, message: string, details?: unknown) => {
    if (res.headersSent) return void res.end();
    res.statusCode = status;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ errors: [{ message, extensions: { code, ...(details ? { details } : {}) } }] }));
  };
  // Who is asking comes first: without a valid key (outside local mode) nothing else runs (401).
  return (req: http.IncomingMessage, res: http.ServerResponse) => withPrincipal(services.auth, req, res, (principal) => {
    const key = requestKey(principal, req.socket.remoteAddress);
    try {
      g.rate.admit(key);
    } catch (e) {
      const err = e as AppError;
      res.setHeader('retry-after', String(Math.ceil(Number(err.details?.retryAfterMs ?? 1000) / 1000)));
      // The body is not read: drain it so the connection can be reused.
      req.resume();
      return fail(res, 429, err.code, err.message, err.details);
    }
    json(req, res, (err?: { type?: string }) => {
      if (err) {
        if (err.type === 'entity.too.large') return fail(res, 413, ErrorCode.PAYLOAD_TOO_LARGE, `request body is larger than ${g.maxBodyBytes} bytes (INSIGHTQL_MAX_BODY_BYTES); send files to POST /datasets/:name`);
        return fail(res, 400, ErrorCode.BAD_INPUT, 'request body is not valid JSON');
      }
      const headers = new HeaderMap();
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
      const q = req.url!.indexOf('?');
      // Resolvers run as the principal (runAs: the warehouse sets its tenant on every transaction).
      runAs(principal, () => withShareKey(key, () =>
        apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: {
            method: req.method!.toUpperCase(),
            headers,
            search: q >= 0 ? req.url!.slice(q) : '',
            body: (req as { body?: unknown }).body,
          },
          context: async () => createContext(services, randomUUID(), clientKeyFrom(req.headers['x-insightql-client']), principal),
        }),
      ))
        .then(async (r) => {
          for (const [k, v] of r.headers) res.setHeader(k, v);
          res.statusCode = r.status ?? 200;
          if (r.body.kind === 'complete') return void res.end(r.body.string);
          for await (const chunk of r.body.asyncIterator) res.write(chunk);
          res.end();
        })
        .catch((e: unknown) => {
          if (isAppError(e)) return fail(res, 400, e.code, e.message);
          services.log.error({ err: e }, 'GraphQL HTTP handler failed');
          fail(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'internal error');
        });
    });
  });
}

/**
 * Apollo's `stringifyResult` with the response-size cap: a result larger than `maxBytes` is
 * replaced by an error naming the limit (the rows were already read; the cap keeps a runaway
 * answer from flooding the client and the socket).
 */
export function cappedStringify(maxBytes: number) {
  return (value: unknown): string => {
    const s = JSON.stringify(value);
    // UTF-8 takes at most 3 bytes per UTF-16 unit: only measure when it could be over.
    if (s.length * 3 <= maxBytes || Buffer.byteLength(s) <= maxBytes) return s;
    return JSON.stringify({ errors: [tooLarge(maxBytes)] });
  };
}

/** The error a capped response carries. */
export function tooLarge(maxBytes: number) {
  return {
    message: `the response is larger than ${maxBytes} bytes (INSIGHTQL_MAX_RESPONSE_BYTES); ask for fewer rows or fields`,
    extensions: { code: ErrorCode.RESPONSE_TOO_LARGE, details: { maxBytes } },
  };
}
