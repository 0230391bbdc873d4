import { describe, expect, it } from 'vitest';
import { printSchema, type GraphQLEnumType } from 'graphql';
import { buildSchema, buildSchemaUnchecked } from '../../../src/graphql/schema.js';

describe("the CLI's unchecked schema", () => {
  it('is the server schema: same types, fields, enum values and resolvers', () => {
    const checked = buildSchema();
    const fast = buildSchemaUnchecked();
    expect(printSchema(fast)).toBe(printSchema(checked));
    const onError = fast.getType('CoerceOnError') as GraphQLEnumType;
    expect(onError.getValue('SET_NULL')?.value).toBe('null');
    for (const root of ['Query', 'Mutation'] as const) {
      const a = root === 'Query' ? fast.getQueryType()! : fast.getMutationType()!;
      const b = root === 'Query' ? checked.getQueryType()! : checked.getMutationType()!;
      for (const [name, f] of Object.entries(b.getFields())) expect(typeof a.getFields()[name]?.resolve, `${root}.${name}`).toBe(typeof f.resolve);
    }
  });
});
