import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/auth/principal.js';
import { runAs } from '../../../src/auth/requestScope.js';
import { vegaDataDir } from '../../../src/demo/demoLoader.js';
import { startTestServer, type TestServer } from '../../support/testServer.js';
import { testTargets } from '../../support/targets.js';

const admin = (tenantId: string): Principal => ({ kind: 'key', tenantId, role: 'admin', keyId: null, rowFilters: [], datasets: null, clientKey: null });

describe.each(testTargets())('real time belongs to a tenant ($kind)', (target) => {
  let s: TestServer;
  const key: Record<string, string> = {};
  const as = async (who: string, query: string, variables?: Record<string, unknown>) => {
    const res = await fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key[who]}` }, body: JSON.stringify({ query, variables }) });
    return (await res.json()) as any;
  };
  beforeAll(async () => {
    s = await startTestServer(target);
    for (const t of ['acme', 'globex']) await runAs(admin(t), () => s.app.services.ingest.ingest({ name: 'stocks', input: { kind: 'file', path: join(vegaDataDir(), 'stocks.csv') } }));
    const keys = s.app.services.keys;
    key.acmeAnalyst = (await keys.create({ tenantId: 'acme', role: 'analyst' })).key;
    key.acmeViewer = (await keys.create({ tenantId: 'acme', role: 'viewer' })).key;
    key.globex = (await keys.create({ tenantId: 'globex', role: 'analyst' })).key;
  }, 300_000);
  afterAll(() => s?.close());

  it("another tenant's detectors and alerts are NOT_FOUND; viewers read but do not manage", async () => {
    const made = await as('acmeAnalyst', `mutation { createDetector(input: { dataset: "stocks", kind: SERIES_ANOMALY, measure: "price", segmentBy: "symbol" }) { id } }`);
    expect(made.errors).toBeUndefined();
    const id = made.data.createDetector.id;
    const spike = await as('acmeAnalyst', `mutation { appendRows(dataset: "stocks", rows: [{ symbol: "IBM", date: "2010-04-01", price: 900 }]) { accepted } }`);
    expect(spike.data.appendRows.accepted).toBe(1);
    await s.app.services.realtime.scorer.idle();
    const mine = await as('acmeViewer', `{ detectors { id } alerts { id } }`);
    expect(mine.data.detectors.map((d: any) => d.id)).toEqual([id]);
    expect(mine.data.alerts.length).toBe(1);
    const theirs = await as('globex', `{ detectors { id } alerts { id } }`);
    expect(theirs.data).toEqual({ detectors: [], alerts: [] });
    for (const op of [`mutation($id: ID!) { pauseDetector(id: $id) { id } }`, `mutation($id: ID!) { deleteDetector(id: $id) }`, `{ modelVersions(modelId: "${id}/IBM") { version } }`]) {
      const r = await as('globex', op, op.includes('$id') ? { id } : undefined);
      expect(r.errors[0].extensions.code).toBe('NOT_FOUND');
    }
    const verdict = await as('globex', `mutation($a: ID!) { alertFeedback(alertId: $a, verdict: FALSE_POSITIVE) { thresholdAfter } }`, { a: mine.data.alerts[0].id });
    expect(verdict.errors[0].extensions.code).toBe('NOT_FOUND');
    const viewerWrite = await as('acmeViewer', `mutation($id: ID!) { pauseDetector(id: $id) { id } }`, { id });
    expect(viewerWrite.errors[0].extensions.code).toBe('FORBIDDEN');
    const viewerEvents = await as('acmeViewer', `mutation { appendRows(dataset: "stocks", rows: [{ symbol: "IBM", date: "2010-05-01", price: 1 }]) { accepted } }`);
    expect(viewerEvents.errors[0].extensions.code).toBe('FORBIDDEN');
  }, 300_000);
});
