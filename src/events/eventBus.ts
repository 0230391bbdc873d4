import { EventEmitter, on } from 'node:events';
import { currentTenant } from '../auth/requestScope.js';
import type { Bus } from './bus.js';

/** What the server announces to subscribers. */
export interface DatasetEvent {
  dataset: string;
  kind: 'loaded' | 'appended' | 'replaced' | 'dropped';
  rowCount: number;
  runId: string | null;
  at: Date;
  /** The tenant whose dataset it is (set on publish from the request's scope). */
  tenant?: string;
}

/** A stored alert as pushed to subscribers (see src/realtime/alertStore.ts). */
export interface AlertEvent {
  id: string;
  tenant: string;
  dataset: string;
  severity: number;
  [field: string]: unknown;
}

interface Events {
  dataset: DatasetEvent;
  alert: AlertEvent;
}

/**
 * Publish/subscribe for GraphQL subscriptions. Attached to a cross-process Bus (Postgres
 * LISTEN/NOTIFY), a published dataset event reaches every server process on the database, this
 * one included, so no process serves stale news; unattached, it stays in this process.
 */
export class EventBus {
  private readonly emitter = new EventEmitter({ captureRejections: true });
  private bus: Bus | null = null;

  constructor() {
    // Every subscriber adds a listener; hundreds of clients are normal, not a leak.
    this.emitter.setMaxListeners(0);
  }

  /** Announces an event to current subscribers (of every process, once attached to a bus). */
  publish<K extends keyof Events>(topic: K, event: Events[K]): void {
    if (topic === 'dataset' && this.bus) {
      const e = event as DatasetEvent;
      const tenant = e.tenant ?? currentTenant();
      this.bus
        .send({ t: 'dataset', tenant, dataset: e.dataset, kind: e.kind, rowCount: e.rowCount, runId: e.runId, at: e.at.toISOString() })
        // The bus is down: this process's subscribers still hear it.
        .catch(() => this.emitter.emit(topic, { ...e, tenant }));
      return;
    }
    if (topic === 'dataset') (event as DatasetEvent).tenant ??= currentTenant();
    this.emitter.emit(topic, event);
  }

  /** Routes dataset events through `bus`; `onDataset` hears every process's (to drop stale caches). */
  attach(bus: Bus, onDataset?: (e: DatasetEvent) => void): () => void {
    this.bus = bus;
    return bus.onMessage((m) => {
      if (m.t !== 'dataset') return;
      const e: DatasetEvent = { dataset: m.dataset, kind: m.kind, rowCount: m.rowCount, runId: m.runId, at: new Date(m.at), tenant: m.tenant };
      onDataset?.(e);
      this.emitter.emit('dataset', e);
    });
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

  /** Calls `handler` for each event of a topic in this process; returns the unsubscribe. */
  on<K extends keyof Events>(topic: K, handler: (e: Events[K]) => void): () => void {
    this.emitter.on(topic, handler);
    return () => void this.emitter.off(topic, handler);
  }

  /** Listeners on a topic (open subscriptions). */
  subscribers(topic: keyof Events): number {
    return this.emitter.listenerCount(topic);
  }
}
