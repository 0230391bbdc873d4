import { isEnumType, isListType, isNonNullType, type GraphQLInputType, type GraphQLSchema } from 'graphql';

/**
 * A step's parameters as its mutation's arguments: the core's enum values (`null`, `fingerprint`)
 * become the names the mutation takes (`SET_NULL`, `FINGERPRINT`), so a suggested fix is sent
 * back, to the API or to `insightql clean`, exactly as it is given.
 */
export function asMutationArguments(schema: GraphQLSchema, mutation: string, params: Record<string, unknown>): Record<string, unknown> {
  const field = schema.getMutationType()?.getFields()[mutation];
  if (!field) return params;
  const types = new Map(field.args.map((a) => [a.name, a.type]));
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, types.has(k) ? spell(types.get(k)!, v) : v]));
}

function spell(t: GraphQLInputType, v: unknown): unknown {
  if (v === null || v === undefined) return v;
  if (isNonNullType(t)) return spell(t.ofType, v);
  if (isListType(t)) return Array.isArray(v) ? v.map((x) => spell(t.ofType, x)) : v;
  if (isEnumType(t)) return t.getValues().find((e) => e.value === v)?.name ?? v;
  return v;
}
