import { describe, expect, it } from 'vitest';
import { compileInsight } from '../../../src/insights/compile.js';
import { describeQuery } from '../../../src/insights/describe.js';
import { parseInsightQuery, type InsightQueryInput } from '../../../src/insights/insightQuery.js';
import { resolveQuery } from '../../../src/insights/validate.js';
import type { CatalogDataset } from '../../../src/shared/catalog.js';
import { hostile, seattleWeather, stocks, unemployment } from '../../fixtures/insights/catalogs.js';
import { errorOf } from '../../support/errorOf.js';

const NOW = new Date('2016-06-15T12:00:00Z');
const q = (input: Omit<InsightQueryInput, 'dataset'>, ds: CatalogDataset) => parseInsightQuery({ dataset: ds.name, ...input });
const compile = (input: Omit<InsightQueryInput, 'dataset'>, ds: CatalogDataset = seattleWeather) => compileInsight(q(input, ds), ds, { now: NOW, maxRows: 10_000 });
const say = (input: Omit<InsightQueryInput, 'dataset'>, ds: CatalogDataset = seattleWeather) => describeQuery(q(input, ds), ds);
const noTime: CatalogDataset = { ...stocks, columns: stocks.columns.filter((c) => c.name !== 'date') };
const precip = [{ agg: 'avg' as const, column: 'precipitation' }];


describe('date parts: compiled SQL', () => {
  it('filters a date column by month with a bound int4 array and a fixed EXTRACT field', () => {
    const c = compile({ measures: precip, time: { parts: [{ part: 'month', values: [12] }] } });
    expect(c.text).toBe(
      'SELECT avg("precipitation")::float8 AS "avg_precipitation", count(*) OVER ()::float8 AS "__total"\nFROM "warehouse"."ds_seattle_weather"\nWHERE EXTRACT(MONTH FROM "date"::timestamp)::int4 = ANY($1::int4[])\nLIMIT $2',
    );
    expect(c.values).toEqual([[12], 1001]);
  });

  it('ANDs parts with the range and the filter, ISO day of week, values deduplicated and sorted', () => {
    const c = compile({
      measures: precip,
      time: { range: { from: '2014-01-01', to: '2015-01-01' }, parts: [{ part: 'dow', values: [7, 6, 6] }, { part: 'quarter', values: [4] }] },
      filter: { column: 'weather', op: 'eq', value: 'rain' },
    });
    expect(c.text).toContain(
      'WHERE "date" >= $1::timestamp AND "date" < $2::timestamp AND EXTRACT(ISODOW FROM "date"::timestamp)::int4 = ANY($3::int4[]) AND EXTRACT(QUARTER FROM "date"::timestamp)::int4 = ANY($4::int4[]) AND "weather" = $5::text',
    );
    expect(c.values.slice(0, 5)).toEqual(['2014-01-01', '2015-01-01', [6, 7], [4], 'rain']);
  });

  it('groups a timestamp column by hour of day: an integer time column, ordered by it', () => {
    const c = compile({ measures: [{ agg: 'count' }], time: { by: 'hour' } }, hostile);
    expect(c.text).toBe(
      'SELECT EXTRACT(HOUR FROM "ts")::int4 AS "hour_of_day", count(*)::float8 AS "count", count(*) OVER ()::float8 AS "__total"\nFROM "warehouse"."ds_hostile""; DROP TABLE x; --"\nGROUP BY EXTRACT(HOUR FROM "ts")::int4\nORDER BY "hour_of_day" ASC\nLIMIT $1',
    );
    expect(c.columns[0]).toEqual({ name: 'hour_of_day', label: 'ts (hour of day)', type: 'integer', role: 'time' });
  });

  it('names each grouping column and lets orderBy use the name', () => {
    const names = (['month', 'dow', 'quarter', 'day'] as const).map((by) => compile({ measures: precip, time: { by } }).columns[0]!.name);
    expect(names).toEqual(['month_of_year', 'day_of_week', 'quarter_of_year', 'day_of_month']);
    const c = compile({ measures: precip, time: { by: 'month' }, orderBy: [{ field: 'avg_precipitation', direction: 'desc' }] });
    expect(c.text).toContain('ORDER BY "avg_precipitation" DESC NULLS LAST, "month_of_year" ASC');
    expect(compile({ measures: precip, time: { by: 'month' }, orderBy: [{ field: 'month_of_year', direction: 'desc' }] }).text).toContain('ORDER BY "month_of_year" DESC');
  });

  it('a comparison groups both periods by the part of the shifted time and filters parts in both', () => {
    const c = compile({ measures: precip, time: { by: 'month', range: { from: '2014-01-01', to: '2015-01-01' }, parts: [{ part: 'dow', values: [6, 7] }] }, compare: { to: 'same_period_last_year' } });
    expect(c.text).toContain('SELECT EXTRACT(MONTH FROM "date"::timestamp + $4::interval)::int4 AS "__bucket"');
    expect(c.text).toContain('SELECT "c"."__bucket" AS "month_of_year"');
    expect(c.text.match(/EXTRACT\(ISODOW FROM "date"::timestamp\)::int4 = ANY/g)).toHaveLength(2);
  });
});

