import type { DatasetEvent } from '../../events/eventBus.js';
import type { Context } from '../context.js';

/** Subscription resolvers: server events filtered per subscriber. */
export const subscriptionResolvers = {
  Subscription: {
    datasetUpdated: {
      subscribe: async function* (_: unknown, a: { name?: string | null }, ctx: Context & { signal?: AbortSignal }) {
        const want = a.name?.toLowerCase() ?? null;
        for await (const e of ctx.services.events.subscribe('dataset', ctx.signal)) {
          if (want === null || e.dataset.toLowerCase() === want) yield { datasetUpdated: e };
        }
      },
    },
  },
  DatasetEvent: {
    kind: (e: DatasetEvent) => e.kind,
  },
};
