import type { EventBus } from '../events/eventBus.js';
import type { AlertRecord, AlertStore } from './alertStore.js';

/** Alerts a subscriber may have waiting to be sent before it is judged too slow and dropped. */
export const MAX_PENDING_ALERTS = 1_000;
/** Alerts replayed to a subscriber that passes `after`. */
export const MAX_REPLAY = 10_000;
/** Bytes a subscriber's connection may hold unsent (written but not taken by the client) before it is dropped. */
export const MAX_UNSENT_BYTES = 4 * 1024 * 1024;

export interface AlertSubscription {
  tenant: string;
  dataset: string | null;
  minSeverity: number | null;
  after: string | null;
  /** Called once when the subscriber falls too far behind (it is dropped). */
  onOverflow?: () => void;
  /** Bytes its connection holds unsent, when known (a client that stops reading makes this grow). */
  unsentBytes?: () => number;
}

/**
 * A subscriber's alerts: first the stored ones after `after` (what it missed), then live ones,
 * each once and in id order — live alerts that arrive while the replay is read wait, and those
 * the replay already covered are skipped. The queue is bounded: a subscriber that stops reading
 * is dropped instead of holding memory for everyone. `return()` unsubscribes at once.
 */
export function alertStream(events: EventBus, store: AlertStore, sub: AlertSubscription): AsyncIterableIterator<AlertRecord> {
  const queue: AlertRecord[] = [];
  let waiter: ((r: IteratorResult<AlertRecord>) => void) | null = null;
  let done = false;
  let replaying = sub.after !== null;
  // Alerts up to `covered` came (or will come) from the replay; live ones are deduplicated by id.
  let covered = sub.after !== null ? BigInt(sub.after) : -1n;
  const sent = new Set<string>();
  const wanted = (a: AlertRecord) =>
    a.tenant === sub.tenant && (sub.dataset === null || a.dataset.toLowerCase() === sub.dataset.toLowerCase()) && (sub.minSeverity === null || a.severity >= sub.minSeverity);
  const finish = () => {
    if (done) return;
    done = true;
    stop();
    queue.length = 0;
    waiter?.({ done: true, value: undefined });
    waiter = null;
  };
  let replayed = 0;
  const deliver = (a: AlertRecord, fromReplay = false) => {
    if (done || sent.has(a.id) || (!fromReplay && BigInt(a.id) <= covered)) return;
    sent.add(a.id);
    if (sent.size > 2 * MAX_REPLAY) sent.delete(sent.values().next().value!);
    if ((sub.unsentBytes?.() ?? 0) > MAX_UNSENT_BYTES) {
      finish();
      sub.onOverflow?.();
      return;
    }
    if (waiter) {
      const w = waiter;
      waiter = null;
      w({ done: false, value: a });
      return;
    }
    queue.push(a);
    // The replay may queue up to MAX_REPLAY at once; the bound is on what piles up beyond it.
    if (queue.length > MAX_PENDING_ALERTS + replayed) {
      finish();
      sub.onOverflow?.();
    }
  };
  const held: AlertRecord[] = [];
  const stop = events.on('alert', (e) => {
    const a = e as AlertRecord;
    if (!wanted(a)) return;
    if (replaying) held.push(a);
    else deliver(a);
  });
  const ready = sub.after === null
    ? Promise.resolve()
    : store.after(sub.tenant, sub.after, sub.dataset, sub.minSeverity, MAX_REPLAY).then((missed) => {
        replayed = missed.length;
        for (const a of missed) deliver(a, true);
        if (missed.length) covered = BigInt(missed[missed.length - 1]!.id);
        replaying = false;
        for (const a of held.sort((x, y) => (BigInt(x.id) < BigInt(y.id) ? -1 : 1))) deliver(a);
        held.length = 0;
      });
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next(): Promise<IteratorResult<AlertRecord>> {
      await ready;
      if (queue.length) return { done: false, value: queue.shift()! };
      if (done) return { done: true, value: undefined };
      return new Promise((resolve) => (waiter = resolve));
    },
    async return(): Promise<IteratorResult<AlertRecord>> {
      finish();
      return { done: true, value: undefined };
    },
  };
}
