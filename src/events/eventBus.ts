import { EventEmitter, on } from 'node:events';
import { currentTenant } from '../auth/requestScope.js';

/** What the server announces to subscribers. */
export interface DatasetEvent {
  /** The tenant whose dataset it is; stamped by publish() from the request when not given. */
  tenantId?: string;
  dataset: string;
  kind: 'loaded' | 'appended' | 'replaced' | 'dropped';
  rowCount: number;
  runId: string | null;
  at: Date;
}

interface Events {
  dataset: DatasetEvent;
}

/** In-process publish/subscribe for GraphQL subscriptions. */
export class EventBus {
  private readonly emitter = new EventEmitter({ captureRejections: true });

  constructor() {
    // Every subscriber adds a listener; hundreds of clients are normal, not a leak.
    this.emitter.setMaxListeners(0);
  }

  /** Announces an event to current subscribers. */
  publish<K extends keyof Events>(topic: K, event: Events[K]): void {
    // Events belong to the tenant whose request made them; subscribers see only their tenant's.
    this.emitter.emit(topic, { ...event, tenantId: event.tenantId ?? currentTenant() });
  }

  /**
   * Events of a topic that pass `accept`, as an async iterator. Its `return()` (a client that
   * unsubscribes or goes away) removes the listener at once, even while a `next()` is waiting;
   * an async generator here would only stop at the next event. `signal` ends it too.
   */
  subscribe<K extends keyof Events>(topic: K, accept: (e: Events[K]) => boolean = () => true, signal?: AbortSignal): AsyncIterableIterator<Events[K]> {
    const source = on(this.emitter, topic, signal ? { signal } : {});
    const done = { done: true as const, value: undefined };
    return {
      [Symbol.asyncIterator]() {
        return this;
      },
      async next(): Promise<IteratorResult<Events[K]>> {
        try {
          for (;;) {
            const r = await source.next();
            if (r.done) return done;
            const event = (r.value as [Events[K]])[0];
            if (accept(event)) return { done: false, value: event };
          }
        } catch (e) {
          if ((e as Error).name === 'AbortError') return done;
          throw e;
        }
      },
      async return(): Promise<IteratorResult<Events[K]>> {
        await source.return?.();
        return done;
      },
    };
  }

  /** Listeners on a topic (open subscriptions). */
  subscribers(topic: keyof Events): number {
    return this.emitter.listenerCount(topic);
  }
}
