import { describe, expect, it } from 'vitest';
import { compileInsight, type CompileOptions } from '../../../src/insights/compile.js';
import { MAX_LIMIT, parseInsightQuery, type InsightQueryInput } from '../../../src/insights/insightQuery.js';
import type { CatalogDataset } from '../../../src/shared/catalog.js';
import { isAppError } from '../../../src/shared/errors.js';
import { hostile, seattleWeather, stocks } from '../../fixtures/insights/catalogs.js';

const NOW = new Date('2016-06-15T12:00:00Z');
const compile = (input: Omit<InsightQueryInput, 'dataset'>, ds: CatalogDataset = seattleWeather, opts: Partial<CompileOptions> = {}) =>
  compileInsight(parseInsightQuery({ dataset: ds.name, ...input }), ds, { now: NOW, maxRows: 10_000, ...opts });

describe('compileInsight: limits', () => {
  it('defaults to DEFAULT_LIMIT capped by maxRows, and fetches one extra row', () => {
    const a = compile({ measures: [{ agg: 'count' }], dimensions: ['weather'] });
    expect(a.limit).toBe(1000);
    expect(a.values.at(-1)).toBe(1001);
    const b = compile({ measures: [{ agg: 'count' }], dimensions: ['weather'] }, seattleWeather, { maxRows: 200 });
    expect(b.limit).toBe(200);
    expect(b.values.at(-1)).toBe(201);
    expect(compile({ measures: [{ agg: 'count' }], dimensions: ['weather'], limit: 7 }).values.at(-1)).toBe(8);
  });

  it('refuses a limit over the server maximum, and the schema refuses one over MAX_LIMIT', () => {
    try {
      compile({ measures: [{ agg: 'count' }], limit: 500 }, seattleWeather, { maxRows: 100 });
      expect.unreachable();
    } catch (e) {
      expect(isAppError(e, 'BAD_INPUT')).toBe(true);
      expect((e as Error).message).toBe('limit 500 is above the maximum of 100 rows');
    }
    expect(() => parseInsightQuery({ dataset: 'seattle_weather', measures: [{ agg: 'count' }], limit: MAX_LIMIT + 1 })).toThrow(/limit/);
    expect(() => parseInsightQuery({ dataset: 'seattle_weather', measures: [{ agg: 'count' }], limit: 0 })).toThrow(/limit/);
  });
});

describe('compileInsight: anchors and ranges', () => {
  const last = { measures: [{ agg: 'count' as const }], time: { range: { last: { count: 1, unit: 'month' as const } } } };

  it('anchors `last` ranges on the given anchor, else the column’s latest time, else now', () => {
    expect(compile(last, seattleWeather, { anchor: '2014-05-20' }).ranges!.current).toEqual({ from: '2014-05-01', to: '2014-06-01' });
    expect(compile(last).ranges!.current).toEqual({ from: '2015-12-01', to: '2016-01-01' });
    const noStats: CatalogDataset = { ...seattleWeather, columns: seattleWeather.columns.map((c) => ({ ...c, stats: null })) };
    expect(compile(last, noStats).ranges!.current).toEqual({ from: '2016-06-01', to: '2016-07-01' });
    const nowAnchored = { ...last, time: { range: { ...last.time.range, anchor: 'now' as const } } };
    expect(compile(nowAnchored, seattleWeather, { anchor: '2014-05-20' }).ranges!.current).toEqual({ from: '2016-06-01', to: '2016-07-01' });
  });

  it('reports both ranges of a comparison and binds them in order', () => {
    const c = compile({ measures: [{ agg: 'sum', column: 'precipitation' }], time: { grain: 'month', range: { from: '2014-01-01', to: '2015-01-01' } }, compare: { to: 'same_period_last_year' } });
    expect(c.ranges).toEqual({ current: { from: '2014-01-01', to: '2015-01-01' }, previous: { from: '2013-01-01', to: '2014-01-01' }, shift: { months: 12 } });
    expect(c.values).toEqual(['2014-01-01', '2015-01-01', '12 months', '2013-01-01', '2014-01-01', 1001]);
  });

  it('refuses an open-ended range for compare', () => {
    expect(() => compile({ measures: [{ agg: 'count' }], time: { range: { from: '2014-01-01' } }, compare: { to: 'previous_period' } })).toThrow(/both a start and an end/);
  });
});

