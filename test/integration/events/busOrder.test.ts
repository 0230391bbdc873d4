// Notices on the Postgres bus arrive in the order they were sent, even when sent without waiting.
import { afterAll, describe, expect, it } from 'vitest';
import { openBus, type Bus } from '../../../src/events/bus.js';
import type { BusMessage } from '../../../src/events/busMessage.js';
import { createLogger } from '../../../src/shared/logger.js';

const url = process.env.INSIGHTQL_TEST_PG || null;

describe.skipIf(!url)('the Postgres bus keeps the order of its notices', () => {
  const buses: Bus[] = [];
  afterAll(async () => {
    for (const b of buses) await b.close();
  });

  it('200 notices sent back to back, without awaiting each, arrive in the order sent', async () => {
    const sender = await openBus(url, createLogger('silent'));
    const receiver = await openBus(url, createLogger('silent'));
    buses.push(sender, receiver);
    const tenant = `order-${process.pid}-${Date.now()}`;
    const got: number[] = [];
    const done = new Promise<void>((resolve) => {
      receiver.onMessage((m: BusMessage) => {
        if (m.t !== 'events' || m.tenant !== tenant) return;
        got.push(Number(m.dataset));
        if (got.length === 200) resolve();
      });
    });
    const sends = Array.from({ length: 200 }, (_, i) => sender.send({ t: 'events', tenant, dataset: String(i) }));
    await Promise.all(sends);
    await done;
    expect(got).toEqual(Array.from({ length: 200 }, (_, i) => i));
  }, 60_000);

  it('a notice Postgres refuses fails its own send only: the others queued with it still arrive, in order', async () => {
    const sender = await openBus(url, createLogger('silent'));
    const receiver = await openBus(url, createLogger('silent'));
    buses.push(sender, receiver);
    const tenant = `refused-${process.pid}-${Date.now()}`;
    const got: string[] = [];
    const done = new Promise<void>((resolve) => {
      receiver.onMessage((m: BusMessage) => {
        if (m.t !== 'events' || m.tenant !== tenant) return;
        got.push(m.dataset);
        if (m.dataset === 'last') resolve();
      });
    });
    // The first goes out alone; the rest queue behind it and leave together, the oversized one
    // (past NOTIFY's 8,000 bytes) among them.
    const first = sender.send({ t: 'events', tenant, dataset: 'first' });
    const before = sender.send({ t: 'events', tenant, dataset: 'before' });
    const tooBig = sender.send({ t: 'events', tenant, dataset: 'x'.repeat(9_000) });
    const after = sender.send({ t: 'events', tenant, dataset: 'after' });
    const last = sender.send({ t: 'events', tenant, dataset: 'last' });
    await expect(tooBig).rejects.toThrow(/payload string too long/);
    await Promise.all([first, before, after, last]);
    await done;
    expect(got).toEqual(['first', 'before', 'after', 'last']);
  }, 60_000);
});
