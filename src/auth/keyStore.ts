import { AppError, ErrorCode } from '../shared/errors.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { checkKeySpec, hashKey, looksLikeKey, newKeyText } from './apiKeys.js';
import type { Principal, Role, RowFilter } from './principal.js';

/** A key as lists show it (never its text or hash). */
export interface ApiKeyInfo {
  id: string;
  tenantId: string;
  role: Role;
  rowFilters: RowFilter[];
  label: string | null;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

interface KeyRow {
  id: string;
  tenant_id: string;
  role: Role;
  row_filters: RowFilter[] | string;
  label: string | null;
  prefix: string;
  created_at: Date | string;
  revoked_at: Date | string | null;
  last_used_at: Date | string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const iso = (v: Date | string | null): string | null => (v === null ? null : v instanceof Date ? v.toISOString() : String(v));
/** How long a verified key is trusted without asking the database again (revocation takes at most this). */
const VERIFY_TTL_MS = 5_000;
/**
 * A key in use is looked up again this long after its last lookup, in the background, so a busy
 * key never makes requests wait for the lookup (an UPDATE and its commit) when its TTL runs out.
 */
const REFRESH_AHEAD_MS = 4_000;
/** How long a key once verified may skip an address's failed-authentication budget (see recentlyValid). */
const KNOWN_GOOD_MS = 15 * 60_000;
/** A "no key yet" answer older than this (the watch stalled) is asked again on the request path. */
const STALE_MS = 3_000;

/**
 * API keys in `catalog.api_keys`. The store spans tenants (a key is looked up before its tenant
 * is known), so it runs on the service connection, not as the reader; only the hash is stored.
 */
export class KeyStore {
  private anyKey: { value: boolean; at: number } | null = null;
  private readonly verified = new Map<string, { principal: Omit<Principal, 'clientKey'> | null; at: number }>();

  constructor(private readonly wh: Warehouse) {}

  /** Creates a key; its text is returned once and never again. */
  async create(spec: { tenantId: string; role: string; rowFilters?: readonly RowFilter[]; label?: string | null; createdBy?: string | null }): Promise<{ key: string; info: ApiKeyInfo }> {
    const s = checkKeySpec({ tenantId: spec.tenantId, role: spec.role, rowFilters: spec.rowFilters ?? [] });
    const { key, prefix } = newKeyText();
    const [row] = await this.wh.query<KeyRow>(
      `INSERT INTO catalog.api_keys (tenant_id, role, row_filters, label, prefix, hash, created_by) VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7)
       RETURNING id, tenant_id, role, row_filters, label, prefix, created_at, revoked_at, last_used_at`,
      [s.tenantId, s.role, JSON.stringify(s.rowFilters), spec.label?.slice(0, 200) ?? null, prefix, hashKey(key), spec.createdBy ?? null],
    );
    this.anyKey = { value: true, at: Date.now() };
    return { key, info: toInfo(row!) };
  }

  /** Keys, oldest first; one tenant's when given. */
  async list(tenantId?: string | null): Promise<ApiKeyInfo[]> {
    const rows = await this.wh.query<KeyRow>(
      `SELECT id, tenant_id, role, row_filters, label, prefix, created_at, revoked_at, last_used_at FROM catalog.api_keys
       WHERE $1::text IS NULL OR tenant_id = $1 ORDER BY created_at, id`,
      [tenantId ?? null],
    );
    return rows.map(toInfo);
  }

  /** Revokes a key (of `tenantId` when given: another tenant's key reads as missing). */
  async revoke(id: string, tenantId?: string | null): Promise<ApiKeyInfo> {
    const missing = new AppError(ErrorCode.NOT_FOUND, `no API key '${id.slice(0, 80)}'`, { id: id.slice(0, 80) });
    if (!UUID.test(id)) throw missing;
    const [row] = await this.wh.query<KeyRow>(
      `UPDATE catalog.api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 AND ($2::text IS NULL OR tenant_id = $2)
       RETURNING id, tenant_id, role, row_filters, label, prefix, created_at, revoked_at, last_used_at`,
      [id, tenantId ?? null],
    );
    if (!row) throw missing;
    this.verified.clear();
    // A lookup begun before the revoke may still answer "live": later verifies must not join it.
    this.lookups.clear();
    this.revocations++;
    return toInfo(row);
  }

  /**
   * True once any key was ever made (revoked ones count: revoking every key must not reopen the
   * server to anyone). Cached briefly; keys made by this process count at once.
   */
  async anyExists(): Promise<boolean> {
    if (this.anyKey && (this.anyKey.value || Date.now() - this.anyKey.at < STALE_MS)) return this.anyKey.value;
    return this.refresh();
  }

