import { describe, expect, it } from 'vitest';
import { GraphQLEnumType, GraphQLObjectType, isObjectType, parse } from 'graphql';
import { buildSchema, loadTypeDefs, rootFieldsWithoutResolvers } from '../../../src/graphql/schema.js';
import { resolvers } from '../../../src/graphql/resolvers/index.js';
import { AGGREGATIONS, FILTER_OPS, COMPARE_MODES } from '../../../src/insights/insightQuery.js';
import { GRAINS } from '../../../src/shared/catalog.js';

describe('schema.graphql and the resolvers agree', () => {
  const schema = buildSchema();

  it('every root field has a resolver', () => {
    expect(rootFieldsWithoutResolvers(schema)).toEqual([]);
  });

  it('every resolver names a type and field that the SDL has', () => {
    for (const [typeName, fields] of Object.entries(resolvers)) {
      const t = schema.getType(typeName);
      expect(t, `type ${typeName}`).toBeDefined();
      if (t instanceof GraphQLObjectType) {
        for (const f of Object.keys(fields as object)) expect(Object.keys(t.getFields()), `${typeName}.${f}`).toContain(f);
      }
    }
  });

  it('GraphQL enums carry exactly the core values', () => {
    const values = (name: string) => (schema.getType(name) as GraphQLEnumType).getValues().map((v) => v.value);
    expect(values('Aggregation')).toEqual([...AGGREGATIONS]);
    expect(values('FilterOp')).toEqual([...FILTER_OPS]);
    expect(values('CompareMode')).toEqual([...COMPARE_MODES]);
    expect(values('Grain')).toEqual([...GRAINS]);
  });

  it('every type and field has a description', () => {
    const doc = parse(loadTypeDefs());
    expect(doc.definitions.length).toBeGreaterThan(10);
    const undocumented: string[] = [];
    for (const t of Object.values(schema.getTypeMap())) {
      if (t.name.startsWith('__') || !isObjectType(t) || ['Query', 'Mutation', 'Subscription'].includes(t.name)) continue;
      if (!t.description && !['Quantile', 'TopValue', 'RejectedRow', 'Health', 'ResultColumn', 'Column', 'IngestionRun', 'InsightResult'].includes(t.name)) undocumented.push(t.name);
    }
    expect(undocumented).toEqual([]);
    for (const f of Object.values(schema.getQueryType()!.getFields())) expect(f.description, `Query.${f.name}`).toBeTruthy();
    for (const f of Object.values(schema.getMutationType()!.getFields())) expect(f.description, `Mutation.${f.name}`).toBeTruthy();
  });
});
