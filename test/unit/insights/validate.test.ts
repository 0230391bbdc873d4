import { describe, expect, it } from 'vitest';
import { parseInsightQuery, type InsightQuery, type InsightQueryInput } from '../../../src/insights/insightQuery.js';
import { resolveQuery } from '../../../src/insights/validate.js';
import type { CatalogDataset } from '../../../src/shared/catalog.js';
import { hostile, seattleWeather, stocks, unemployment } from '../../fixtures/insights/catalogs.js';
import { errorOf } from '../../support/errorOf.js';

const resolve = (input: Omit<InsightQueryInput, 'dataset'>, ds: CatalogDataset = seattleWeather) => resolveQuery(parseInsightQuery({ dataset: ds.name, ...input }), ds);


describe('resolveQuery: columns', () => {
  it('unknown columns name the dataset and suggest the closest column', () => {
    const e = errorOf(() => resolve({ measures: [{ agg: 'avg', column: 'temprature' }] }));
    expect(e.code).toBe('UNKNOWN_COLUMN');
    expect(e.message).toBe("no column 'temprature' in seattle_weather; did you mean 'temp_max'?");
    expect(errorOf(() => resolve({ measures: [{ agg: 'sum', column: 'precipitaton' }] })).message).toBe("no column 'precipitaton' in seattle_weather; did you mean 'precipitation'?");
    expect(errorOf(() => resolve({ dimensions: ['wether'] })).message).toBe("no column 'wether' in seattle_weather; did you mean 'weather'?");
    expect(errorOf(() => resolve({ dimensions: ['zzz'] })).message).toBe("no column 'zzz' in seattle_weather");
    expect(errorOf(() => resolve({ measures: [{ agg: 'count' }], filter: { column: 'windd', op: 'gt', value: 3 } })).message).toContain("did you mean 'wind'?");
    expect(errorOf(() => resolve({ time: { column: 'dat', grain: 'month' } })).code).toBe('UNKNOWN_COLUMN');
  });

  it('matches exact name first, then case-insensitively on name or label', () => {
    expect(resolve({ measures: [{ agg: 'avg', column: 'TEMP_MAX' }] }).measures[0]!.column!.name).toBe('temp_max');
    expect(resolve({ dimensions: ['weird'], measures: [{ agg: 'count' }] }, hostile).dimensions[0]!.name).toBe('we"ird; DROP TABLE users; --');
    expect(resolve({ dimensions: ['AMOUNT'] }, hostile).dimensions[0]!.name).toBe('amount 💰');
    // Output names use the catalog name, not the spelling in the query.
    expect(resolve({ measures: [{ agg: 'avg', column: 'Temp_Max' }] }).measures[0]!.name).toBe('avg_temp_max');
  });

  it('refuses a case-insensitive match that is ambiguous', () => {
    const ds: CatalogDataset = { ...stocks, columns: [...stocks.columns, { ...stocks.columns[2]!, name: 'PRICE', label: 'PRICE', position: 3 }] };
    expect(resolve({ measures: [{ agg: 'avg', column: 'price' }] }, ds).measures[0]!.column!.name).toBe('price');
    const e = errorOf(() => resolve({ measures: [{ agg: 'avg', column: 'Price' }] }, ds));
    expect(e.code).toBe('BAD_INPUT');
    expect(e.message).toMatch(/ambiguous.*'price', 'PRICE'/);
  });
});

describe('resolveQuery: aggregations', () => {
  it('numeric aggregations on a non-numeric column are TYPE_MISMATCH naming column and type', () => {
    for (const agg of ['sum', 'avg', 'median', 'stddev'] as const) {
      const e = errorOf(() => resolve({ measures: [{ agg, column: 'weather' }] }));
      expect(e.code).toBe('TYPE_MISMATCH');
      expect(e.message).toBe(`aggregation '${agg}' needs a numeric column; 'weather' is text`);
    }
    expect(errorOf(() => resolve({ measures: [{ agg: 'percentile', column: 'date', percentile: 0.5 }] })).message).toContain("'date' is date");
    expect(errorOf(() => resolve({ measures: [{ agg: 'max', column: 'flag' }] }, hostile)).code).toBe('TYPE_MISMATCH');
  });

  it('min/max on numbers, dates and text, count_distinct on anything', () => {
    const r = resolve({
      measures: [
        { agg: 'min', column: 'date' },
        { agg: 'max', column: 'weather' },
        { agg: 'max', column: 'wind' },
        { agg: 'count_distinct', column: 'weather' },
      ],
    });
    expect(r.measures.map((m) => [m.name, m.outputType])).toEqual([
      ['min_date', 'date'],
      ['max_weather', 'text'],
      ['max_wind', 'double'],
      ['count_distinct_weather', 'double'],
    ]);
    expect(resolve({ measures: [{ agg: 'count_distinct', column: 'flag' }] }, hostile).measures[0]!.name).toBe('count_distinct_flag');
  });
});

