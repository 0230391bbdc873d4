import { describe, expect, it } from 'vitest';
import { compileInsight } from '../../../src/insights/compile.js';
import { describeQuery } from '../../../src/insights/describe.js';
import { parseInsightQuery, type InsightQueryInput } from '../../../src/insights/insightQuery.js';
import { resolveQuery } from '../../../src/insights/validate.js';
import type { CatalogDataset } from '../../../src/shared/catalog.js';
import { hostile, seattleWeather, unemployment } from '../../fixtures/insights/catalogs.js';
import { errorOf } from '../../support/errorOf.js';

// Group filters (having), group counts (countGroups) and contrasts: validation with stable codes,
// and SQL where every threshold and side is a bind parameter and every name a quoted identifier.

const NOW = new Date('2016-06-15T12:00:00Z');
const compile = (input: Omit<InsightQueryInput, 'dataset'>, ds: CatalogDataset = seattleWeather) => compileInsight(parseInsightQuery({ dataset: ds.name, ...input }), ds, { now: NOW, maxRows: 10_000 });
const resolve = (input: Omit<InsightQueryInput, 'dataset'>, ds: CatalogDataset = seattleWeather) => resolveQuery(parseInsightQuery({ dataset: ds.name, ...input }), ds);


describe('having', () => {
  it('compiles to HAVING on the aggregate with the threshold bound as float8', () => {
    const c = compile({ dimensions: ['weather'], measures: [{ agg: 'count' }], having: [{ measure: 'count', op: 'gt', value: 100 }] });
    expect(c.text).toContain('GROUP BY "weather"\nHAVING count(*)::float8 > $1::float8');
    expect(c.values[0]).toBe(100);
    const b = compile({ dimensions: ['weather'], measures: [{ agg: 'avg', column: 'wind' }], having: [{ measure: 'avg_wind', op: 'between', values: [2, '3.5'] }] });
    expect(b.text).toContain('HAVING avg("wind")::float8 BETWEEN $1::float8 AND $2::float8');
    expect(b.values.slice(0, 2)).toEqual([2, 3.5]);
  });

  it('quotes hostile names in the HAVING expression', () => {
    const c = compile({ dimensions: ['weird'], measures: [{ agg: 'sum', column: 'Amount' }], having: [{ measure: 'sum_amount 💰', op: 'gte', value: 3 }] }, hostile);
    expect(c.text).toContain('HAVING sum("amount 💰")::float8 >= $1::float8');
  });

  it('a threshold that is not a number is TYPE_MISMATCH naming its path', () => {
    const e = errorOf(() => resolve({ dimensions: ['weather'], measures: [{ agg: 'count' }], having: [{ measure: 'count', op: 'gt', value: 'lots' }] }));
    expect(e.code).toBe('TYPE_MISMATCH');
    expect(e.details?.path).toEqual(['having', '0', 'value']);
    expect(errorOf(() => resolve({ dimensions: ['weather'], measures: [{ agg: 'count' }], having: [{ measure: 'count', op: 'gt', value: true }] })).code).toBe('TYPE_MISMATCH');
    expect(errorOf(() => resolve({ dimensions: ['weather'], measures: [{ agg: 'count' }], having: [{ measure: 'count', op: 'gt' }] })).code).toBe('TYPE_MISMATCH');
  });

  it('a measure that is not a number (max of a text column) is TYPE_MISMATCH', () => {
    const e = errorOf(() => resolve({ dimensions: ['weather'], measures: [{ agg: 'max', column: 'weather', as: 'last' }], having: [{ measure: 'last', op: 'gt', value: 3 }] }));
    expect(e.code).toBe('TYPE_MISMATCH');
    expect(e.message).toContain("measure 'last' is text");
  });

  it('an unknown measure is UNKNOWN_COLUMN listing the measures; a text operator is BAD_INPUT', () => {
    const e = errorOf(() => resolve({ dimensions: ['weather'], measures: [{ agg: 'count' }], having: [{ measure: 'weather', op: 'gt', value: 3 }] }));
    expect(e.code).toBe('UNKNOWN_COLUMN');
    expect(e.message).toContain("(measures: 'count')");
    expect(errorOf(() => resolve({ dimensions: ['weather'], measures: [{ agg: 'count' }], having: [{ measure: 'count', op: 'contains', value: 3 }] })).code).toBe('BAD_INPUT');
    expect(errorOf(() => resolve({ dimensions: ['weather'], measures: [{ agg: 'count' }], having: [{ measure: 'count', op: 'between', values: [1] }] })).code).toBe('BAD_INPUT');
  });

  it('is described in words', () => {
    const q = parseInsightQuery({ dataset: 'seattle_weather', dimensions: ['weather'], measures: [{ agg: 'count' }], having: [{ measure: 'count', op: 'gt', value: 100 }] });
    expect(describeQuery(q, seattleWeather)).toContain('keeping groups where count of rows is above 100');
  });
});

