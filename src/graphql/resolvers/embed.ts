import type { Context } from '../context.js';
import { stripNulls } from './insight.js';
import { principalOf } from './saved.js';

/** Embed tokens: made and revoked by analyst and admin keys. */
export const embedResolvers = {
  Mutation: {
    createEmbedToken: async (_: unknown, a: { input: unknown }, ctx: Context) => {
      const t = await ctx.services.embedTokens.create(principalOf(ctx), stripNulls(a.input) as never);
      return { id: t.id, token: t.token, expiresAt: t.expiresAt, datasets: t.claims.datasets, rowFilters: t.claims.rowFilters, origins: t.claims.origins };
    },
    revokeEmbedToken: (_: unknown, a: { id: string }, ctx: Context) => ctx.services.embedTokens.revoke(principalOf(ctx), a.id),
  },
};