describe('resolveQuery: filter values', () => {
  const cond = (filter: InsightQueryInput['filter'], ds: CatalogDataset = seattleWeather) => {
    const f = resolve({ measures: [{ agg: 'count' }], filter }, ds).filter!;
    if (!('cond' in f)) throw new Error('expected a condition');
    return f.cond;
  };

  it('coerces numeric strings, ISO dates and boolean words', () => {
    expect(cond({ column: 'precipitation', op: 'gt', value: '12' }).values).toEqual([12]);
    expect(cond({ column: 'precipitation', op: 'between', values: [' 1.5 ', -2] }).values).toEqual([1.5, -2]);
    expect(cond({ column: 'date', op: 'gte', value: '2014-03-01T00:00:00Z' }).values).toEqual(['2014-03-01']);
    expect(cond({ column: 'flag', op: 'eq', value: 'FALSE' }, hostile).values).toEqual([false]);
    expect(cond({ column: 'weather', op: 'eq', value: 2014 }).values).toEqual(['2014']);
    expect(cond({ column: 'year', op: 'in', values: ['2008', 2009] }, unemployment).values).toEqual([2008, 2009]);
  });

  it('refuses values that do not fit the column, naming column, type and value', () => {
    const e = errorOf(() => cond({ column: 'precipitation', op: 'gt', value: 'lots' }));
    expect(e.code).toBe('TYPE_MISMATCH');
    expect(e.message).toBe(`filter value "lots" does not fit column 'precipitation' (double): expected a number`);
    expect(errorOf(() => cond({ column: 'precipitation', op: 'eq', value: true })).code).toBe('TYPE_MISMATCH');
    expect(errorOf(() => cond({ column: 'precipitation', op: 'in', values: [1, '1e999'] })).message).toContain('"1e999"');
    expect(errorOf(() => cond({ column: 'date', op: 'eq', value: 'yesterday' })).message).toContain('expected an ISO date');
    expect(errorOf(() => cond({ column: 'date', op: 'eq', value: '2014-02-30' })).code).toBe('TYPE_MISMATCH');
    expect(errorOf(() => cond({ column: 'date', op: 'eq', value: 2014 })).code).toBe('TYPE_MISMATCH');
    expect(errorOf(() => cond({ column: 'flag', op: 'eq', value: 'yes' }, hostile)).message).toContain('expected true or false');
    expect(errorOf(() => cond({ column: 'wind', op: 'contains', value: '3' })).message).toBe("filter 'contains' needs a text column; 'wind' is double");
  });

  it('checks operator arity even when the schema was bypassed', () => {
    const q = { dataset: 'seattle_weather', measures: [{ agg: 'count' }], dimensions: [], orderBy: [], filter: { column: 'wind', op: 'between', values: [1] } } as unknown as InsightQuery;
    expect(errorOf(() => resolveQuery(q, seattleWeather)).message).toBe("filter 'between' on 'wind' needs exactly 2 values");
  });

  it('refuses filters nested absurdly deep', () => {
    let f: InsightQueryInput['filter'] = { column: 'wind', op: 'gt', value: 1 };
    for (let i = 0; i < 40; i++) f = { not: f };
    expect(errorOf(() => resolve({ measures: [{ agg: 'count' }], filter: f })).message).toMatch(/nested deeper/);
  });
});