describe('countGroups', () => {
  it('counts the groups that pass, in one outer row', () => {
    const c = compile({ dimensions: ['weather'], measures: [{ agg: 'count' }], having: [{ measure: 'count', op: 'gt', value: 100 }], countGroups: true });
    expect(c.text).toMatch(/^SELECT count\(\*\)::float8 AS "group_count", count\(\*\) OVER \(\)::float8 AS "__total"\nFROM \(SELECT /);
    expect(c.text).toContain('HAVING count(*)::float8 > $1::float8) AS "g"');
    expect(c.columns.map((x) => x.name)).toEqual(['group_count']);
  });

  it('needs something to group by, and does not combine with compare', () => {
    expect(errorOf(() => resolve({ measures: [{ agg: 'count' }], countGroups: true })).code).toBe('BAD_INPUT');
    expect(errorOf(() => resolve({ measures: [{ agg: 'count' }], time: { grain: 'month', range: { from: '2014-01-01', to: '2015-01-01' } }, compare: { to: 'previous_period' }, countGroups: true })).message).toContain("'countGroups' does not combine with 'compare'");
  });
});

describe('contrast', () => {
  it('two values of a column: each side a FILTERed aggregate, then a − b and the % change', () => {
    const c = compile({ measures: [{ agg: 'sum', column: 'count' }], contrast: { column: 'year', a: { value: 2009 }, b: { value: 2001 } } }, unemployment);
    expect(c.columns.map((x) => x.name)).toEqual(['sum_count_a', 'sum_count_b', 'sum_count_difference', 'sum_count_pct_change']);
    expect(c.columns.map((x) => x.label)).toEqual(['sum of count (2009)', 'sum of count (2001)', 'difference in sum of count (2009 − 2001)', '% change in sum of count from 2001 to 2009']);
    expect(c.text).toContain('sum("count") FILTER (WHERE "year" = $1::int8)::float8 AS "sum_count_a"');
    expect(c.text).toContain('WHERE ("year" = $');
    expect(c.values).toContain(2009);
    expect(c.values).toContain(2001);
    expect(c.text).not.toContain('2009');
  });

  it('two ranges of the time column, labelled as given', () => {
    const c = compile({ measures: [{ agg: 'avg', column: 'temp_max' }], contrast: { a: { range: { from: '2015-01-01', to: '2016-01-01' }, label: '2015' }, b: { range: { from: '2012-01-01', to: '2013-01-01' }, label: '2012' } } });
    expect(c.text).toContain('avg("temp_max") FILTER (WHERE ("date" >= $1::timestamp AND "date" < $2::timestamp))::float8 AS "avg_temp_max_a"');
    expect(c.columns[2]!.label).toBe('difference in average temp_max (2015 − 2012)');
  });

  it('refuses bad sides and combinations with stable codes', () => {
    expect(errorOf(() => resolve({ measures: [{ agg: 'count' }], contrast: { column: 'weather', a: { range: { from: '2015-01-01', to: '2016-01-01' } }, b: { value: 'rain' } } })).code).toBe('TYPE_MISMATCH');
    expect(errorOf(() => resolve({ measures: [{ agg: 'count' }], contrast: { column: 'wind', a: { value: 'gusty' }, b: { value: 3 } } })).code).toBe('TYPE_MISMATCH');
    expect(errorOf(() => resolve({ measures: [{ agg: 'count' }], contrast: { a: { value: 'rain' }, b: { value: 'sun' } } })).code).toBe('BAD_INPUT');
    expect(errorOf(() => parseInsightQuery({ dataset: 'seattle_weather', measures: [{ agg: 'count' }], contrast: { column: 'weather', a: {}, b: { value: 'sun' } } })).code).toBe('BAD_INPUT');
    expect(errorOf(() => resolve({ measures: [{ agg: 'count' }], having: [{ measure: 'count', op: 'gt', value: 1 }], contrast: { column: 'weather', a: { value: 'rain' }, b: { value: 'sun' } } })).code).toBe('BAD_INPUT');
  });

  it('orders groups by the difference by default, and names it in orderBy', () => {
    const c = compile({ dimensions: ['series'], measures: [{ agg: 'avg', column: 'rate' }], contrast: { column: 'year', a: { value: 2009 }, b: { value: 2000 } } }, unemployment);
    expect(c.text).toContain('ORDER BY "avg_rate_difference" DESC NULLS LAST');
    expect(resolve({ dimensions: ['series'], measures: [{ agg: 'avg', column: 'rate' }], contrast: { column: 'year', a: { value: 2009 }, b: { value: 2000 } }, orderBy: [{ field: 'avg_rate_pct_change', direction: 'asc' }] }, unemployment).orderBy[0]!.kind).toBe('measure');
  });
});
