import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/testServer.js';
import { testTargets } from '../../support/targets.js';
import { ingestText, monthlyCsv } from './modelTestData.js';

const FORECAST = `query($i: SeriesInput!) { forecast(input: $i, horizon: 3) { model { id reused } points { date mean } } }`;

// A text segment is stored as a jsonb string; reading it back once parsed it a second time
// ("AAPL" is not JSON), and every later use of the dataset's models failed.
describe.each(testTargets())('model registry with a text segment ($kind)', (target) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(target);
    await ingestText(s, 'prices', monthlyCsv(48, ['AAPL', 'MSFT'], (m, r) => 100 + m * (r + 1) + 5 * Math.sin(m)).replace('region', 'symbol'));
  }, 180_000);
  afterAll(() => s?.close());

  it('forecasts a text segment, then lists, reuses and trends it', async () => {
    const input = { dataset: 'prices', measure: 'sales', agg: 'SUM', grain: 'MONTH', segmentBy: 'symbol', segment: 'AAPL' };
    const first = await s.gql(FORECAST, { i: input });
    expect(first.errors).toBeUndefined();
    expect(first.data.forecast.points).toHaveLength(3);
    const again = await s.gql(FORECAST, { i: input });
    expect(again.errors).toBeUndefined();
    expect(again.data.forecast.model.reused).toBe(true);
    const listed = await s.gql(`{ models(dataset: "prices") { segmentBy segment } }`);
    expect(listed.errors).toBeUndefined();
    expect(listed.data.models).toContainEqual({ segmentBy: 'symbol', segment: 'AAPL' });
    const trend = await s.gql(`query($i: SeriesInput!) { trend(input: $i) { direction } }`, { i: input });
    expect(trend.errors).toBeUndefined();
    const other = await s.gql(FORECAST, { i: { ...input, segment: 'MSFT' } });
    expect(other.errors).toBeUndefined();
  }, 180_000);
});
