import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Browser safety: which web origins may call the API (INSIGHTQL_CORS_ORIGINS), the same list for
 * WebSocket upgrades, and the CSRF rule for uploads. Requests without an Origin header come from
 * programs (curl, the CLI, other servers), not from a browser page, and are not cross-site.
 */

/** True when a browser page at `origin` may call the API. No Origin: not a browser request. */
export function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  const o = origin.replace(/\/$/, '');
  return allowed.includes('*') || allowed.includes(o);
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
 * type, no Authorization and no preflight header, from a page whose origin is not allowed.
 * Those are refused; a key, a non-simple type or `x-insightql-preflight` / `apollo-require-preflight`
 * forces the browser to ask first, which the CORS allow-list then answers.
 */
export function isSimpleCrossSiteUpload(req: IncomingMessage, allowed: readonly string[]): boolean {
  if (req.headers.authorization !== undefined) return false;
  if (req.headers['x-insightql-preflight'] !== undefined || req.headers['apollo-require-preflight'] !== undefined) return false;
  const type = (req.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (!SIMPLE_TYPES.has(type)) return false;
  const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
  const site = req.headers['sec-fetch-site'];
  const fromPage = origin !== undefined || (typeof site === 'string' && site !== 'none');
  if (!fromPage) return false;
  return !(origin !== undefined && allowed.length > 0 && originAllowed(origin, allowed));
}
