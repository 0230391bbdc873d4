import type http from 'node:http';

/**
 * CORS for the API (/graphql, /export), for BI pages on other origins that call it with a bearer
 * token. Off unless INSIGHTQL_CORS_ORIGINS names the origins (or `*`): a server in local mode
 * (no keys) must never be readable by any web page a user happens to visit. No cookies are ever
 * involved (credentials travel in the Authorization header), so credentials mode stays off.
 * Returns true when it answered the request (a preflight).
 */
export function corsHandler(allowed: readonly string[]) {
  const any = allowed.includes('*');
  return (req: http.IncomingMessage, res: http.ServerResponse): boolean => {
    const origin = req.headers.origin;
    if (!origin || (!any && !allowed.includes(origin))) return false;
    res.setHeader('access-control-allow-origin', any ? '*' : origin);
    res.setHeader('vary', 'origin');
    res.setHeader('access-control-expose-headers', 'content-disposition, x-insightql-total-rows, x-insightql-truncated');
    if (req.method !== 'OPTIONS') return false;
    res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    res.setHeader('access-control-allow-headers', 'authorization, content-type, x-insightql-client, apollo-require-preflight');
    res.setHeader('access-control-max-age', '600');
    res.statusCode = 204;
    res.end();
    return true;
  };
}
