import { canSeeDataset } from '../../auth/principal.js';
import type { DatasetEvent } from '../../events/eventBus.js';
import type { Context } from '../context.js';

/** Subscription resolvers: server events filtered per subscriber. */
export const subscriptionResolvers = {
  Subscription: {
    datasetUpdated: {
      subscribe: (_: unknown, a: { name?: string | null }, ctx: Context) => {
        const want = a.name?.toLowerCase() ?? null;
        // Only the subscriber's tenant's events, of datasets it may see.
        const p = ctx.principal;
        return ctx.services.events.subscribe('dataset', (e) => (e.tenant ?? 'default') === p.tenantId && canSeeDataset(p, e.dataset) && (want === null || e.dataset.toLowerCase() === want));
      },
      // A row count describes every row; a key with row filters gets none (0) rather than a total it may not see.
      resolve: (e: DatasetEvent, _: unknown, ctx: Context) => (ctx.principal.rowFilters.length ? { ...e, rowCount: 0 } : e),
    },
  },
};
