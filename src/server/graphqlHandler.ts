import type http from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import bodyParser from 'body-parser';
import { randomUUID } from 'node:crypto';
import { clientKeyFrom, createContext, type Context } from '../graphql/context.js';
import type { Services } from '../services.js';
import { AppError, ErrorCode } from '../shared/errors.js';
import { sendHttpError } from './httpErrors.js';
import type { RequestGuards } from './plugins/requestGuards.js';
import type { RequestGate } from './requestGate.js';

/**
 * Serves /graphql straight from node:http, as Apollo's own standalone server does: no router in
 * front of the hottest path. Everything else goes to the express app. The request gate comes first
 * (key, role, rate limit, declared body size) and nothing else runs without its pass; the request's
 * reads then spend its key's share of the reader pool.
 */
export function graphqlHandler(apollo: ApolloServer<Context>, services: Services, g: RequestGuards, gate: RequestGate) {
  const json = bodyParser.json({ limit: g.maxBodyBytes });
  const bodyHint = '(INSIGHTQL_MAX_BODY_BYTES); send files to POST /datasets/:name';
  const tooBig = () => new AppError(ErrorCode.PAYLOAD_TOO_LARGE, `request body is larger than ${g.maxBodyBytes} bytes ${bodyHint}`, { limit: g.maxBodyBytes });
  return gate.node({ rate: true, maxBodyBytes: g.maxBodyBytes, bodyHint }, (req, res, { principal }) => {
    json(req, res, (err?: { type?: string }) => {
      if (err) return gate.refuse(req, res, err.type === 'entity.too.large' ? tooBig() : new AppError(ErrorCode.BAD_INPUT, 'request body is not valid JSON'));
      const headers = new HeaderMap();
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
      const q = req.url!.indexOf('?');
      apollo
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
        .catch((e: unknown) => sendHttpError(res, e, services.log, 'GraphQL HTTP handler failed'));
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