describe('resolveQuery: time, compare, names, order', () => {
  it('defaults the time column to the primary one', () => {
    expect(resolve({ measures: [{ agg: 'count' }], time: { grain: 'month' } }).time!.column.name).toBe('date');
  });

  it('time grain needs a time column of a time type, no finer than the column', () => {
    const noTime: CatalogDataset = { ...stocks, columns: stocks.columns.filter((c) => c.name !== 'date') };
    expect(errorOf(() => resolve({ measures: [{ agg: 'count' }], time: { grain: 'month' } }, noTime)).message).toBe('dataset stocks has no time column, so it cannot be bucketed by month');
    const e = errorOf(() => resolve({ measures: [{ agg: 'count' }], time: { column: 'wind', grain: 'month' } }));
    expect(e.code).toBe('TYPE_MISMATCH');
    expect(e.message).toBe("time column 'wind' is double, not a date or timestamp");
    expect(errorOf(() => resolve({ measures: [{ agg: 'count' }], time: { grain: 'hour' } })).message).toMatch(/finer than date column 'date'/);
    expect(resolve({ measures: [{ agg: 'count' }], time: { grain: 'hour' } }, unemployment).time!.grain).toBe('hour');
  });

  it('compare needs a range and numeric measures', () => {
    expect(() => parseInsightQuery({ dataset: 'seattle_weather', measures: [{ agg: 'count' }], compare: { to: 'previous_period' } })).toThrow(/compare/);
    const bypass = { dataset: 'seattle_weather', measures: [{ agg: 'count' }], dimensions: [], orderBy: [], compare: { to: 'previous_period' } } as unknown as InsightQuery;
    expect(errorOf(() => resolveQuery(bypass, seattleWeather)).message).toBe("'compare' needs a time range to compare against");
    const e = errorOf(() => resolve({ measures: [{ agg: 'max', column: 'weather' }], time: { range: { last: { count: 1, unit: 'year' } } }, compare: { to: 'previous_period' } }));
    expect(e.code).toBe('TYPE_MISMATCH');
  });

  it('output names must be unique, not reserved and at most 63 bytes', () => {
    expect(errorOf(() => resolve({ measures: [{ agg: 'sum', column: 'wind', as: 'weather' }], dimensions: ['weather'] })).message).toMatch(/two output columns are named 'weather'/);
    expect(errorOf(() => resolve({ measures: [{ agg: 'count', as: 'month' }], time: { grain: 'month' } })).code).toBe('BAD_INPUT');
    expect(errorOf(() => resolve({ measures: [{ agg: 'count', as: '__total' }] })).message).toMatch(/reserved/);
    expect(errorOf(() => resolve({ measures: [{ agg: 'count', as: 'x'.repeat(64) }] })).message).toMatch(/63 bytes/);
    // With compare, derived names count too.
    expect(
      errorOf(() =>
        resolve({ measures: [{ agg: 'count' }, { agg: 'sum', column: 'wind', as: 'count_delta' }], time: { range: { from: '2014-01-01', to: '2015-01-01' } }, compare: { to: 'previous_period' } }),
      ).message,
    ).toMatch(/'count_delta'/);
  });

  it('orderBy fields must be outputs of the query', () => {
    const r = resolve({ measures: [{ agg: 'sum', column: 'precipitation' }], dimensions: ['weather'], time: { grain: 'year' }, orderBy: [{ field: 'sum_precipitation', direction: 'desc' }, { field: 'Weather' }, { field: 'year' }] });
    expect(r.orderBy).toEqual([
      { field: 'sum_precipitation', direction: 'desc', kind: 'measure' },
      { field: 'weather', direction: 'asc', kind: 'dimension' },
      { field: 'year', direction: 'asc', kind: 'time' },
    ]);
    const e = errorOf(() => resolve({ measures: [{ agg: 'sum', column: 'precipitation' }], dimensions: ['weather'], orderBy: [{ field: 'sum_precip' }] }));
    expect(e.code).toBe('UNKNOWN_COLUMN');
    expect(e.message).toBe("orderBy field 'sum_precip' is not an output column of this query; did you mean 'sum_precipitation'? (choose from 'weather', 'sum_precipitation')");
    // A column of the dataset that is not an output of this query cannot be ordered by.
    expect(errorOf(() => resolve({ measures: [{ agg: 'count' }], dimensions: ['weather'], orderBy: [{ field: 'wind' }] })).code).toBe('UNKNOWN_COLUMN');
  });
});
