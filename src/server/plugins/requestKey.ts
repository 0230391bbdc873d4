import type { Principal } from '../../auth/principal.js';

/**
 * Whose budget a request spends (rate limit, subscriptions, share of the reader pool): its API
 * key, or in local mode (no keys) the client's address.
 */
export function requestKey(principal: Principal | null, remoteAddress: string | undefined): string {
  if (principal && principal.kind !== 'local' && principal.keyId) return `key:${principal.keyId}`;
  return `ip:${remoteAddress ?? 'unknown'}`;
}
