import { EventEmitter, on } from 'node:events';

/** What the server announces to subscribers. */
export interface DatasetEvent {
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
    this.emitter.emit(topic, event);
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
