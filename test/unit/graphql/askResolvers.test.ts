import { coerceInputValue, type GraphQLInputType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { toGraphqlQuery } from '../../../src/graphql/resolvers/ask.js';
import { buildSchema } from '../../../src/graphql/schema.js';
import { parseInsightQuery, type InsightQuery } from '../../../src/insights/insightQuery.js';

describe('toGraphqlQuery', () => {
  const schema = buildSchema();
  const inputType = schema.getType('InsightQueryInput') as GraphQLInputType;
  /** What a resolver receives when a client sends `v` as the `query` variable. */
  const coerce = (v: unknown) => JSON.parse(JSON.stringify(coerceInputValue(v, inputType)));

  const queries: InsightQuery[] = [
    parseInsightQuery({ dataset: 'd', measures: [{ column: 'x', agg: 'sum' }], time: { range: { from: '2014-01-01', to: '2015-01-01' } } }),
    parseInsightQuery({
      dataset: 'd',
      measures: [{ column: 'x', agg: 'percentile', percentile: 0.9, as: 'p90' }, { agg: 'count' }],
      dimensions: ['g'],
      filter: { and: [{ column: 'g', op: 'in', values: ['a', 'b'] }, { not: { column: 'x', op: 'between', values: [1, 2] } }, { or: [{ column: 'y', op: 'is_null' }, { column: 'y', op: 'gte', value: 3 }] }] },
      orderBy: [{ field: 'p90', direction: 'desc' }],
      limit: 3,
    }),
    parseInsightQuery({ dataset: 'd', measures: [{ column: 'x', agg: 'avg' }], time: { grain: 'month', range: { last: { count: 3, unit: 'month' }, anchor: 'now' } } }),
    parseInsightQuery({ dataset: 'd', measures: [{ column: 'x', agg: 'max' }], time: { range: { from: '2015-01-01', to: '2016-01-01' } }, compare: { to: 'same_period_last_year' } }),
  ];

  it('gives what the insight field accepts, and reads back as the same query', () => {
    for (const q of queries) {
      const out = toGraphqlQuery(q);
      const back = parseInsightQuery(coerce(out));
      expect(back).toEqual(q);
    }
  });

  it('upper-cases every enum value and keeps names as they are', () => {
    const out = toGraphqlQuery(queries[1]!) as any;
    expect(out.measures.map((m: any) => m.agg)).toEqual(['PERCENTILE', 'COUNT']);
    expect(out.filter.and[0]).toEqual({ column: 'g', op: 'IN', values: ['a', 'b'] });
    expect(out.filter.and[1].not.op).toBe('BETWEEN');
    expect(out.orderBy).toEqual([{ field: 'p90', direction: 'DESC' }]);
    const t = toGraphqlQuery(queries[2]!) as any;
    expect(t.time).toEqual({ grain: 'MONTH', range: { last: { count: 3, unit: 'MONTH' }, anchor: 'NOW' } });
    expect((toGraphqlQuery(queries[3]!) as any).compare).toEqual({ to: 'SAME_PERIOD_LAST_YEAR' });
  });

  it('a lower-case query is refused by the schema, which is why the translation exists', () => {
    expect(() => coerceInputValue(queries[0], inputType)).toThrow(/Aggregation/);
  });
});
