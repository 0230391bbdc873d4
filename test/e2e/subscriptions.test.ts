import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { testTargets } from '../support/targets.js';

/** Collects the next n events of a subscription over a real WebSocket. */
function take(client: Client, query: string, n: number): Promise<any[]> {
  return new Promise((resolve, reject) => {
    const got: any[] = [];
    const dispose = client.subscribe(
      { query },
      {
        next: (v) => {
          if (v.errors) return reject(new Error(JSON.stringify(v.errors)));
          got.push(v.data);
          if (got.length === n) {
            dispose();
            resolve(got);
          }
        },
        error: (e) => reject(Array.isArray(e) ? new Error(e.map((x: { message: string }) => x.message).join("; ")) : e),
        complete: () => undefined,
      },
    );
  });
}

describe.each(testTargets())('subscriptions over WebSocket ($kind)', (target) => {
  let s: TestServer;
  let client: Client;
  beforeAll(async () => {
    s = await startTestServer(target);
    client = createClient({ url: s.url.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
  });
  afterAll(async () => {
    await client?.dispose();
    await s?.close();
  });

  /** Waits until `n` subscriptions listen for dataset events. */
  const registered = async (n: number) => {
    for (let i = 0; i < 500 && s.app.services.events.subscribers('dataset') !== n; i++) await new Promise((r) => setTimeout(r, 20));
  };

  it('pushes dataset loads, appends and drops to subscribers, filtered by name', async () => {
    const all = take(client, 'subscription { datasetUpdated { dataset kind rowCount } }', 3);
    const onlyB = take(client, 'subscription { datasetUpdated(name: "b") { dataset kind rowCount } }', 1);
    await registered(2); // both subscriptions are listening (a sleep raced a busy start-up)
    await s.gql(`mutation { ingestDataset(name: "a", content: "x,y\\n1,2\\n") { status } }`);
    await s.gql(`mutation { ingestDataset(name: "a", content: "x,y\\n3,4\\n", append: true) { status } }`);
    await s.gql(`mutation { ingestDataset(name: "b", content: "x\\n1\\n") { status } }`);
    expect(await all).toEqual([
      { datasetUpdated: { dataset: 'a', kind: 'LOADED', rowCount: 1 } },
      { datasetUpdated: { dataset: 'a', kind: 'APPENDED', rowCount: 2 } },
      { datasetUpdated: { dataset: 'b', kind: 'LOADED', rowCount: 1 } },
    ]);
    expect(await onlyB).toEqual([{ datasetUpdated: { dataset: 'b', kind: 'LOADED', rowCount: 1 } }]);
    await registered(0);
    const dropped = take(client, 'subscription { datasetUpdated { dataset kind } }', 1);
    await registered(1);
    await s.gql(`mutation { dropDataset(name: "a") }`);
    expect(await dropped).toEqual([{ datasetUpdated: { dataset: 'a', kind: 'DROPPED' } }]);
  });

  it('frees a subscription as soon as the client stops it, without waiting for another event', async () => {
    const open = () => s.app.services.events.subscribers('dataset');
    const until = async (ok: () => boolean) => {
      for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 20));
      return ok();
    };
    // The previous test's subscriptions end as their clients' Complete messages arrive.
    await new Promise((r) => setTimeout(r, 300));
    const before = open();
    const dispose = client.subscribe({ query: 'subscription { datasetUpdated(name: "nothing") { dataset } }' }, { next: () => undefined, error: () => undefined, complete: () => undefined });
    expect(await until(() => open() === before + 1)).toBe(true);
    dispose();
    expect(await until(() => open() === before)).toBe(true);
  });

  it('applies the same validation limits as HTTP', async () => {
    const bad = take(client, 'subscription { datasetUpdated { nope } }', 1);
    await expect(bad).rejects.toThrow(/nope/);
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: dataset`).join(' ');
    await expect(take(client, `subscription { datasetUpdated { ${aliases} } }`, 1)).rejects.toThrow(/alias/i);
  });
});
