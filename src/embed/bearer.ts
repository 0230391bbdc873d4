import type { IncomingHttpHeaders } from 'node:http';
import type { Principal } from '../auth/principal.js';
import { AppError, ErrorCode } from '../shared/errors.js';
import { looksLikeJwt } from './embedClaims.js';
import type { EmbedTokenService } from './embedTokenService.js';

/** The bearer credential of a request, or null; a malformed Authorization header is UNAUTHENTICATED. */
export function bearerOf(headers: IncomingHttpHeaders): string | null {
  const h = headers.authorization;
  if (h === undefined || h === '') return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  if (!m) throw new AppError(ErrorCode.UNAUTHENTICATED, 'the Authorization header must be "Bearer <key or embed token>"', { reason: 'malformed' });
  return m[1]!;
}

/**
 * The principal of a request on routes outside GraphQL (/export): an embed token (JWT-shaped
 * bearer) is verified here; anything else goes to `keyPrincipal`, the API-key path.
 */
export async function principalOfRequest(
  headers: IncomingHttpHeaders,
  clientKey: string | null,
  embed: EmbedTokenService,
  keyPrincipal: (bearer: string | null, clientKey: string | null) => Promise<Principal>,
): Promise<Principal> {
  const bearer = bearerOf(headers);
  if (bearer && looksLikeJwt(bearer)) return embed.verify(bearer, clientKey);
  return keyPrincipal(bearer, clientKey);
}
