import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type http from 'node:http';
import express, { type Express, type Request, type Response } from 'express';
import type { Config } from '../config/config.js';
import { setPageHeaders } from './securityHeaders.js';
import { webRoot } from './webRoot.js';

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>InsightQL</title>
<p>The web app has not been built. Run <code>npm run build</code> (or <code>npm start</code>, which builds), then reload.</p>
<p>The GraphQL API is at <a href="/graphql">/graphql</a>.</p>`;

function page(root: string | null, file: string, kind: 'app' | 'embed' | 'ide') {
  return (_req: Request, res: Response) => {
    setPageHeaders(res, kind);
    if (!root) return void res.status(503).type('html').send(NOT_BUILT);
    res.sendFile(join(root, file));
  };
}

/**
 * The web app's routes, from the files `npm run build` puts in dist/web: the app at /, the widget
 * at /embed, the host-page loader at /embed.js, and hashed assets (cached for good) at /assets.
 */
export function registerWebRoutes(app: Express): void {
  const root = webRoot();
  app.get('/', page(root, 'index.html', 'app'));
  app.get('/embed', page(root, 'embed.html', 'embed'));
  app.get('/embed.js', (_req: Request, res: Response) => {
    if (!root) return void res.status(503).type('text/plain').send('the web app has not been built: run npm run build');
    res.setHeader('cache-control', 'public, max-age=300');
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('cross-origin-resource-policy', 'cross-origin');
    res.sendFile(join(root, 'embed.js'));
  });
  if (root) {
    app.use(
      '/assets',
      express.static(join(root, 'assets'), {
        immutable: true,
        maxAge: '365d',
        index: false,
        fallthrough: false,
        setHeaders: (res) => res.setHeader('x-content-type-options', 'nosniff'),
      }),
    );
  }
}

/**
 * GET /graphql from a browser (HTML wanted, no query in the URL) gets the bundled GraphiQL, which
 * needs nothing from the network; everything else at /graphql is the API. In production the IDE
 * is off unless INSIGHTQL_GRAPHQL_IDE is set; off, the browser gets a short page saying so.
 * Returns true when it answered.
 */
export function ideHandler(config: Config) {
  const root = webRoot();
  return (req: http.IncomingMessage, res: http.ServerResponse): boolean => {
    if (req.method !== 'GET' || !(req.headers.accept ?? '').includes('text/html')) return false;
    const q = req.url!.indexOf('?');
    if (q >= 0 && new URLSearchParams(req.url!.slice(q)).has('query')) return false;
    if (!config.graphqlIde) {
      setPageHeaders(res, 'app');
      res.statusCode = 404;
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end('<!doctype html><meta charset="utf-8"><title>InsightQL</title><p>The GraphQL IDE is off on this server (set INSIGHTQL_GRAPHQL_IDE=true to turn it on). The API answers POST requests here.</p>');
      return true;
    }
    setPageHeaders(res, 'ide');
    res.setHeader('content-type', 'text/html; charset=utf-8');
    if (!root) {
      res.statusCode = 503;
      res.end(NOT_BUILT);
    } else res.end(readFileSync(join(root, 'ide.html')));
    return true;
  };
}
