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

  /** Events of a topic as an async iterator, ended by the signal (client gone). */
  async *subscribe<K extends keyof Events>(topic: K, signal?: AbortSignal): AsyncGenerator<Events[K]> {
    try {
      for await (const [event] of on(this.emitter, topic, { signal })) yield event as Events[K];
    } catch (e) {
      if ((e as Error).name !== 'AbortError') throw e;
    }
  }
}
