import type { DatasetEvent } from '../../events/eventBus.js';
import type { Context } from '../context.js';

/** Subscription resolvers: server events filtered per subscriber. */
export const subscriptionResolvers = {
  Subscription: {
    datasetUpdated: {
      subscribe: (_: unknown, a: { name?: string | null }, ctx: Context) => {
        const want = a.name?.toLowerCase() ?? null;
        return ctx.services.events.subscribe('dataset', (e) => want === null || e.dataset.toLowerCase() === want);
      },
      resolve: (e: DatasetEvent) => e,
    },
  },
};
