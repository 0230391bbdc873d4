import { describe, expect, it } from 'vitest';
import { compileInsight } from '../../../src/insights/compile.js';
import { parseInsightQuery, type InsightQueryInput } from '../../../src/insights/insightQuery.js';
import { datesArePeriods, periodsSpanned } from '../../../src/insights/ownPeriods.js';
import type { CatalogDataset } from '../../../src/shared/catalog.js';
import { col, table } from '../nlp/catalogFixture.js';

const NOW = new Date('2016-06-15T12:00:00Z');
// One row per quarter, dated at the quarter's end (1960-03-31 … 1980-12-31): 84 quarters.
const quarterly: CatalogDataset = table('quarterly', 84, [col('date', 'date', 'time', null, null, 84, ['1960-03-31', '1980-12-31', 'quarter']), col('eps', 'double', 'measure', 0.4, 16.2, 80)]);
// Daily rows: a month holds many dates.
const daily: CatalogDataset = table('daily', 730, [col('date', 'date', 'time', null, null, 730, ['2020-01-01', '2021-12-31', 'day']), col('rain', 'double', 'measure', 0, 40, 200)]);
const compile = (input: Omit<InsightQueryInput, 'dataset'>, ds: CatalogDataset) => compileInsight(parseInsightQuery({ dataset: ds.name, ...input }), ds, { now: NOW, maxRows: 10_000 });

describe('dates that already are the periods asked for', () => {
  it('counts whole periods from the first date to the last', () => {
    expect(periodsSpanned('1960-03-31', '1980-12-31', 'quarter')).toBe(84);
    expect(periodsSpanned('2020-01-31', '2020-12-31', 'month')).toBe(12);
    expect(periodsSpanned('1990-06-30', '1999-06-30', 'year')).toBe(10);
  });
  it('a quarter-end date per quarter groups by its own dates, not date_trunc', () => {
    expect(datesArePeriods(quarterly.columns[0]!, 'quarter')).toBe(true);
    const c = compile({ measures: [{ agg: 'avg', column: 'eps' }], time: { grain: 'quarter' } }, quarterly);
    expect(c.text).not.toContain('date_trunc');
    expect(c.text).toContain('GROUP BY "date"');
  });
  it('stays off: daily dates asked by month are bucketed', () => {
    expect(datesArePeriods(daily.columns[0]!, 'month')).toBe(false);
    expect(compile({ measures: [{ agg: 'sum', column: 'rain' }], time: { grain: 'month' } }, daily).text).toContain("date_trunc('month'");
  });
  it('stays off: quarterly dates asked by year are bucketed', () => {
    expect(datesArePeriods(quarterly.columns[0]!, 'year')).toBe(false);
  });
  it('stays off: more distinct dates than periods (two dates in some quarter) are bucketed', () => {
    const crowded = table('crowded', 90, [col('date', 'date', 'time', null, null, 90, ['1960-03-31', '1980-12-31', 'quarter']), col('eps', 'double', 'measure', 0.4, 16.2, 80)]);
    expect(datesArePeriods(crowded.columns[0]!, 'quarter')).toBe(false);
  });
});
