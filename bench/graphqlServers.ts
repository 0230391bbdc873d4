// Child process for bench/graphql.ts: serves one variant on a port and prints "ready <port>".
// Every variant has the same schema, resolvers and services; only the layer in front differs.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { execute, parse, validate } from 'graphql';
import { loadConfig } from '../src/config/config.js';
import { createContext } from '../src/graphql/context.js';
import { buildSchema } from '../src/graphql/schema.js';
import { startHttpServer } from '../src/server/httpServer.js';
import { createServices } from '../src/services.js';
import { createLogger } from '../src/shared/logger.js';

const [variant, query] = process.argv.slice(2) as [string, string];
const services = await createServices({ ...loadConfig(), port: 0 }, createLogger('error'));
const schema = buildSchema();
let port: number;

if (variant === 'insightql' || variant === 'insightql-unguarded') {
  // unguarded: the same server with every request guard, rate and size limit off (bench/security.ts's reference).
  port = (await startHttpServer(services, { port: 0, host: '127.0.0.1', safeguards: variant === 'insightql' ? 'on' : 'off' })).port;
} else if (variant === 'apollo') {
  const apollo = new ApolloServer({ schema });
  const { url } = await startStandaloneServer(apollo, { listen: { port: 0, host: '127.0.0.1' }, context: async () => createContext(services, 'bench') });
  port = Number(new URL(url).port);
} else if (variant === 'graphql-js') {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query: string };
      const doc = parse(body.query);
      const errors = validate(schema, doc);
      const result = errors.length ? { errors } : await execute({ schema, document: doc, contextValue: createContext(services, 'bench') });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(result));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
} else {
  // The limit: the same JSON bytes, computed once, served by node:http.
  const result = await execute({ schema, document: parse(query), contextValue: createContext(services, 'bench') });
  const bytes = Buffer.from(JSON.stringify(result));
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(bytes);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
}
console.log(`ready ${port}`);
