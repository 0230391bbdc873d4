import { describe, expect, it } from 'vitest';
import { describeQuery, ordinal } from '../../../src/insights/describe.js';
import { parseInsightQuery, type InsightQueryInput } from '../../../src/insights/insightQuery.js';
import type { CatalogDataset } from '../../../src/shared/catalog.js';
import { seattleWeather, stocks } from '../../fixtures/insights/catalogs.js';

const say = (input: Omit<InsightQueryInput, 'dataset'>, ds: CatalogDataset = seattleWeather) => describeQuery(parseInsightQuery({ dataset: ds.name, ...input }), ds);
const precip = [{ agg: 'sum' as const, column: 'precipitation' }];

describe('describeQuery', () => {
  it('restates a monthly comparison in plain English', () => {
    expect(say({ measures: precip, time: { grain: 'month', range: { from: '2014-01-01', to: '2015-01-01' } }, compare: { to: 'previous_period' } })).toBe(
      'sum of precipitation by month in 2014, compared with the previous period',
    );
  });

  it('uses labels, not names', () => {
    expect(say({ measures: [{ agg: 'avg', column: 'price' }], dimensions: ['symbol'] }, stocks)).toBe('average Price by Symbol');
  });

  it('names calendar periods the way people do', () => {
    const r = (from: string, to: string) => say({ measures: precip, time: { range: { from, to } } });
    expect(r('2014-01-01', '2014-04-01')).toBe('sum of precipitation in Q1 2014');
    expect(r('2014-03-01', '2014-04-01')).toBe('sum of precipitation in March 2014');
    expect(r('2014-03-05', '2014-03-06')).toBe('sum of precipitation on 2014-03-05');
    expect(r('2014-03-05', '2014-04-10')).toBe('sum of precipitation from 2014-03-05 to 2014-04-09');
    expect(say({ measures: precip, time: { range: { last: { count: 3, unit: 'month' } } } })).toBe('sum of precipitation in the last 3 months');
    expect(say({ measures: precip, time: { range: { last: { count: 1, unit: 'year' } } }, compare: { to: 'same_period_last_year' } })).toBe(
      'sum of precipitation in the last year, compared with the same period last year',
    );
  });

  it('describes filters, percentiles, ordering and limits', () => {
    expect(
      say({
        measures: [{ agg: 'percentile', column: 'wind', percentile: 0.9 }, { agg: 'count' }],
        dimensions: ['weather'],
        filter: { and: [{ column: 'temp_max', op: 'gte', value: 20 }, { or: [{ column: 'weather', op: 'in', values: ['sun', 'fog'] }, { column: 'wind', op: 'is_null' }] }] },
        limit: 3,
      }),
    ).toBe("90th percentile of wind and count of rows by weather where temp_max is at least 20 and (weather is one of 'sun', 'fog' or wind is missing), top 3");
    expect(say({ dimensions: ['weather'], orderBy: [{ field: 'weather', direction: 'asc' }], limit: 2 })).toBe('distinct weather, sorted by weather, first 2 rows');
  });

  it('is lenient with names it cannot resolve', () => {
    expect(say({ measures: [{ agg: 'max', column: 'humidity' }] })).toBe('maximum humidity');
  });

  it('writes ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 90, 99.5].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '90th', '99.5th']);
  });
});
