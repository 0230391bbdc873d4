import { ownerOf } from '../auth/owner.js';
import { localPrincipal, type Principal } from '../auth/principal.js';
import type { Services } from '../services.js';
import { createLoaders, type Loaders } from './loaders.js';

/** What every resolver gets: the services, this request's DataLoaders, who is asking, and a request id for logs. */
export interface Context {
  services: Services;
  loaders: Loaders;
  requestId: string;
  /** Who is asking: tenant, role, row filters (the request also runs inside `runAs(principal)`). */
  principal: Principal;
  /** Who owns this request's conversations and personal feedback (see auth/owner.ts), or null. */
  clientKey: string | null;
  /** graphql-ws only: this client's connection, so a subscriber too slow to keep up can be dropped. */
  connection?: { drop: () => void; unsentBytes: () => number; key: object; close: (code: number, reason: string) => void };
  /** Who changes are recorded as in a version's lineage; 'graphql' unless the CLI runs in-process. */
  actor?: string;
}

/** A fresh context per request (DataLoader caches must never outlive a request). */
export function createContext(services: Services, requestId: string, clientKey: string | null = null, principal: Principal = localPrincipal(clientKey)): Context {
  return { services, loaders: createLoaders(services), requestId, principal, clientKey: ownerOf(principal) };
}

/** The client key from the `x-insightql-client` header (the first, when sent twice), or null. */
export function clientKeyFrom(header: string | string[] | undefined): string | null {
  const v = Array.isArray(header) ? header[0] : header;
  return v && v.trim() ? v.trim() : null;
}
