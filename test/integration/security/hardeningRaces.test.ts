import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/testServer.js';
import { testTargets } from '../../support/targets.js';

const csv = (rows: number, seed = 0) => ['k,v', ...Array.from({ length: rows }, (_, i) => `k${i + seed},${i * 3 + seed}`)].join('\n') + '\n';

describe.each(testTargets())('ingest races: idempotency and name conflicts ($kind)', (target) => {
  let s: TestServer;
  const upload = async (name: string, body: string, query = '', headers: Record<string, string> = {}) => {
    const res = await fetch(`${s.base}/datasets/${encodeURIComponent(name)}${query}`, { method: 'POST', headers: { 'content-type': 'text/csv', ...headers }, body });
    return { status: res.status, json: (await res.json()) as any };
  };
  const rowCount = async (name: string) => (await s.gql(`query($n: String!) { dataset(name: $n) { rowCount } }`, { n: name })).data.dataset?.rowCount;

  beforeAll(async () => {
    s = await startTestServer(target);
  }, 180_000);
  afterAll(() => s?.close());

  it('two identical appends sent at the same moment are applied once', async () => {
    await upload('events', csv(10));
    const batch = csv(5, 100);
    const t = performance.now();
    const both = await Promise.all([upload('events', batch, '?append=true'), upload('events', batch, '?append=true')]);
    console.log(`[races ${target.kind}] two identical appends at once: ${(performance.now() - t).toFixed(0)} ms`);
    expect(both.map((r) => r.json.status).sort()).toEqual(['succeeded', 'unchanged']);
    expect(await rowCount('events')).toBe(15);
  }, 120_000);

  it('four concurrent creates: one CREATE, the rest replace it in turn (identical content: unchanged)', async () => {
    const four = await Promise.all([0, 1, 2, 3].map((i) => upload('fresh', csv(4, i * 10))));
    const modes = four.map((r) => `${r.json.mode}/${r.json.status}`).sort();
    expect(modes).toEqual(['create/succeeded', 'replace/succeeded', 'replace/succeeded', 'replace/succeeded']);
    const same = await Promise.all([0, 1, 2, 3].map(() => upload('same', csv(6))));
    expect(same.map((r) => `${r.json.mode}/${r.json.status}`).sort()).toEqual(['create/succeeded', 'replace/unchanged', 'replace/unchanged', 'replace/unchanged']);
    expect(await rowCount('same')).toBe(6);
  }, 120_000);

  it('an Idempotency-Key on an append: resending it never adds rows, even with other content', async () => {
    await upload('ledger', csv(3));
    const first = await upload('ledger', csv(2, 50), '?append=true', { 'idempotency-key': 'batch-7' });
    expect(first.json.status).toBe('succeeded');
    const again = await upload('ledger', csv(2, 50), '?append=true', { 'idempotency-key': 'batch-7' });
    const changed = await upload('ledger', csv(2, 60), '?append=true', { 'idempotency-key': 'batch-7' });
    expect([again.json.status, changed.json.status]).toEqual(['unchanged', 'unchanged']);
    const racing = await Promise.all([70, 80, 90].map((seed) => upload('ledger', csv(2, seed), '?append=true', { 'idempotency-key': 'batch-8' })));
    expect(racing.map((r) => r.json.status).sort()).toEqual(['succeeded', 'unchanged', 'unchanged']);
    expect(await rowCount('ledger')).toBe(3 + 2 + 2);
    const gql = `mutation($c: String!) { ingestDataset(name: "ledger", content: $c, append: true, idempotencyKey: "inline-1") { status } }`;
    expect((await s.gql(gql, { c: csv(1, 500) })).data.ingestDataset.status).toBe('SUCCEEDED');
    expect((await s.gql(gql, { c: csv(1, 600) })).data.ingestDataset.status).toBe('UNCHANGED');
    expect(await rowCount('ledger')).toBe(8);
  }, 120_000);

  it('names that normalise to the same identifier refuse with NAME_CONFLICT unless replace is asked for', async () => {
    await upload('Sales', csv(3));
    for (const other of ['sales!', 'SALES']) {
      const r = await upload(other, csv(4));
      expect(r.status).toBe(409);
      expect(r.json.error.code).toBe('NAME_CONFLICT');
    }
    const inline = await s.gql(`mutation { ingestDataset(name: "SALES", content: "k,v\\na,1\\n") { status } }`);
    expect(inline.errors[0].extensions.code).toBe('NAME_CONFLICT');
    expect(await rowCount('sales')).toBe(3);
    const again = await upload('Sales', csv(5));
    expect(again.json.mode).toBe('replace');
    const replaced = await upload('SALES', csv(7), '?replace=true');
    expect(replaced.json.status).toBe('succeeded');
    expect(await rowCount('sales')).toBe(7);
  }, 120_000);

  it('colliding names loaded at the same moment: one wins, the others get NAME_CONFLICT', async () => {
    const all = await Promise.all(['Orders', 'orders!', 'ORDERS'].map((n, i) => upload(n, csv(3 + i))));
    const codes = all.map((r) => r.json.error?.code ?? r.json.status).sort();
    expect(codes).toEqual(['NAME_CONFLICT', 'NAME_CONFLICT', 'succeeded']);
    const runs = await s.app.services.warehouse.query<{ status: string }>(`SELECT status FROM catalog.ingestion_runs WHERE dataset_name = 'orders' AND status = 'running'`);
    expect(runs).toEqual([]);
  }, 120_000);
});
