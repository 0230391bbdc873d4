import type { Services } from '../services.js';
import { createLoaders, type Loaders } from './loaders.js';

/** What every resolver gets: the services, this request's DataLoaders, and a request id for logs. */
export interface Context {
  services: Services;
  loaders: Loaders;
  requestId: string;
}

/** A fresh context per request (DataLoader caches must never outlive a request). */
export function createContext(services: Services, requestId: string): Context {
  return { services, loaders: createLoaders(services), requestId };
}
