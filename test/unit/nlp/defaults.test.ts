import { describe, expect, it } from 'vitest';
import { defaultAggregation, defaultGrain } from '../../../src/nlp/defaults.js';
import type { CatalogColumn } from '../../../src/shared/catalog.js';
import { demoDatasets } from '../../fixtures/nlp/demoCatalogs.js';

const all = demoDatasets();
const col = (ds: string, name: string) => all[ds]!.dataset.columns.find((c) => c.name === name)!;

describe('defaults from real profiles', () => {
  it.each([
    ['seattle_weather', 'precipitation', 'sum'],
    ['seattle_weather', 'temp_max', 'max'],
    ['seattle_weather', 'temp_min', 'min'],
    ['seattle_weather', 'wind', 'avg'],
    ['stocks', 'price', 'avg'],
    ['unemployment', 'count', 'sum'],
    ['unemployment', 'rate', 'avg'],
    ['movies', 'worldwide_gross', 'sum'],
    ['movies', 'imdb_rating', 'avg'],
    ['movies', 'imdb_votes', 'sum'],
    ['movies', 'running_time_min', 'avg'],
  ])('%s.%s → %s', (ds, name, agg) => {
    expect(defaultAggregation(col(ds, name))).toBe(agg);
  });
  it('falls back on the profile when the label says nothing', () => {
    const base = col('seattle_weather', 'wind');
    const counts: CatalogColumn = { ...base, name: 'qz', label: 'qz', stats: { ...base.stats!, nonNegative: true, integralShare: 1 } };
    const readings: CatalogColumn = { ...base, name: 'qz', label: 'qz', stats: { ...base.stats!, nonNegative: false, integralShare: 0.1 } };
    expect(defaultAggregation(counts)).toBe('sum');
    expect(defaultAggregation(readings)).toBe('avg');
  });
  it('picks a readable grain for the span and never finer than the data', () => {
    expect(defaultGrain(all.seattle_weather!.dataset)).toBe('month');
    expect(defaultGrain(all.seattle_weather!.dataset, { from: '2014-03-01', to: '2014-04-01' })).toBe('day');
    expect(defaultGrain(all.stocks!.dataset, { from: '2009-01-01', to: '2009-02-01' })).toBe('month');
    expect(defaultGrain(all.movies!.dataset)).toBe('year');
  });
});