describe('date parts: validation', () => {
  it('refuses values out of range, naming the path', () => {
    const e = errorOf(() => q({ measures: precip, time: { parts: [{ part: 'month', values: [12, 13] }] } }, seattleWeather));
    expect(e.code).toBe('BAD_INPUT');
    expect(e.message).toBe('invalid insight query at time.parts.0.values.1: month value 13 is out of range; expected an integer from 1 to 12');
    expect(errorOf(() => q({ measures: precip, time: { parts: [{ part: 'dow', values: [0] }] } }, seattleWeather)).message).toContain('1 = Monday');
    expect(errorOf(() => q({ measures: precip, time: { parts: [{ part: 'hour', values: [24] }] } }, seattleWeather)).message).toContain('from 0 to 23');
    expect(errorOf(() => q({ measures: precip, time: { parts: [{ part: 'day', values: [1.5] }] } }, seattleWeather)).message).toContain('time.parts.0.values.0');
    expect(errorOf(() => q({ measures: precip, time: { parts: [{ part: 'month', values: [] }] } }, seattleWeather)).message).toContain('time.parts.0.values');
  });

  it('refuses an unknown part, and by together with grain', () => {
    const e = errorOf(() => q({ measures: precip, time: { parts: [{ part: 'week' as 'month', values: [1] }] } }, seattleWeather));
    expect(e.code).toBe('BAD_INPUT');
    expect(e.message).toContain('at time.parts.0.part');
    expect(errorOf(() => q({ measures: precip, time: { by: 'year' as 'month' } }, seattleWeather)).message).toContain('at time.by');
    const both = errorOf(() => q({ measures: precip, time: { by: 'month', grain: 'year' } }, seattleWeather));
    expect(both.message).toBe("invalid insight query at time.by: time takes either 'grain' or 'by', not both");
  });

  it('refuses parts on a dataset without a time column, and hour on a date column', () => {
    const e = errorOf(() => resolveQuery(q({ measures: [{ agg: 'count' }], time: { parts: [{ part: 'month', values: [1] }] } }, noTime), noTime));
    expect(e.code).toBe('BAD_INPUT');
    expect(e.message).toBe('time.parts: dataset stocks has no time column, so it cannot be filtered by a date part');
    expect(errorOf(() => resolveQuery(q({ measures: [{ agg: 'count' }], time: { by: 'dow' } }, noTime), noTime)).message).toBe('time.by: dataset stocks has no time column, so it cannot be grouped by dow');
    expect(errorOf(() => compile({ measures: precip, time: { parts: [{ part: 'hour', values: [9] }] } })).message).toBe("time.parts.0: part 'hour' is finer than date column 'date'");
    expect(errorOf(() => compile({ measures: precip, time: { by: 'hour' } })).message).toBe("time.by: part 'hour' is finer than date column 'date'");
  });

  it('a part grouping alone is a query; it works on a timestamp column', () => {
    expect(compile({ time: { by: 'quarter' } }, unemployment).columns.map((c) => c.name)).toEqual(['quarter_of_year']);
    expect(compile({ measures: [{ agg: 'sum', column: 'count' }], time: { parts: [{ part: 'hour', values: [8] }] } }, unemployment).values[0]).toEqual([8]);
  });
});

describe('date parts: restatement', () => {
  it('says the parts and the grouping in words', () => {
    expect(say({ measures: precip, time: { parts: [{ part: 'month', values: [12] }] } })).toBe('average precipitation in December');
    expect(say({ measures: precip, time: { parts: [{ part: 'dow', values: [7, 6] }] } })).toBe('average precipitation on Saturdays and Sundays');
    expect(say({ measures: precip, time: { by: 'month' } })).toBe('average precipitation by month of year');
    expect(say({ measures: [{ agg: 'count' }], time: { by: 'hour', parts: [{ part: 'quarter', values: [1, 2] }] } }, hostile)).toBe('count of rows by hour of day in Q1 and Q2');
    expect(say({ measures: [{ agg: 'count' }], time: { parts: [{ part: 'hour', values: [9, 10, 11] }, { part: 'day', values: [1] }] } }, hostile)).toBe(
      'count of rows in hours 9, 10 and 11 of the day on day 1 of the month',
    );
  });
});

describe('date parts: the GraphQL shape of a query', () => {
  it('round-trips parts and by with GraphQL enum spellings', async () => {
    const { toGraphqlQuery } = await import('../../../src/graphql/resolvers/ask.js');
    const out = toGraphqlQuery(q({ measures: precip, time: { by: 'month', parts: [{ part: 'dow', values: [6, 7] }] } }, seattleWeather));
    expect(out.time).toEqual({ by: 'MONTH', parts: [{ part: 'DOW', values: [6, 7] }] });
  });
});
