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
});
