import { describe, expect, it } from 'vitest';
import { compileInsight } from '../../../src/insights/compile.js';
import { describeQuery } from '../../../src/insights/describe.js';
import { parseInsightQuery, type InsightQueryInput } from '../../../src/insights/insightQuery.js';
import type { CatalogDataset } from '../../../src/shared/catalog.js';
import { ErrorCode } from '../../../src/shared/errors.js';
import { hostile, seattleWeather } from '../../fixtures/insights/catalogs.js';
import { col, table } from '../nlp/catalogFixture.js';
import { errorOf } from '../../support/errorOf.js';

const NOW = new Date('2016-06-15T12:00:00Z');
const yearly: CatalogDataset = table('yearly', 300, [
  col('year', 'integer', 'dimension', 1700, 1999, 300),
  col('spots', 'double', 'measure', 0, 190, 250),
  col('region', 'text', 'dimension', null, null, 3),
]);
const compile = (input: Omit<InsightQueryInput, 'dataset'>, ds: CatalogDataset) => compileInsight(parseInsightQuery({ dataset: ds.name, ...input }), ds, { now: NOW, maxRows: 10_000 });
const spots = [{ agg: 'avg' as const, column: 'spots' }];


describe('decades and centuries of a year column (yearBucket)', () => {
  it('groups by floor(year / 10) * 10 as an int4 named decade, ordered by it, the divisor written in the statement', () => {
    const c = compile({ measures: spots, yearBucket: { column: 'year', size: 'decade' } }, yearly);
    expect(c.text).toBe(
      'SELECT (floor(("year")::float8 / 10) * 10)::int4 AS "decade", avg("spots")::float8 AS "avg_spots", count(*) OVER ()::float8 AS "__total"\nFROM "warehouse"."yearly"\nGROUP BY (floor(("year")::float8 / 10) * 10)::int4\nORDER BY "decade" ASC\nLIMIT $1',
    );
    expect(c.values).toEqual([1001]);
    expect(c.columns[0]).toEqual({ name: 'decade', label: 'year (decade)', type: 'integer', role: 'time' });
  });

  it('a century is floor(year / 100) * 100; orderBy and limit use the bucket name; filters stay bound', () => {
    const c = compile(
      { measures: spots, yearBucket: { column: 'year', size: 'century' }, filter: { column: 'year', op: 'gte', value: 1800 }, orderBy: [{ field: 'avg_spots', direction: 'desc' }], limit: 1 },
      yearly,
    );
    expect(c.text).toContain('(floor(("year")::float8 / 100) * 100)::int4 AS "century"');
    expect(c.text).toContain('WHERE "year" >= $1::int8');
    expect(c.text).toContain('ORDER BY "avg_spots" DESC NULLS LAST, "century" ASC');
    expect(c.values).toEqual([1800, 2]);
  });

  it('combines with a dimension and countGroups, and is restated by its size', () => {
    const c = compile({ measures: spots, dimensions: ['region'], yearBucket: { column: 'year', size: 'decade' } }, yearly);
    expect(c.text).toContain('GROUP BY (floor(("year")::float8 / 10) * 10)::int4, "region"');
    const n = compile({ yearBucket: { column: 'year', size: 'decade' }, countGroups: true }, yearly);
    expect(n.columns.map((x) => x.name)).toEqual(['group_count']);
    expect(describeQuery(parseInsightQuery({ dataset: 'yearly', measures: spots, yearBucket: { column: 'year', size: 'century' } }), yearly)).toBe('average spots by century');
  });

  it('refuses an unknown size, a text or fractional column, an unknown column and compare with typed errors', () => {
    const unknownSize = errorOf(() => compile({ measures: spots, yearBucket: { column: 'year', size: 'millennium' as 'decade' } }, yearly));
    expect(unknownSize.code).toBe(ErrorCode.BAD_INPUT);
    expect(unknownSize.details?.path).toEqual(['yearBucket', 'size']);
    const text = errorOf(() => compile({ measures: spots, yearBucket: { column: 'region', size: 'decade' } }, yearly));
    expect(text.code).toBe(ErrorCode.TYPE_MISMATCH);
    expect(text.message).toContain("'region' is text");
    expect(errorOf(() => compile({ measures: spots, yearBucket: { column: 'spots', size: 'decade' } }, yearly)).code).toBe(ErrorCode.TYPE_MISMATCH);
    expect(errorOf(() => compile({ measures: spots, yearBucket: { column: 'yeer', size: 'decade' } }, yearly)).code).toBe(ErrorCode.UNKNOWN_COLUMN);
    const dated = table('dated', 300, [...yearly.columns, col('day', 'date', 'time', null, null, 300, ['1700-01-01', '1999-12-31', 'day'])]);
    const withGrain = errorOf(() => compile({ measures: spots, time: { grain: 'year' }, yearBucket: { column: 'year', size: 'decade' } }, dated));
    expect(withGrain.code).toBe(ErrorCode.BAD_INPUT);
    expect(withGrain.details?.path).toEqual(['yearBucket']);
    const withCompare = errorOf(() => compile({ measures: spots, time: { range: { last: { count: 1, unit: 'year' } } }, compare: { to: 'previous_period' }, yearBucket: { column: 'year', size: 'decade' } }, dated));
    expect(withCompare.message).toContain("'yearBucket' does not combine with 'compare'");
  });
});

describe('decade and century grains of a time column', () => {
  it('buckets a date column by the first year of its decade as an integer, not a date_trunc date', () => {
    const c = compile({ measures: [{ agg: 'avg', column: 'temp_max' }], time: { grain: 'decade' } }, seattleWeather);
    expect(c.text).toBe(
      'SELECT (floor((extract(year FROM "date"::timestamp))::float8 / 10) * 10)::int4 AS "decade", avg("temp_max")::float8 AS "avg_temp_max", count(*) OVER ()::float8 AS "__total"\nFROM "warehouse"."ds_seattle_weather"\nGROUP BY (floor((extract(year FROM "date"::timestamp))::float8 / 10) * 10)::int4\nORDER BY "decade" ASC\nLIMIT $1',
    );
    expect(c.columns[0]).toEqual({ name: 'decade', label: 'date (decade)', type: 'integer', role: 'time' });
  });

  it('a century of a timestamp column starts at a round hundred (1900, not date_trunc\'s 1901)', () => {
    const c = compile({ measures: [{ agg: 'count' }], time: { grain: 'century', range: { from: '1990-01-01' } } }, hostile);
    expect(c.text).toContain('(floor((extract(year FROM "ts"))::float8 / 100) * 100)::int4 AS "century"');
    expect(c.text).not.toContain("date_trunc('century'");
  });

  it('refuses an unknown grain with a typed error naming the path', () => {
    const e = errorOf(() => compile({ measures: [{ agg: 'count' }], time: { grain: 'millennium' as 'decade' } }, seattleWeather));
    expect(e.code).toBe(ErrorCode.BAD_INPUT);
    expect(e.details?.path).toEqual(['time', 'grain']);
  });
});
