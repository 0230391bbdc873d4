import type { Principal } from './principal.js';

/**
 * Who owns conversations and personal feedback for a principal. Local mode keeps the client key
 * (header `x-insightql-client`) as before; a key owns its own (and a client key under a key splits
 * it further), so a client can never name its way into another key's conversations or learning.
 */
export function ownerOf(p: Principal): string | null {
  const client = p.clientKey?.trim().slice(0, 150) || null;
  if (p.kind === 'local') return client;
  const base = `${p.kind}:${p.keyId ?? 'none'}`;
  return client ? `${base}:${client}` : base;
}
