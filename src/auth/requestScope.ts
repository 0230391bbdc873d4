import { AsyncLocalStorage } from 'node:async_hooks';
import { DEFAULT_TENANT, type Principal } from './principal.js';

/**
 * The principal of the work in progress, carried across awaits. Every HTTP request, graphql-ws
 * operation and CLI command runs inside `runAs`; the warehouse reads it to set the tenant for
 * row-level security on each transaction, so a resolver that forgets to filter still cannot read
 * another tenant's rows. Work handed to a worker thread or a queue carries the tenant explicitly.
 */
const scope = new AsyncLocalStorage<Principal>();

/** The Postgres setting RLS policies read: `current_setting('insightql.tenant_id', true)`. */
export const TENANT_SETTING = 'insightql.tenant_id';

/** Runs `fn` as `principal`. */
export function runAs<T>(principal: Principal, fn: () => T): T {
  return scope.run(principal, fn);
}

/** The principal of the current request, or null outside any (start-up, background jobs). */
export function currentPrincipal(): Principal | null {
  return scope.getStore() ?? null;
}

/** The tenant of the current request, or the default tenant outside any. */
export function currentTenant(): string {
  return scope.getStore()?.tenantId ?? DEFAULT_TENANT;
}