  /**
   * While no key exists, looks again every second off the request path (a key made by another
   * process, such as `insightql keys create`, ends local mode within about a second); requests
   * read the answer without a round trip. Stops once a key exists (that never changes back).
   */
  watch(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.anyKey?.value) return this.stop();
      this.refresh().catch(() => undefined);
    }, 1_000);
    this.timer.unref();
  }

  /** Stops watching (the server is closing). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private timer: NodeJS.Timeout | null = null;

  private async refresh(): Promise<boolean> {
    const [r] = await this.wh.query<{ n: boolean }>(`SELECT EXISTS (SELECT 1 FROM catalog.api_keys) AS n`);
    this.anyKey = { value: !!r?.n || !!this.anyKey?.value, at: Date.now() };
    return this.anyKey.value;
  }

  /**
   * The principal of a key's text, or null when it is no live key. A verified key is trusted for
   * VERIFY_TTL_MS and refreshed ahead of it while in use; concurrent first uses of one key share one lookup; a well-formed key that is
   * not one is remembered as such just as long (keys are random: no key made later can match it).
   */
  async verify(key: string): Promise<Omit<Principal, 'clientKey'> | null> {
    if (!looksLikeKey(key)) return null;
    const hash = hashKey(key);
    const hit = this.verified.get(hash);
    const age = hit ? Date.now() - hit.at : Infinity;
    if (hit && age < VERIFY_TTL_MS) {
      // Never past the TTL: a refresh that has not landed by then makes the request wait for it.
      if (age >= REFRESH_AHEAD_MS && hit.principal) void this.lookupOnce(hash).catch(() => undefined);
      return hit.principal;
    }
    return this.lookupOnce(hash);
  }

  /** Concurrent lookups of one key share one round trip. */
  private lookupOnce(hash: string): Promise<Omit<Principal, 'clientKey'> | null> {
    let pending = this.lookups.get(hash);
    if (!pending) {
      const p: Promise<Omit<Principal, 'clientKey'> | null> = this.lookup(hash).finally(() => {
        // A revoke may have dropped this lookup and a newer one taken its place: leave that one.
        if (this.lookups.get(hash) === p) this.lookups.delete(hash);
      });
      pending = p;
      this.lookups.set(hash, pending);
    }
    return pending;
  }

  /**
   * True when `key` was a live key within the last KNOWN_GOOD_MS (no round trip). The request gate
   * lets such a key through to a real verify even from an address that keeps failing, so a shared
   * address does not lock out its valid clients; revocation is still checked by that verify.
   */
  recentlyValid(key: string): boolean {
    if (!looksLikeKey(key)) return false;
    const at = this.knownGood.get(hashKey(key));
    return at !== undefined && Date.now() - at < KNOWN_GOOD_MS;
  }

  private readonly knownGood = new Map<string, number>();

  private readonly lookups = new Map<string, Promise<Omit<Principal, 'clientKey'> | null>>();

  /** Revocations made by this process: a lookup that started before one does not cache its answer. */
  private revocations = 0;

  private async lookup(hash: string): Promise<Omit<Principal, 'clientKey'> | null> {
    const generation = this.revocations;
    const [row] = await this.wh.query<KeyRow>(
      `UPDATE catalog.api_keys SET last_used_at = now() WHERE hash = $1 AND revoked_at IS NULL
       RETURNING id, tenant_id, role, row_filters, label, prefix, created_at, revoked_at, last_used_at`,
      [hash],
    );
    const cache = generation === this.revocations;
    if (this.verified.size > 10_000) this.verified.clear();
    if (!row) {
      if (cache) this.verified.set(hash, { principal: null, at: Date.now() });
      return null;
    }
    const info = toInfo(row);
    const principal = { kind: 'key' as const, tenantId: info.tenantId, role: info.role, keyId: info.id, rowFilters: info.rowFilters, datasets: null };
    if (!cache) return principal;
    this.verified.set(hash, { principal, at: Date.now() });
    if (this.knownGood.size > 10_000) this.knownGood.clear();
    this.knownGood.set(hash, Date.now());
    return principal;
  }

  /** True while key `id` is live (embed tokens end with the key that issued them). */
  async isLive(id: string): Promise<boolean> {
    if (!UUID.test(id)) return false;
    const [r] = await this.wh.query<{ n: boolean }>(`SELECT EXISTS (SELECT 1 FROM catalog.api_keys WHERE id = $1 AND revoked_at IS NULL) AS n`, [id]);
    return !!r?.n;
  }
}

function toInfo(r: KeyRow): ApiKeyInfo {
  const filters = typeof r.row_filters === 'string' ? (JSON.parse(r.row_filters) as RowFilter[]) : r.row_filters;
  return {
    id: r.id,
    tenantId: r.tenant_id,
    role: r.role,
    rowFilters: filters,
    label: r.label,
    prefix: r.prefix,
    createdAt: iso(r.created_at)!,
    revokedAt: iso(r.revoked_at),
    lastUsedAt: iso(r.last_used_at),
  };
}