describe('compileInsight: output columns', () => {
  it('describes every output column with role, type and label', () => {
    const c = compile({ measures: [{ agg: 'avg', column: 'price' }, { agg: 'min', column: 'date' }], dimensions: ['symbol'], time: { grain: 'year' } }, stocks);
    expect(c.columns).toEqual([
      { name: 'year', label: 'Date (year)', type: 'date', role: 'time' },
      { name: 'symbol', label: 'Symbol', type: 'text', role: 'dimension' },
      { name: 'avg_price', label: 'average Price', type: 'double', role: 'measure' },
      { name: 'min_date', label: 'minimum Date', type: 'date', role: 'measure' },
    ]);
  });

  it('adds previous, delta and pct_change per measure under compare', () => {
    const c = compile({ measures: [{ agg: 'count', as: 'days' }], time: { range: { last: { count: 1, unit: 'year' } } }, compare: { to: 'previous_period' } });
    expect(c.columns.map((x) => x.name)).toEqual(['days', 'days_previous', 'days_delta', 'days_pct_change']);
    expect(c.columns.every((x) => x.type === 'double' && x.role === 'measure')).toBe(true);
    expect(c.text).toContain('AS "days_pct_change"');
  });

  it('numeric and bigint dimensions are returned as float8, integers as they are, timestamps as text', () => {
    const c = compile({ dimensions: ['big', 'amount', 'ts', 'flag'] }, hostile);
    expect(c.columns.map((x) => x.type)).toEqual(['double', 'double', 'timestamp', 'boolean']);
    expect(c.text).toContain(`("big")::float8 AS "big"`);
    expect(c.text).toContain(`to_char("ts", 'YYYY-MM-DD"T"HH24:MI:SS') AS "ts"`);
  });
});

describe('compileInsight: injection', () => {
  const attacks = ["'; DROP TABLE users; --", "x' OR '1'='1", '$$; DROP TABLE users; $$', '\\\'; SELECT pg_sleep(10); --', "' UNION SELECT * FROM pg_shadow --"];

  it('filter values only ever become bound parameters', () => {
    for (const a of attacks) {
      const c = compile({ measures: [{ agg: 'count' }], filter: { or: [{ column: 'weather', op: 'eq', value: a }, { column: 'weather', op: 'contains', value: a }, { column: 'weather', op: 'in', values: [a, 'rain'] }] } });
      expect(c.text).not.toContain(a);
      expect(c.text).not.toMatch(/DROP|UNION|pg_sleep|pg_shadow/i);
      expect(c.values).toContain(a);
      expect(c.values).toContainEqual([a, 'rain']);
    }
  });

  it('column names from the query never reach SQL unless they are catalog columns', () => {
    for (const a of attacks) {
      try {
        compile({ measures: [{ agg: 'sum', column: a }] });
        expect.unreachable();
      } catch (e) {
        expect(isAppError(e, 'UNKNOWN_COLUMN')).toBe(true);
      }
      expect(() => compile({ dimensions: [a] })).toThrow(/no column/);
      expect(() => compile({ measures: [{ agg: 'count' }], filter: { column: a, op: 'is_null' } })).toThrow(/no column/);
      expect(() => compile({ measures: [{ agg: 'count' }], orderBy: [{ field: a }] })).toThrow(/not an output column/);
    }
  });

  it('aliases chosen by the client are quoted identifiers', () => {
    const c = compile({ measures: [{ agg: 'count', as: 'n"; DROP TABLE users; --' }] });
    expect(c.text).toContain('AS "n""; DROP TABLE users; --"');
    expect(c.text.replace(/"(?:[^"]|"")*"/g, '""')).not.toMatch(/DROP|;/);
  });

  it('grains and aggregations come from fixed enums', () => {
    expect(() => parseInsightQuery({ dataset: 'seattle_weather', time: { grain: "month'); DROP TABLE users; --" } })).toThrow(/time\.grain/);
    expect(() => parseInsightQuery({ dataset: 'seattle_weather', measures: [{ agg: 'sum); DROP', column: 'wind' }] })).toThrow(/agg/);
  });

  it('uses the schema option as a quoted identifier', () => {
    expect(compile({ measures: [{ agg: 'count' }] }, seattleWeather, { schema: 'wh"x' }).text).toContain('FROM "wh""x"."ds_seattle_weather"');
  });
});
