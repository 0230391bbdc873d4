import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/**
 * Browser safety: which web origins may call the API (INSIGHTQL_CORS_ORIGINS), the same list for
 * WebSocket upgrades, and the CSRF rule for uploads. Requests without an Origin header come from
 * programs (curl, the CLI, other servers), not from a browser page, and are not cross-site.
 * A page served by this server itself (the web app at /, the IDE at GET /graphql) is same-origin:
 * its Origin names the host the request was sent to, and it needs no entry in the allow-list.
 */

const DEFAULT_PORT: Record<string, string> = { 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443' };

/** `host[:port]` in lower case, without the scheme's default port. */
function hostKey(host: string, protocol: string): string {
  const h = host.trim().toLowerCase();
  const port = DEFAULT_PORT[protocol];
  return port && h.endsWith(`:${port}`) ? h.slice(0, -(port.length + 1)) : h;
}

/**
 * True when `origin` is the origin of the server the request was sent to (its Host header). A
 * browser sets both itself and a page cannot forge either, so a cross-site page never matches.
 */
export function isSameOrigin(origin: string | undefined, host: string | string[] | undefined): boolean {
  const h = Array.isArray(host) ? host[0] : host;
  if (origin === undefined || !h || origin === 'null') return false;
  let u: URL;
  try {
    u = new URL(origin);
  } catch {
    return false;
  }
  if (!DEFAULT_PORT[u.protocol]) return false;
  // Host carries no scheme: read its port as the origin's (a TLS proxy keeps Host as the browser sent it).
  return hostKey(u.host, u.protocol) === hostKey(h, u.protocol);
}

/**
 * True when a browser page at `origin` may call the API: no Origin (not a browser request), an
 * origin in the allow-list, or the server's own origin (`headers.host`).
 */
export function originAllowed(origin: string | undefined, allowed: readonly string[], headers?: IncomingHttpHeaders): boolean {
  if (origin === undefined) return true;
  const o = origin.replace(/\/$/, '');
  if (allowed.includes('*') || allowed.includes(o)) return true;
  return headers !== undefined && isSameOrigin(o, headers.host);
}

/**
 * CORS for an allowed origin: echo it (never `*` with credentials) and answer preflights.
 * Returns true when the request was a preflight and has been answered.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, allowed: readonly string[]): boolean {
  const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
  const ok = origin !== undefined && allowed.length > 0 && originAllowed(origin, allowed);
  if (ok) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'Origin');
  }
  if (req.method !== 'OPTIONS' || req.headers['access-control-request-method'] === undefined) return false;
  if (ok) {
    res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    res.setHeader('access-control-allow-headers', 'authorization, content-type, x-insightql-client, apollo-require-preflight, x-insightql-preflight, idempotency-key');
    res.setHeader('access-control-max-age', '600');
  }
  res.statusCode = ok ? 204 : 403;
  res.end();
  return true;
}

const SIMPLE_TYPES = new Set(['', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']);

/**
 * An upload a browser could send cross-site without a preflight (a form post): a simple content
 * type, no Authorization and no preflight header, from a page whose origin is neither allowed nor
 * this server's own. Those are refused; a key, a non-simple type or `x-insightql-preflight` /
 * `apollo-require-preflight` forces the browser to ask first, which the CORS allow-list then answers.
 */
export function isSimpleCrossSiteUpload(req: IncomingMessage, allowed: readonly string[]): boolean {
  if (req.headers.authorization !== undefined) return false;
  if (req.headers['x-insightql-preflight'] !== undefined || req.headers['apollo-require-preflight'] !== undefined) return false;
  const type = (req.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (!SIMPLE_TYPES.has(type)) return false;
  const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
  const site = req.headers['sec-fetch-site'];
  // Fetch metadata is set by the browser alone: a same-origin page says so even without Origin.
  if (origin === undefined && site === 'same-origin') return false;
  const fromPage = origin !== undefined || (typeof site === 'string' && site !== 'none');
  if (!fromPage) return false;
  return !(origin !== undefined && originAllowed(origin, allowed, req.headers));
}
