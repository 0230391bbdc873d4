import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testTargets } from '../../support/targets.js';
import { startTestServer, type TestServer } from '../../support/testServer.js';
import { createDataset, fingerprint, type Cell } from './support.js';

const COLS = [
  { name: 'id', type: 'integer' as const },
  { name: 'city', type: 'text' as const },
  { name: 'price', type: 'text' as const },
];
const ROWS: Cell[][] = [
  [1, 'New York', '$1,200'],
  [2, 'new york', '$950'],
  [3, 'Boston', 'N/A'],
  [3, 'Boston', 'N/A'],
  [4, 'Chicago', '1,100'],
  [5, 'Boston', '700'],
];

const RESULT = `preview applied version counts { rowsBefore rowsAfter affected failed } sample { before after } message`;

// Only the embedded target: the GraphQL layer is the same over both databases, the SQL is tested per target elsewhere.
describe.each(testTargets().filter((t) => t.kind === 'embedded'))('cleaning over GraphQL on $kind', (target) => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer(target);
    await createDataset(srv.app.services.warehouse, 'shop', COLS, ROWS);
  }, 180_000);
  afterAll(async () => srv?.close());

  it('reports quality with ready-to-run fixes', async () => {
    const r = await srv.gql(`{ dataQuality(dataset: "shop", key: ["id"]) { rowCount sampled columns { name disguisedNullCount } findings { kind column count fix { step params } } } }`);
    expect(r.errors).toBeUndefined();
    const q = r.data.dataQuality;
    expect(q.rowCount).toBe(6);
    const kinds = q.findings.map((f: { kind: string }) => f.kind);
    expect(kinds).toContain('duplicate_rows');
    expect(kinds).toContain('duplicate_keys');
    expect(kinds).toContain('wrong_type');
    expect(q.findings.find((f: { kind: string }) => f.kind === 'duplicate_rows')).toMatchObject({ count: 1, fix: { step: 'removeDuplicates', params: { mode: 'EXACT', keep: 'FIRST' } } });
    expect(q.columns.find((c: { name: string }) => c.name === 'price').disguisedNullCount).toBe(2);
  });

  it('previews, applies, lists versions, reverts and prunes', async () => {
    const before = await fingerprint(srv.app.services.warehouse, 'shop');
    const p = await srv.gql(`mutation { removeDuplicates(dataset: "shop", mode: EXACT, preview: true) { ${RESULT} } }`);
    expect(p.errors).toBeUndefined();
    expect(p.data.removeDuplicates).toMatchObject({ preview: true, applied: false, version: null, counts: { rowsBefore: 6, rowsAfter: 5, affected: 1 } });
    expect(p.data.removeDuplicates.sample).toEqual([{ before: { id: 3, city: 'Boston', price: 'N/A' }, after: null }]);
    expect(await fingerprint(srv.app.services.warehouse, 'shop')).toEqual(before);

    const a = await srv.gql(`mutation { removeDuplicates(dataset: "shop", mode: EXACT) { ${RESULT} } }`);
    expect(a.data.removeDuplicates).toMatchObject({ applied: true, version: 2, counts: { rowsAfter: 5 } });
    const c = await srv.gql(`mutation { coerceType(dataset: "shop", column: "price", to: DOUBLE) { ${RESULT} } }`);
    // The values that change: three loose numbers and one 'N/A' (a null marker, not a failure); '700' already reads as a double.
    expect(c.data.coerceType).toMatchObject({ version: 3, counts: { affected: 4, failed: 0 } });
    const s = await srv.gql(`mutation { standardizeValues(dataset: "shop", column: "city", method: FINGERPRINT) { ${RESULT} } }`);
    expect(s.data.standardizeValues.counts.affected).toBe(1);

    const v = await srv.gql(`{ datasetVersions(dataset: "shop") { version parentVersion step current available createdBy columns } }`);
    expect(v.data.datasetVersions.map((x: { version: number; step: string }) => `${x.version}:${x.step}`)).toEqual(['4:standardizeValues', '3:coerceType', '2:removeDuplicates', '1:ingest']);
    expect(v.data.datasetVersions[0]).toMatchObject({ current: true, createdBy: 'graphql', parentVersion: 3 });

    const rec = await srv.gql(`{ recipe(dataset: "shop") { position step params enabled resolved } }`);
    expect(rec.data.recipe.map((x: { step: string }) => x.step)).toEqual(['removeDuplicates', 'coerceType', 'standardizeValues']);
    expect(rec.data.recipe[2].resolved).toMatchObject({ mappings: [{ column: 'city', entries: [['new york', 'New York']] }], canonicals: ['New York'] });

    const back = await srv.gql(`mutation { revertDataset(dataset: "shop", version: 1) { ${RESULT} } }`);
    expect(back.data.revertDataset).toMatchObject({ version: 5, counts: { rowsAfter: 6 } });
    const fp = await fingerprint(srv.app.services.warehouse, 'shop');
    expect({ rows: fp.rows, md5: fp.md5, columns: fp.columns }).toEqual({ rows: before.rows, md5: before.md5, columns: before.columns });

    const pr = await srv.gql(`mutation { pruneDatasetVersions(dataset: "shop", keep: 2) { pruned kept } }`);
    expect(pr.data.pruneDatasetVersions).toEqual({ pruned: [1, 2, 3], kept: [4, 5] });
    const gone = await srv.gql(`mutation { revertDataset(dataset: "shop", version: 2) { version } }`);
    expect(gone.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    // The recipe reruns on the reverted rows: the same three steps, three new versions.
    const rerun = await srv.gql(`mutation { applyRecipe(dataset: "shop") { version counts { rowsAfter affected } } }`);
    expect(rerun.errors).toBeUndefined();
    expect(rerun.data.applyRecipe.map((x: { version: number }) => x.version)).toEqual([6, 7, 8]);
    expect(rerun.data.applyRecipe.at(-1).counts.rowsAfter).toBe(5);
  });

  it('an appended batch reports how it went through the recipe', async () => {
    await srv.gql(`mutation { ingestDataset(name: "orders", content: "id,city,price\\n1,Boston,$5\\n2, boston,$7\\n") { status } }`);
    await srv.gql(`mutation { trimAndCase(dataset: "orders", columns: ["city"], case: TITLE) { version } }`);
    await srv.gql(`mutation { coerceType(dataset: "orders", column: "price", to: DOUBLE) { version } }`);
    const r = await srv.gql(`mutation { ingestDataset(name: "orders", append: true, content: "id,city,price\\n3,  denver,$1\\n") { status recipe { shape applied skipped { step reason } } } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data.ingestDataset).toEqual({ status: 'SUCCEEDED', recipe: { shape: 'INPUT', applied: ['1:trimAndCase', '2:coerceType'], skipped: [] } });
    const q = await srv.gql(`{ insight(query: { dataset: "orders", measures: [{ column: "price", agg: SUM }] }) { rows } }`);
    expect(q.errors).toBeUndefined();
    expect(JSON.stringify(q.data.insight.rows)).toContain('13');
  });

  it('gives a clear error for an unknown column, naming it', async () => {
    const r = await srv.gql(`mutation { trimAndCase(dataset: "shop", columns: ["cty"]) { version } }`);
    expect(r.errors?.[0]?.extensions?.code).toBe('UNKNOWN_COLUMN');
    expect(r.errors?.[0]?.message).toMatch(/'cty'.*did you mean 'city'/);
  });
});
