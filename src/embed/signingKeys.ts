import { createHmac, randomBytes } from 'node:crypto';
import type { Warehouse } from '../warehouse/warehouse.js';

/**
 * The HMAC secret embed tokens are signed with, per tenant: the configured secret (one for every
 * tenant, `INSIGHTQL_EMBED_SECRET`) or, when none is set, a random 256-bit secret made and stored on
 * first use. A tenant's secret never signs another tenant's tokens. Kept in memory once read.
 */
export class SigningKeys {
  private readonly cache = new Map<string, Uint8Array>();

  constructor(
    private readonly wh: Warehouse,
    private readonly configured: string | null,
  ) {}

  /** The tenant's secret, made on first use. */
  async forSigning(tenantId: string): Promise<Uint8Array> {
    const hit = await this.forVerifying(tenantId);
    if (hit) return hit;
    // Two first uses racing: ON CONFLICT keeps the first, and both read back the same one.
    await this.wh.query(`INSERT INTO embed.signing_keys (tenant_id, secret) VALUES ($1, $2) ON CONFLICT (tenant_id) DO NOTHING`, [tenantId, randomBytes(32).toString('base64url')]);
    return (await this.forVerifying(tenantId))!;
  }

  /** The tenant's secret, or null when it never made a token (then no token of it can be valid). */
  async forVerifying(tenantId: string): Promise<Uint8Array | null> {
    // One configured secret, a key of its own per tenant derived from it.
    if (this.configured) return createHmac('sha256', this.configured).update(`embed-token:${tenantId}`).digest();
    const hit = this.cache.get(tenantId);
    if (hit) return hit;
    const [row] = await this.wh.query<{ secret: string }>(`SELECT secret FROM embed.signing_keys WHERE tenant_id = $1`, [tenantId]);
    if (!row) return null;
    const key = Buffer.from(row.secret, 'base64url');
    this.cache.set(tenantId, key);
    return key;
  }
}
