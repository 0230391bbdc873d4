// Decades and centuries: grouping words bucket the year series the plan builds (a time column's
// grain, or yearBucket on an integer year column); "the 1990s" and "the 19th century" filter.
import { describe, expect, it } from 'vitest';
import { col, table } from './catalogFixture.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';

const yearly = table('spots', 309, [col('year', 'integer', 'dimension', 1700, 2008, 309), col('activity', 'double', 'measure', 0, 190, 250)]);
const dated = table('gas', 500, [col('date', 'date', 'time', null, null, 500, ['1958-03-01', '2001-12-01', 'month']), col('ppm', 'double', 'measure', 310, 380, 480)]);
// A column already named decade: the word names it, not a bucket.
const named = table('cohorts', 120, [col('year', 'integer', 'dimension', 1900, 2019, 120), col('decade', 'text', 'dimension', null, null, 12), col('sales', 'double', 'measure', 0, 900, 110)]);
// A "year" column of codes (0–9): not years, so no decade of it.
const codes = table('ships', 40, [col('year', 'integer', 'dimension', 60, 75, 4), col('incidents', 'integer', 'measure', 0, 58, 30)]);
// No time axis at all; a temperature in the 80s is degrees.
const plain = table('weather', 200, [col('temperature', 'double', 'measure', 40, 105, 150), col('city', 'text', 'dimension', null, null, 5)]);
const ctx: PlannerContext = { vocabularies: [yearly, dated, named, codes, plain].map((ds) => buildVocabulary(ds, ds === plain ? { city: ['Austin', 'Boston'] } : {}, [], {})) };
const plan = (q: string, dataset: string) => planQuestion(ctx, q, { dataset });
const query = (q: string, dataset: string) => {
  const p = plan(q, dataset);
  if (p.kind !== 'query') throw new Error(`expected a query for '${q}', got ${JSON.stringify(p)}`);
  return p.query;
};

describe('decades and centuries of a year column', () => {
  it('"which decade had the highest average" ranks decades by their average, one row', () => {
    const q = query('Which decade had the highest average activity?', 'spots');
    expect(q.yearBucket).toEqual({ column: 'year', size: 'decade' });
    expect(q.dimensions).toEqual([]);
    expect(q.measures).toEqual([{ column: 'activity', agg: 'avg' }]);
    expect(q.orderBy[0]).toEqual({ field: 'avg_activity', direction: 'desc' });
    expect(q.limit).toBe(1);
  });

  it('"for each decade since 1950" keeps the years from 1950 and orders by decade', () => {
    const q = query('average activity for each decade since 1950', 'spots');
    expect(q.yearBucket).toEqual({ column: 'year', size: 'decade' });
    expect(q.filter).toEqual({ column: 'year', op: 'gte', value: 1950 });
    expect(q.orderBy).toEqual([{ field: 'decade', direction: 'asc' }]);
  });

  it('"per century", "total … by decade", "decade by decade"', () => {
    expect(query('average activity per century', 'spots').yearBucket).toEqual({ column: 'year', size: 'century' });
    const total = query('total activity by decade', 'spots');
    expect(total.yearBucket?.size).toBe('decade');
    expect(total.measures[0]?.agg).toBe('sum');
    expect(query('activity decade by decade', 'spots').yearBucket?.size).toBe('decade');
  });

  it('"the 19th century" is 1800–1899, like "the 1800s"; "the 1990s" is 1990–1999', () => {
    expect(query('average activity in the 19th century', 'spots').filter).toEqual({ column: 'year', op: 'between', values: [1800, 1899] });
    expect(query('average activity in the 1800s', 'spots').filter).toEqual({ column: 'year', op: 'between', values: [1800, 1899] });
    expect(query('average activity in the 1990s', 'spots').filter).toEqual({ column: 'year', op: 'between', values: [1990, 1999] });
  });

  it('two centuries or decades side by side are a row each, never the years between them merged', () => {
    const c = query('compare the average activity of the 19th and 20th centuries', 'spots');
    expect(c.yearBucket).toEqual({ column: 'year', size: 'century' });
    expect(c.filter).toEqual({ or: [{ column: 'year', op: 'between', values: [1800, 1899] }, { column: 'year', op: 'between', values: [1900, 1999] }] });
    const d = query('average activity in the 1950s compared with the 2000s', 'spots');
    expect(d.yearBucket?.size).toBe('decade');
    expect(d.filter).toEqual({ or: [{ column: 'year', op: 'between', values: [1950, 1959] }, { column: 'year', op: 'between', values: [2000, 2009] }] });
  });
});

describe('decades of a date column', () => {
  it('"by decade" is the time grain decade; "which decade … lowest" ranks them', () => {
    expect(query('average ppm by decade', 'gas').time).toEqual({ grain: 'decade' });
    const low = query('which decade had the lowest ppm', 'gas');
    expect(low.time?.grain).toBe('decade');
    expect(low.orderBy[0]?.direction).toBe('asc');
    expect(low.limit).toBe(1);
  });

  it('"the 1990s" is a range of dates; two decades are a row each', () => {
    expect(query('average ppm in the 1990s', 'gas').time?.range).toEqual({ from: '1990-01-01', to: '2000-01-01' });
    const two = query('ppm in the 1960s vs the 1990s', 'gas');
    expect(two.time?.grain).toBe('decade');
    expect(two.time?.range).toBeUndefined();
    expect(JSON.stringify(two.filter)).toContain('"1960-01-01"');
    expect(JSON.stringify(two.filter)).toContain('"1990-01-01"');
  });
});

describe('staying off', () => {
  it('a column named decade is grouped by itself, not bucketed', () => {
    const q = query('total sales by decade', 'cohorts');
    expect(q.yearBucket).toBeUndefined();
    expect(q.dimensions).toEqual(['decade']);
  });

  it('a "year" column of codes is no year axis: "by decade" is not bucketed', () => {
    const p = plan('incidents by decade', 'ships');
    expect(p.kind === 'query' && p.query.yearBucket).toBeFalsy();
  });

  it('"in the 80s" about a temperature is no decade', () => {
    const p = plan('how many days had a temperature in the 80s', 'weather');
    expect(p.kind === 'query' ? (p.query.yearBucket ?? p.query.time ?? null) : null).toBeNull();
  });

  it('"the 1990s" or "by decade" with no time axis asks instead', () => {
    expect(plan('average temperature in the 1990s', 'weather').kind).toBe('clarify');
    expect(plan('average temperature by decade', 'weather').kind).toBe('clarify');
  });
});
