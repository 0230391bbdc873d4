import type http from 'node:http';
import type { AppError } from '../shared/errors.js';
import { hostAdmitted, hostAllowed, hostRefusal, type HostPolicy } from '../auth/hostAllowList.js';
import { verifyWsOrigin } from '../auth/wsAuth.js';
import { errorBody, httpStatus } from './httpErrors.js';

/*
 * The Host allow-list at the server's door (src/auth/hostAllowList.ts), on both ways in: every HTTP
 * request before anything else runs (pages and preflights included: a rebinding page must get
 * nothing), and the WebSocket upgrade.
 */

type Listener = (req: http.IncomingMessage, res: http.ServerResponse) => void;
type Done = (ok: boolean, code?: number, message?: string, headers?: http.OutgoingHttpHeaders) => void;

/**
 * The WebSocket upgrade's `verifyClient`: the upgrade is checked like any HTTP request, Host first
 * (a Host outside the allow-list gets the HTTP error shape, 403 FORBIDDEN with reason
 * host_not_allowed, before the origin, the key or graphql-ws), then the browser Origin.
 */
export function upgradeGate(hosts: HostPolicy, localMode: () => Promise<boolean>, corsOrigins: readonly string[]) {
  const origins = verifyWsOrigin(corsOrigins);
  return (info: { origin?: string; req: http.IncomingMessage }, done: Done): void => {
    void hostAdmitted(info.req.headers.host, hosts, localMode).then((ok) => {
      if (ok) return done(origins(info));
      const e = hostRefusal(info.req);
      done(false, httpStatus(e), JSON.stringify(errorBody(e)), { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    });
  };
}

/**
 * `route` behind the Host check: a listed Host goes on at once; any other waits for the mode (a
 * keyed server takes it) and is otherwise answered by `refuse` in the one HTTP error shape.
 */
export function hostGatedListener(hosts: HostPolicy, localMode: () => Promise<boolean>, refuse: (req: http.IncomingMessage, res: http.ServerResponse, e: AppError) => void, route: Listener): Listener {
  return (req, res) => {
    if (hostAllowed(req.headers.host, hosts)) return route(req, res);
    void hostAdmitted(req.headers.host, hosts, localMode).then((ok) => (ok ? route(req, res) : refuse(req, res, hostRefusal(req))));
  };
}
