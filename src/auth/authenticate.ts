import type { IncomingHttpHeaders } from 'node:http';
import { unauthenticated } from './apiKeys.js';
import type { KeyStore } from './keyStore.js';
import { localPrincipal, type Principal } from './principal.js';

/** Verifies a signed embed token (a JWT); null when it is not a valid one. Provided by src/embed/. */
export type EmbedVerifier = (token: string, clientKey: string | null) => Promise<Principal | null>;

export interface AuthOptions {
  /** INSIGHTQL_AUTH=required: keys are needed even before the first one exists. */
  required: boolean;
}

/**
 * Resolves requests to principals. While no key was ever made (and auth is not required) the
 * server is in local mode: every request is the local admin of tenant `default`. Afterwards a
 * request needs `Authorization: Bearer <key>` (graphql-ws: connection params `authorization`).
 */
export class Authenticator {
  private embed: EmbedVerifier | null = null;

  constructor(
    readonly keys: KeyStore,
    private readonly opts: AuthOptions,
  ) {}

  /** Hands JWT-shaped bearer tokens to the embed-token verifier (until then they are refused). */
  setEmbedVerifier(v: EmbedVerifier | null): void {
    this.embed = v;
  }

  /** True while requests need no key. */
  async localMode(): Promise<boolean> {
    return !this.opts.required && !(await this.keys.anyExists());
  }

  /** The principal of an `Authorization` value; UNAUTHENTICATED when one is needed and not valid. */
  async fromAuthorization(authorization: unknown, clientKey: string | null): Promise<Principal> {
    const token = bearerToken(authorization);
    // An embed token stays read-only and scoped even in local mode: it is checked first.
    if (token && isJwtShaped(token)) {
      // Embed tokens (src/embed/) resolve to a read-only principal of their own.
      const p = this.embed ? await this.embed(token, clientKey) : null;
      if (!p) throw unauthenticated('the embed token is not valid (or has expired)');
      return p;
    }
    if (await this.localMode()) return localPrincipal(clientKey);
    if (!token) throw unauthenticated();
    const p = await this.keys.verify(token);
    if (!p) throw unauthenticated('the API key is not valid (or was revoked)');
    return { ...p, clientKey };
  }
}

/** The token of `Bearer <token>` (any case), or null. */
export function bearerToken(value: unknown): string | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (typeof v !== 'string') return null;
  const m = /^\s*Bearer\s+(\S+)\s*$/i.exec(v);
  return m ? m[1]! : null;
}

/** Three dot-separated base64url parts: a JWT, not an API key. */
export function isJwtShaped(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}

/** The client key from the `x-insightql-client` header (the first, when sent twice), or null. */
export function clientKeyOf(headers: IncomingHttpHeaders): string | null {
  const h = headers['x-insightql-client'];
  const v = Array.isArray(h) ? h[0] : h;
  return v && v.trim() ? v.trim() : null;
}
