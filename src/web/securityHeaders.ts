import type { ServerResponse } from 'node:http';

/**
 * Content-Security-Policy for the pages. Scripts and connections only to this server (no CDN);
 * vega compiles its expressions with `new Function`, hence 'unsafe-eval'; vega and GraphiQL set
 * inline styles. The app and the IDE may not be framed; the widget may, by any page (what a page
 * can do with it is limited by its token and by the origins the widget answers).
 */
export function setPageHeaders(res: ServerResponse, page: 'app' | 'embed' | 'ide'): void {
  const frame = page === 'embed' ? '*' : "'none'";
  res.setHeader(
    'content-security-policy',
    `default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-ancestors ${frame}; base-uri 'none'; form-action 'self'`,
  );
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('cache-control', 'no-cache');
  if (page !== 'embed') res.setHeader('x-frame-options', 'DENY');
}
