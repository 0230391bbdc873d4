/**
 * Who is asking. Every request (HTTP, graphql-ws, CLI) resolves to one Principal before any
 * resolver runs; every service that reads or writes tenant data takes it (or its tenantId), and
 * every new table carries `tenant_id text NOT NULL`.
 *
 * - `local`: no API key exists yet (or the CLI on direct database access): tenant `default`, admin.
 * - `key`: an API key (only its hash is stored), with a tenant, a role and optional row filters.
 * - `embed`: a short-lived signed embed token made by an analyst/admin key: read-only (viewer),
 *   limited to `datasets` and `rowFilters`, and ended when its issuing key is revoked.
 */
export type Role = 'viewer' | 'analyst' | 'admin';

/** An equality filter a key or token forces onto every query it makes: `column = value`. */
export interface RowFilter {
  column: string;
  value: string;
}

export interface Principal {
  kind: 'local' | 'key' | 'embed';
  tenantId: string;
  role: Role;
  /** The API key's id (for `embed`, the issuing key's id); null in local mode. */
  keyId: string | null;
  rowFilters: readonly RowFilter[];
  /** Datasets this principal may see; null means every dataset of the tenant. */
  datasets: readonly string[] | null;
  /** The `x-insightql-client` header, if sent: conversations and personal feedback belong to it. */
  clientKey: string | null;
}

export const DEFAULT_TENANT = 'default';

const RANK: Record<Role, number> = { viewer: 0, analyst: 1, admin: 2 };

/** The principal of local mode and of the CLI on direct database access. */
export function localPrincipal(clientKey: string | null = null): Principal {
  return { kind: 'local', tenantId: DEFAULT_TENANT, role: 'admin', keyId: null, rowFilters: [], datasets: null, clientKey };
}

/** True when `principal`'s role includes `needed` (viewer < analyst < admin). */
export function hasRole(principal: Principal, needed: Role): boolean {
  return RANK[principal.role] >= RANK[needed];
}

/** True when the principal may see dataset `name` (embed tokens name theirs). */
export function canSeeDataset(principal: Principal, name: string): boolean {
  // Dataset names are looked up case-insensitively everywhere, so the scope is too.
  return principal.datasets === null || principal.datasets.some((d) => d.toLowerCase() === name.toLowerCase());
}
