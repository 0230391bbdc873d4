import type { Services } from '../services.js';
import { createLoaders, type Loaders } from './loaders.js';

/** What every resolver gets: the services, this request's DataLoaders, and a request id for logs. */
export interface Context {
  services: Services;
  loaders: Loaders;
  requestId: string;
  /** The client's key (header `x-insightql-client`), or null: conversations belong to it. */
  clientKey: string | null;
  /** graphql-ws only: this client's connection, so a subscriber too slow to keep up can be dropped. */
  connection?: { drop: () => void; unsentBytes: () => number; key: object; close: (code: number, reason: string) => void };
}

/** A fresh context per request (DataLoader caches must never outlive a request). */
export function createContext(services: Services, requestId: string, clientKey: string | null = null): Context {
  return { services, loaders: createLoaders(services), requestId, clientKey };
}

/** The client key from the `x-insightql-client` header (the first, when sent twice), or null. */
export function clientKeyFrom(header: string | string[] | undefined): string | null {
  const v = Array.isArray(header) ? header[0] : header;
  return v && v.trim() ? v.trim() : null;
}
