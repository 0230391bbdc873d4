import type { ServerResponse } from 'node:http';

/**
 * Content-Security-Policy for the pages. Scripts and connections only to this server (no CDN), and
 * no 'unsafe-eval': charts evaluate vega expressions with vega-interpreter (web/src/chart.ts)
 * instead of compiling them with `new Function`. vega and GraphiQL set inline styles, hence
 * 'unsafe-inline' for styles only. `ws:`/`wss:` to this host come with 'self' in current browsers
 * (the IDE's subscriptions). The app and the IDE may not be framed; the widget may, by any page (what a page
 * can do with it is limited by its token and by the origins the widget answers).
 */
export function setPageHeaders(res: ServerResponse, page: 'app' | 'embed' | 'ide'): void {
  const frame = page === 'embed' ? '*' : "'none'";
  res.setHeader(
    'content-security-policy',
    `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-ancestors ${frame}; base-uri 'none'; form-action 'self'`,
  );
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('cache-control', 'no-cache');
  if (page !== 'embed') res.setHeader('x-frame-options', 'DENY');
}
