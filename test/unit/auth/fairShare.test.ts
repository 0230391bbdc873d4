import { describe, expect, it } from 'vitest';
import { FairGate } from '../../../src/warehouse/fairShare.js';
import { AppError, ErrorCode } from '../../../src/shared/errors.js';

/** A query that runs until released, recording the order queries started in. */
function controlled(log: string[], name: string) {
  let release!: () => void;
  const done = new Promise<void>((r) => (release = r));
  return { run: () => (log.push(name), done), release };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('fair share of the reader pool', () => {
  it('one key never holds every slot: another key starts at once', async () => {
    const gate = new FairGate({ slots: 3, queuePerKey: 100, maxWaitMs: 10_000 });
    const log: string[] = [];
    const hog = Array.from({ length: 10 }, (_, i) => controlled(log, `a${i}`));
    const hogRuns = hog.map((q) => gate.run('a', q.run));
    await tick();
    expect(log).toEqual(['a0', 'a1']); // slots − 1 for one key
    const b = controlled(log, 'b0');
    const bRun = gate.run('b', b.run);
    await tick();
    expect(log).toEqual(['a0', 'a1', 'b0']);
    b.release();
    await bRun;
    for (const q of hog) q.release();
    await Promise.all(hogRuns);
  });

  it('freed slots go round-robin over the keys that wait, not first come', async () => {
    const gate = new FairGate({ slots: 2, queuePerKey: 100, maxWaitMs: 10_000 });
    const log: string[] = [];
    const first = controlled(log, 'x');
    const firstRun = gate.run('x', first.run);
    const other = controlled(log, 'y');
    const otherRun = gate.run('y', other.run);
    await tick();
    // Both slots busy; a queues 3, then b queues 3.
    const qs = [...['a0', 'a1', 'a2'].map((n) => ['a', controlled(log, n)] as const), ...['b0', 'b1', 'b2'].map((n) => ['b', controlled(log, n)] as const)];
    const runs = qs.map(([k, q]) => gate.run(k, () => q.run().then(() => undefined)));
    for (const [, q] of qs) q.release(); // each finishes as soon as it starts
    first.release();
    other.release();
    await Promise.all([firstRun, otherRun, ...runs]);
    expect(log.slice(2)).toEqual(['a0', 'b0', 'a1', 'b1', 'a2', 'b2']);
  });

  it('a full queue answers RATE_LIMITED with a retry hint at once, not DATABASE_UNAVAILABLE', async () => {
    const gate = new FairGate({ slots: 2, queuePerKey: 2, maxWaitMs: 10_000 });
    const log: string[] = [];
    const busy = controlled(log, 'busy');
    const busyRun = gate.run('a', busy.run);
    const queued = [gate.run('a', async () => undefined), gate.run('a', async () => undefined)];
    const err = await gate.run('a', async () => undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe(ErrorCode.RATE_LIMITED);
    expect((err as AppError).details?.retryAfterMs).toBeGreaterThan(0);
    // Another key is not refused by a's full queue.
    await gate.run('b', async () => undefined);
    busy.release();
    await Promise.all([busyRun, ...queued]);
  });

  it('a query that waits past maxWaitMs is refused with RATE_LIMITED and leaves the queue', async () => {
    const gate = new FairGate({ slots: 2, queuePerKey: 10, maxWaitMs: 50 });
    const log: string[] = [];
    const busy = controlled(log, 'busy');
    const busyRun = gate.run('a', busy.run);
    const t = performance.now();
    const err = await gate.run('a', async () => undefined).catch((e: unknown) => e);
    expect((err as AppError).code).toBe(ErrorCode.RATE_LIMITED);
    expect((err as AppError).details?.limit).toBe('readerWait');
    expect(performance.now() - t).toBeLessThan(2_000);
    expect(gate.waiting).toBe(0);
    busy.release();
    await busyRun;
  });
});
