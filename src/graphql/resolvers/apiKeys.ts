import { forbidden } from '../../auth/apiKeys.js';
import type { ApiKeyInfo } from '../../auth/keyStore.js';
import type { RowFilter } from '../../auth/principal.js';
import type { Context } from '../context.js';

const keyOut = (k: ApiKeyInfo) => ({ ...k, tenant: k.tenantId, role: k.role.toUpperCase() });

/** API keys over GraphQL (admin only, by the role policy): always within the caller's tenant. */
export const apiKeyResolvers = {
  Query: {
    apiKeys: async (_: unknown, __: unknown, ctx: Context) => (await ctx.services.keys.list(ctx.principal.tenantId)).map(keyOut),
  },
  Mutation: {
    createApiKey: async (_: unknown, a: { role: string; rowFilters?: RowFilter[] | null; label?: string | null; tenant?: string | null }, ctx: Context) => {
      const p = ctx.principal;
      // An admin key makes keys for its own tenant only; the local operator may name any.
      if (a.tenant != null && a.tenant !== p.tenantId && p.kind !== 'local') throw forbidden('an admin key makes keys for its own tenant only');
      const { key, info } = await ctx.services.keys.create({
        tenantId: a.tenant ?? p.tenantId,
        role: a.role.toLowerCase(),
        rowFilters: a.rowFilters ?? [],
        label: a.label ?? null,
        createdBy: p.keyId ? `key:${p.keyId}` : 'local',
      });
      return { key, apiKey: keyOut(info) };
    },
    revokeApiKey: async (_: unknown, a: { id: string }, ctx: Context) => keyOut(await ctx.services.keys.revoke(a.id, ctx.principal.tenantId)),
  },
};
