import type { Principal, RowFilter } from '../auth/principal.js';
import { badInput } from '../shared/errors.js';

/**
 * What an embed token says, and the rules for making one. Pure: no I/O, the clock comes in.
 *
 * A token is read-only (viewer), for one tenant, a list of datasets and a set of row filters. It
 * can only narrow what the key that made it sees: the key's own row filters and dataset scope are
 * always carried into the token.
 */
export interface EmbedClaims {
  /** Token id (JWT `jti`): stored, so one token can be revoked. */
  id: string;
  tenantId: string;
  /** The issuing key's id (JWT `sub`); null when made in local mode (no keys exist). */
  keyId: string | null;
  datasets: string[];
  rowFilters: RowFilter[];
  /** Origins allowed to drive the widget over postMessage (and to frame it); empty: the embedding page. */
  origins: string[];
  issuedAt: Date;
  expiresAt: Date;
}

export interface EmbedTokenRequest {
  datasets: string[];
  rowFilters?: RowFilter[] | null;
  ttlSeconds?: number | null;
  origins?: string[] | null;
}

export const DEFAULT_TTL_SECONDS = 3600;
export const MIN_TTL_SECONDS = 10;
/** Embed tokens are meant to be short-lived: a day at most. */
export const MAX_TTL_SECONDS = 24 * 3600;
const MAX_DATASETS = 50;
const MAX_FILTERS = 20;

/** The issuer and audience every token carries and every verification checks. */
export const ISSUER = 'insightql';
export const AUDIENCE = 'insightql-embed';

function checkOrigin(o: unknown, i: number): string {
  if (typeof o !== 'string') throw badInput(`origins[${i}] must be a string`, { field: `origins[${i}]` });
  let u: URL;
  try {
    u = new URL(o);
  } catch {
    throw badInput(`origins[${i}] '${o.slice(0, 100)}' is not an origin like https://bi.example.com`, { field: `origins[${i}]` });
  }
  if ((u.protocol !== 'https:' && u.protocol !== 'http:') || u.origin !== o.replace(/\/$/, '')) {
    throw badInput(`origins[${i}] '${o.slice(0, 100)}' is not an origin (scheme://host[:port], no path)`, { field: `origins[${i}]` });
  }
  return u.origin;
}

/** Keeps each (column, value) pair once; the issuing principal's filters first. */
function mergeFilters(base: readonly RowFilter[], extra: readonly RowFilter[]): RowFilter[] {
  const seen = new Set<string>();
  const out: RowFilter[] = [];
  for (const f of [...base, ...extra]) {
    const k = `${f.column}\u0000${f.value}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push({ column: f.column, value: f.value });
    }
  }
  return out;
}

/**
 * The claims of a new token made by `issuer`, from an untrusted request. Datasets outside the
 * issuer's scope, bad TTLs and malformed filters or origins are BAD_INPUT naming the field.
 */
export function claimsFor(issuer: Principal, req: EmbedTokenRequest, now: Date, id: string): EmbedClaims {
  const datasets = [...new Set((req.datasets ?? []).map((d) => String(d).trim()).filter(Boolean))];
  if (!datasets.length) throw badInput('datasets must name at least one dataset', { field: 'datasets' });
  if (datasets.length > MAX_DATASETS) throw badInput(`datasets may name at most ${MAX_DATASETS}`, { field: 'datasets' });
  if (issuer.datasets) {
    const outside = datasets.filter((d) => !issuer.datasets!.includes(d));
    if (outside.length) throw badInput(`this key cannot see ${outside.map((d) => `'${d}'`).join(', ')}`, { field: 'datasets', datasets: outside });
  }
  const filters = req.rowFilters ?? [];
  if (filters.length > MAX_FILTERS) throw badInput(`rowFilters may hold at most ${MAX_FILTERS}`, { field: 'rowFilters' });
  filters.forEach((f, i) => {
    if (!f || typeof f.column !== 'string' || !f.column.trim()) throw badInput(`rowFilters[${i}].column is required`, { field: `rowFilters[${i}].column` });
    if (typeof f.value !== 'string') throw badInput(`rowFilters[${i}].value must be a string`, { field: `rowFilters[${i}].value` });
  });
  const ttl = req.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < MIN_TTL_SECONDS || ttl > MAX_TTL_SECONDS) {
    throw badInput(`ttlSeconds must be a whole number from ${MIN_TTL_SECONDS} to ${MAX_TTL_SECONDS} (a day)`, { field: 'ttlSeconds' });
  }
  const origins = [...new Set((req.origins ?? []).map(checkOrigin))];
  const issuedAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
  return {
    id,
    tenantId: issuer.tenantId,
    keyId: issuer.keyId,
    datasets,
    rowFilters: mergeFilters(issuer.rowFilters, filters.map((f) => ({ column: f.column.trim(), value: f.value }))),
    origins,
    issuedAt,
    expiresAt: new Date(issuedAt.getTime() + ttl * 1000),
  };
}

/** The JWT payload of a token (short claim names keep tokens short in URLs). */
export function toPayload(c: EmbedClaims): Record<string, unknown> {
  return { tid: c.tenantId, ds: c.datasets, rf: c.rowFilters.map((f) => [f.column, f.value]), ...(c.origins.length ? { origins: c.origins } : {}) };
}

/** Claims from a verified JWT payload; null when a claim is missing or misshapen. */
export function fromPayload(p: Record<string, unknown>): EmbedClaims | null {
  const { jti, sub, tid, ds, rf, iat, exp, origins } = p as Record<string, unknown>;
  if (typeof jti !== 'string' || typeof tid !== 'string' || typeof iat !== 'number' || typeof exp !== 'number') return null;
  if (!Array.isArray(ds) || !ds.every((d) => typeof d === 'string') || !ds.length) return null;
  if (!Array.isArray(rf) || !rf.every((f) => Array.isArray(f) && f.length === 2 && typeof f[0] === 'string' && typeof f[1] === 'string')) return null;
  if (origins !== undefined && !(Array.isArray(origins) && origins.every((o) => typeof o === 'string'))) return null;
  return {
    id: jti,
    tenantId: tid,
    keyId: typeof sub === 'string' && sub !== LOCAL_SUBJECT ? sub : null,
    datasets: ds as string[],
    rowFilters: (rf as [string, string][]).map(([column, value]) => ({ column, value })),
    origins: (origins as string[] | undefined) ?? [],
    issuedAt: new Date(iat * 1000),
    expiresAt: new Date(exp * 1000),
  };
}

/** The JWT subject of tokens made in local mode (no key). */
export const LOCAL_SUBJECT = 'local';

/** The principal a verified token acts as: read-only, its tenant, datasets and row filters. */
export function principalOf(c: EmbedClaims, clientKey: string | null): Principal {
  return {
    kind: 'embed',
    tenantId: c.tenantId,
    role: 'viewer',
    keyId: c.keyId,
    rowFilters: c.rowFilters,
    datasets: c.datasets,
    // Conversations of an embed belong to the token (and to the widget's client within it), so
    // another token, even of the same tenant, cannot continue or export them.
    clientKey: `embed:${c.id}${clientKey ? `:${clientKey.slice(0, 100)}` : ''}`,
  };
}

/** True when `s` has the shape of a JWT (three base64url parts): the auth path hands these to the embed verifier. */
export function looksLikeJwt(s: string): boolean {
  return /^[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}$/.test(s);
}
