import { describe, expect, it } from 'vitest';
import { earlierPeriod, seriesSpecOf } from '../../../src/chat/modelAnswers.js';
import type { ModelPlan } from '../../../src/nlp/plan.js';

const plan = (query: Partial<ModelPlan['query']>): ModelPlan => ({
  kind: 'model',
  intent: 'anomalies',
  query: { dataset: 'd', measures: [{ column: 'x', agg: 'avg' }], dimensions: [], orderBy: [], ...query },
  restatement: 'r',
  confidence: 1,
  notes: [],
});

describe('seriesSpecOf', () => {
  it('reads the first measure at the grain over the range, for one value of one column', () => {
    expect(seriesSpecOf(plan({ time: { grain: 'month', range: { from: '2014-01-01', to: '2015-01-01' } }, filter: { column: 'symbol', op: 'eq', value: 'MSFT' } }))).toEqual({
      dataset: 'd',
      measure: 'x',
      agg: 'avg',
      grain: 'month',
      range: { from: '2014-01-01', to: '2015-01-01' },
      segmentBy: 'symbol',
      segment: 'MSFT',
    });
    expect(seriesSpecOf(plan({ measures: [{ agg: 'count' }] }))).toEqual({ dataset: 'd', measure: null, agg: 'count' });
  });

  it('refuses what one series cannot hold, naming why', () => {
    expect(() => seriesSpecOf(plan({ dimensions: ['symbol'] }))).toThrow(/one series at a time/);
    expect(() => seriesSpecOf(plan({ filter: { column: 'symbol', op: 'in', values: ['A', 'B'] } }))).toThrow(/other conditions/);
    expect(() => seriesSpecOf(plan({ filter: { and: [{ column: 'a', op: 'eq', value: 1 }, { column: 'b', op: 'eq', value: 2 }] } }))).toThrow(/other conditions/);
    expect(() => seriesSpecOf(plan({ measures: [] }))).toThrow(/needs a measure/);
  });
});

describe('earlierPeriod', () => {
  it('shifts whole months by months and other ranges by their length', () => {
    expect(earlierPeriod({ from: '2015-03-01', to: '2015-04-01' }, 'previous_period')).toEqual({ from: '2015-02-01', to: '2015-03-01' });
    expect(earlierPeriod({ from: '2014-01-01', to: '2015-01-01' }, 'previous_period')).toEqual({ from: '2013-01-01', to: '2014-01-01' });
    expect(earlierPeriod({ from: '2014-07-01', to: '2014-10-01' }, 'previous_period')).toEqual({ from: '2014-04-01', to: '2014-07-01' });
    expect(earlierPeriod({ from: '2015-12-21', to: '2015-12-28' }, 'previous_period')).toEqual({ from: '2015-12-14', to: '2015-12-21' });
    expect(earlierPeriod({ from: '2015-03-01', to: '2015-04-01' }, 'same_period_last_year')).toEqual({ from: '2014-03-01', to: '2014-04-01' });
  });
});
