import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { AppError, ErrorCode, isAppError } from '../shared/errors.js';
import { authenticateHttp, type Authenticator } from './authenticate.js';
import { isSimpleCrossSiteUpload } from './browserSafety.js';
import { hasRole, type Principal } from './principal.js';
import { runAs } from './requestScope.js';

/** HTTP status of an authentication or authorization error. */
export function authStatus(e: unknown): number {
  if (isAppError(e, ErrorCode.UNAUTHENTICATED)) return 401;
  if (isAppError(e, ErrorCode.FORBIDDEN)) return 403;
  return isAppError(e) ? 400 : 500;
}

/** Writes an auth failure as the GraphQL-shaped JSON every route answers with. */
export function sendAuthError(res: ServerResponse, e: unknown): void {
  if (res.headersSent) return void res.end();
  const code = isAppError(e) ? e.code : ErrorCode.INTERNAL_SERVER_ERROR;
  const message = isAppError(e) ? e.message : 'internal error';
  res.statusCode = authStatus(e);
  res.setHeader('content-type', 'application/json');
  if (res.statusCode === 401) res.setHeader('www-authenticate', 'Bearer realm="insightql"');
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }], error: { code, message } }));
}

/**
 * Authenticates a raw node request and runs `handle` as its principal; an invalid or missing key
 * (outside local mode) answers 401 UNAUTHENTICATED before anything else runs.
 */
export function withPrincipal(auth: Authenticator, req: IncomingMessage, res: ServerResponse, handle: (p: Principal) => void): void {
  authenticateHttp(auth, req).then(
    (p) => runAs(p, () => handle(p)),
    (e: unknown) => sendAuthError(res, e),
  );
}

/** Express middleware: every route after it runs as the request's principal (`res.locals.principal`). */
export function authMiddleware(auth: Authenticator) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'OPTIONS') return next();
    withPrincipal(auth, req, res, (p) => {
      res.locals.principal = p;
      next();
    });
  };
}

/** Express middleware for uploads: refuses simple cross-site posts (see isSimpleCrossSiteUpload). */
export function uploadCsrfGuard(allowed: readonly string[]) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!isSimpleCrossSiteUpload(req, allowed)) return next();
    sendAuthError(
      res,
      new AppError(ErrorCode.FORBIDDEN, 'cross-site upload refused: send a content type such as text/csv, an Authorization header, or the x-insightql-preflight header'),
    );
  };
}

/** Express middleware: the route needs `role` (and, for whole-dataset work, a key without row filters). */
export function requireRole(role: 'viewer' | 'analyst' | 'admin', what: string) {
  return (_req: Request, res: Response, next: NextFunction) => {
    const p = res.locals.principal as Principal | undefined;
    if (p && hasRole(p, role) && (role === 'viewer' || !p.rowFilters.length)) return next();
    sendAuthError(res, new AppError(ErrorCode.FORBIDDEN, p && hasRole(p, role) ? `${what} works on whole datasets; a key with row filters cannot do it` : `${what} needs the ${role} role`));
  };
}
