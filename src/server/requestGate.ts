import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { unauthenticated } from '../auth/apiKeys.js';
import { bearerToken, clientKeyOf, type Authenticator } from '../auth/authenticate.js';
import { isSimpleCrossSiteUpload } from '../auth/browserSafety.js';
import { hasRole, type Principal, type Role } from '../auth/principal.js';
import { runAs } from '../auth/requestScope.js';
import { AppError, ErrorCode, isAppError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { withShareKey } from '../warehouse/fairShare.js';
import { sendHttpError } from './httpErrors.js';
import type { RateLimiter } from './plugins/rateLimit.js';
import { requestKey } from './plugins/requestKey.js';

/** What a route asks of a request before its handler runs. */
export interface RouteRule {
  /** The role the route needs (viewer when absent), named in the refusal as `what`. */
  role?: Role;
  what?: string;
  /** Whole-dataset work (uploads, events): a key with row filters cannot do it. */
  wholeDatasets?: boolean;
  /** Spends one request of the key's rate limit. */
  rate?: boolean;
  /** A browser may not send it cross-site as a simple request (a form post): see isSimpleCrossSiteUpload. */
  upload?: boolean;
  /** A declared Content-Length above this is refused (413) before a byte of the body is read. */
  maxBodyBytes?: number;
  /** What the 413 adds after the limit (the setting that raises it, where to send more). */
  bodyHint?: string;
}

/** Who a request is and whose budgets it spends (rate limit, subscriptions, reader share). */
export interface Admitted {
  principal: Principal;
  key: string;
}

export interface GateDeps {
  auth: Authenticator;
  /** Requests per key (shared with graphql-ws). */
  rate: RateLimiter;
  /** Failed authentications per client address. */
  failures: RateLimiter;
  corsOrigins: readonly string[];
  log: Logger;
}

/** Bodies up to this size are read and dropped after a refusal, so the connection can be reused. */
const DRAIN_LIMIT = 64 * 1024;

/**
 * The one gate every HTTP route passes before its handler: token-in-URL refusal, the cross-site
 * upload rule, the declared body size, the failed-authentication budget of the client's address,
 * authentication (API key, embed token, or local mode), the route's role, and the key's rate limit.
 * The handler then runs as the principal (runAs: the warehouse scopes every transaction to its
 * tenant) and spends its key's share of the reader pool. A refusal is answered in the one HTTP
 * error shape (httpErrors.ts) and the handler never runs.
 */
export class RequestGate {
  constructor(private readonly deps: GateDeps) {}

  /** Checks a request against `rule`; resolves who it is, or rejects with the AppError to answer. */
  async admit(req: IncomingMessage, rule: RouteRule = {}): Promise<Admitted> {
    const ip = `ip:${req.socket.remoteAddress ?? 'unknown'}`;
    const q = req.url?.indexOf('?') ?? -1;
    if (q >= 0 && /(?:^|&)(?:token|access_token)=/.test(req.url!.slice(q + 1))) {
      throw new AppError(ErrorCode.UNAUTHENTICATED, 'send the token in the Authorization header ("Bearer <token>"), not in the URL, where it would be logged', { reason: 'token_in_url' });
    }
    if (rule.upload && isSimpleCrossSiteUpload(req, this.deps.corsOrigins)) {
      throw new AppError(ErrorCode.FORBIDDEN, 'cross-site upload refused: send a content type such as text/csv, an Authorization header, or the x-insightql-preflight header');
    }
    const declared = Number(req.headers['content-length']);
    if (rule.maxBodyBytes !== undefined && Number.isFinite(declared) && declared > rule.maxBodyBytes) {
      throw new AppError(ErrorCode.PAYLOAD_TOO_LARGE, `request body is larger than ${rule.maxBodyBytes} bytes${rule.bodyHint ? ` ${rule.bodyHint}` : ''}`, { limit: rule.maxBodyBytes });
    }
    const principal = await this.authenticate(ip, req.headers.authorization, clientKeyOf(req.headers));
    if (!hasRole(principal, rule.role ?? 'viewer')) throw new AppError(ErrorCode.FORBIDDEN, `${rule.what ?? 'this'} needs the ${rule.role} role`);
    if (rule.wholeDatasets && principal.rowFilters.length) throw new AppError(ErrorCode.FORBIDDEN, `${rule.what ?? 'this'} works on whole datasets; a key with row filters cannot do it`);
    const key = requestKey(principal, req.socket.remoteAddress);
    if (rule.rate) this.deps.rate.admit(key);
    return { principal, key };
  }

  /**
   * Authentication with a budget for failures per client address: an address that keeps sending
   * bad keys is answered 429 without a hash or a database lookup until its budget refills, unless
   * it brings a key that was valid recently (a shared address must not lock out valid clients).
   */
  async authenticate(ip: string, header: unknown, clientKey: string | null): Promise<Principal> {
    const { auth, failures } = this.deps;
    const token = bearerToken(header);
    const wait = failures.waitMs(ip);
    if (wait > 0 && !(token && auth.keys.recentlyValid(token))) {
      throw new AppError(ErrorCode.RATE_LIMITED, `too many failed authentications from this address; retry in ${wait} ms`, { retryAfterMs: wait, reason: 'authentication_failures' });
    }
    try {
      // A header that is there but not "Bearer <token>" is a client mistake worth naming, even in local mode.
      if (header !== undefined && header !== '' && !token) throw unauthenticated('the Authorization header must be "Bearer <key or embed token>"');
      return await auth.fromAuthorization(header, clientKey);
    } catch (e) {
      if (isAppError(e, ErrorCode.UNAUTHENTICATED)) {
        try {
          failures.admit(ip);
        } catch {
          // The budget is spent: this answer is still the 401; the next ones are 429.
        }
      }
      throw e;
    }
  }

  /** A raw node handler behind the gate: `handle` runs as the principal, on its key's reader share. */
  node(rule: RouteRule, handle: (req: IncomingMessage, res: ServerResponse, a: Admitted) => unknown) {
    return (req: IncomingMessage, res: ServerResponse): void => {
      this.admit(req, rule).then(
        (a) => runAs(a.principal, () => withShareKey(a.key, () => handle(req, res, a))),
        (e: unknown) => this.refuse(req, res, e),
      );
    };
  }

  /** Express middleware: the routes after it run as the principal (`res.locals.principal`). */
  express(rule: RouteRule) {
    return (req: Request, res: Response, next: NextFunction): void => {
      if (req.method === 'OPTIONS') return next();
      this.admit(req, rule).then(
        (a) => {
          res.locals.principal = a.principal;
          res.locals.requestKey = a.key;
          runAs(a.principal, () => withShareKey(a.key, () => next()));
        },
        (e: unknown) => this.refuse(req, res, e),
      );
    };
  }

  /** Answers a refusal; a body nobody will read is drained when small, else the connection closes. */
  refuse(req: IncomingMessage, res: ServerResponse, e: unknown): void {
    const declared = Number(req.headers['content-length'] ?? 0);
    const hasBody = declared > 0 || req.headers['transfer-encoding'] !== undefined;
    if (hasBody && !req.complete) {
      if (Number.isFinite(declared) && declared > 0 && declared <= DRAIN_LIMIT) req.resume();
      else res.setHeader('connection', 'close');
    }
    sendHttpError(res, e, this.deps.log, 'request refused');
  }
}
