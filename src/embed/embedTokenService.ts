import { randomUUID } from 'node:crypto';
import { decodeJwt, errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { hasRole, type Principal } from '../auth/principal.js';
import { AppError, ErrorCode } from '../shared/errors.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { AUDIENCE, claimsFor, fromPayload, ISSUER, LOCAL_SUBJECT, principalOf, toPayload, type EmbedClaims, type EmbedTokenRequest } from './embedClaims.js';
import type { SigningKeys } from './signingKeys.js';

/** Is the key that made a token still valid? (Revoking a key ends every token it made.) */
export type KeyStatus = (keyId: string, tenantId: string) => Promise<boolean>;

/** Checks the token's datasets exist for the issuer and its row filters fit them; throws when not. */
export type DatasetCheck = (issuer: Principal, claims: EmbedClaims) => Promise<void>;

export interface IssuedToken {
  id: string;
  token: string;
  expiresAt: Date;
  claims: EmbedClaims;
}

/** Why a token was refused: the client sees the reason, never which part of a signature failed. */
export function tokenRefused(reason: 'expired' | 'invalid' | 'revoked', message: string): AppError {
  return new AppError(ErrorCode.UNAUTHENTICATED, message, { reason });
}

/**
 * Embed tokens: signed (HS256, a per-tenant secret), short-lived JWTs that act as a read-only
 * principal limited to their tenant, datasets and row filters. Every use is verified again:
 * signature, issuer, audience, expiry, and in the database that neither the token nor the key
 * that made it has been revoked.
 */
export class EmbedTokenService {
  constructor(
    private readonly wh: Warehouse,
    private readonly keys: SigningKeys,
    private readonly keyActive: KeyStatus,
    private readonly checkDatasets: DatasetCheck,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Makes a token; an analyst or admin only, and never for an embed token itself. */
  async create(issuer: Principal, req: EmbedTokenRequest): Promise<IssuedToken> {
    if (issuer.kind === 'embed' || !hasRole(issuer, 'analyst')) {
      throw new AppError(ErrorCode.FORBIDDEN, 'making embed tokens needs an analyst or admin key', { needed: 'analyst' });
    }
    const claims = claimsFor(issuer, req, this.now(), randomUUID());
    await this.checkDatasets(issuer, claims);
    const secret = await this.keys.forSigning(claims.tenantId);
    const token = await new SignJWT(toPayload(claims))
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(claims.keyId ?? LOCAL_SUBJECT)
      .setJti(claims.id)
      .setIssuedAt(Math.floor(claims.issuedAt.getTime() / 1000))
      .setExpirationTime(Math.floor(claims.expiresAt.getTime() / 1000))
      .sign(secret);
    await this.wh.query(
      `INSERT INTO embed.tokens (id, tenant_id, key_id, datasets, row_filters, origins, expires_at) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6::jsonb, $7)`,
      [claims.id, claims.tenantId, claims.keyId, JSON.stringify(claims.datasets), JSON.stringify(claims.rowFilters), JSON.stringify(claims.origins), claims.expiresAt.toISOString()],
    );
    return { id: claims.id, token, expiresAt: claims.expiresAt, claims };
  }

  /** Revokes one token of the caller's tenant; false when there was none (or it was another tenant's). */
  async revoke(issuer: Principal, id: string): Promise<boolean> {
    if (issuer.kind === 'embed' || !hasRole(issuer, 'analyst')) throw new AppError(ErrorCode.FORBIDDEN, 'revoking embed tokens needs an analyst or admin key', { needed: 'analyst' });
    if (!/^[0-9a-f-]{36}$/i.test(id)) return false;
    const rows = await this.wh.query(`UPDATE embed.tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 AND tenant_id = $2 RETURNING id`, [id, issuer.tenantId]);
    return rows.length > 0;
  }

  /** The principal a token acts as; UNAUTHENTICATED (with a reason) for any token that is not good now. */
  async verify(token: string, clientKey: string | null): Promise<Principal> {
    let tenant: unknown;
    try {
      tenant = decodeJwt(token).tid;
    } catch {
      throw tokenRefused('invalid', 'the embed token is malformed');
    }
    const secret = typeof tenant === 'string' ? await this.keys.forVerifying(tenant) : null;
    if (!secret) throw tokenRefused('invalid', 'the embed token is not valid');
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, secret, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'], currentDate: this.now(), requiredClaims: ['jti', 'exp', 'iat', 'sub'] }));
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired) throw tokenRefused('expired', 'the embed token has expired');
      throw tokenRefused('invalid', 'the embed token is not valid');
    }
    const claims = fromPayload(payload);
    if (!claims || claims.tenantId !== tenant) throw tokenRefused('invalid', 'the embed token is not valid');
    const [row] = await this.wh.query<{ revoked: boolean }>(`SELECT revoked_at IS NOT NULL AS revoked FROM embed.tokens WHERE id = $1 AND tenant_id = $2`, [claims.id, claims.tenantId]);
    if (!row) throw tokenRefused('invalid', 'the embed token is not valid');
    if (row.revoked) throw tokenRefused('revoked', 'the embed token has been revoked');
    if (claims.keyId && !(await this.keyActive(claims.keyId, claims.tenantId))) throw tokenRefused('revoked', 'the key that made this embed token has been revoked');
    return principalOf(claims, clientKey);
  }
}
