import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLEnumType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { cleaningResolvers } from '../graphql/resolvers/cleaning.js';
import { enumResolvers } from '../graphql/resolvers/enums.js';
import { loadTypeDefs } from '../graphql/schema.js';
import { badInput } from '../shared/errors.js';
import { didYouMean } from '../shared/suggest.js';

/**
 * The CLI speaks GraphQL's vocabulary: the same argument names and enum values as the API, read
 * from schema.graphql. A value may also be given in lower case (`sum`, `month`) or in the core's
 * own spelling (`null` for `SET_NULL`), so older commands and pasted answers keep working.
 */
let cached: GraphQLSchema | null = null;
export function cliSchema(): GraphQLSchema {
  return (cached ??= buildSchema(loadTypeDefs()));
}

/** Core value → GraphQL name, per enum, where they differ other than by case. */
const ALIASES: Record<string, Record<string, string>> = Object.fromEntries(
  Object.entries({ ...enumResolvers, ...cleaningResolvers.enums }).map(([type, map]) => [
    type,
    Object.fromEntries(Object.entries(map as Record<string, string>).map(([name, core]) => [core.toLowerCase(), name])),
  ]),
);

function enumValue(t: GraphQLEnumType, v: unknown, where: string): unknown {
  if (typeof v !== 'string') return v;
  const names = t.getValues().map((x) => x.name);
  const upper = v.trim().toUpperCase().replace(/[\s-]+/g, '_');
  if (names.includes(upper)) return upper;
  const alias = ALIASES[t.name]?.[v.trim().toLowerCase()];
  if (alias) return alias;
  throw badInput(`${where} must be one of ${names.join(', ')}, not '${v}'${didYouMean(upper, names)}`);
}

/**
 * A JS value as the variable of input type `t`: enum values spelled as GraphQL spells them, text
 * from the command line turned into the number, boolean, list or JSON the type wants.
 */
export function toGraphqlValue(t: GraphQLInputType, v: unknown, where: string, fromText = false): unknown {
  if (v === null || v === undefined) return v;
  if (isNonNullType(t)) return toGraphqlValue(t.ofType, v, where, fromText);
  if (isListType(t)) {
    let items: unknown[];
    if (Array.isArray(v)) items = v;
    else if (fromText && typeof v === 'string') items = v.trim().startsWith('[') ? (parseJson(v, where) as unknown[]) : v.split(',').map((s) => s.trim());
    else items = [v];
    return items.map((x, i) => toGraphqlValue(t.ofType, x, `${where}[${i}]`, fromText && typeof x === 'string'));
  }
  if (isEnumType(t)) return enumValue(t, v, where);
  if (isInputObjectType(t)) {
    const obj = fromText && typeof v === 'string' ? parseJson(v, where) : v;
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw badInput(`${where} must be an object`);
    const fields = t.getFields();
    return Object.fromEntries(Object.entries(obj).map(([k, x]) => [k, fields[k] ? toGraphqlValue(fields[k]!.type, x, `${where}.${k}`) : x]));
  }
  if (isScalarType(t) && fromText && typeof v === 'string') return scalarFromText(t.name, v, where);
  return v;
}

function scalarFromText(type: string, raw: string, where: string): unknown {
  switch (type) {
    case 'Int':
    case 'Float': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n) || (type === 'Int' && !Number.isInteger(n))) throw badInput(`${where} must be ${type === 'Int' ? 'an integer' : 'a number'}, not '${raw}'`);
      return n;
    }
    case 'Boolean':
      if (/^(true|yes|on|1)$/i.test(raw)) return true;
      if (/^(false|no|off|0)$/i.test(raw)) return false;
      throw badInput(`${where} must be true or false, not '${raw}'`);
    case 'JSON':
      try {
        return JSON.parse(raw);
      } catch {
        return raw;
      }
    default:
      return raw;
  }
}

function parseJson(raw: string, where: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw badInput(`${where} must be JSON`);
  }
}

/** A mutation or query field of the schema, or a clear error naming the nearest one. */
export function rootField(kind: 'Query' | 'Mutation', name: string, allowed: readonly string[], what: string): GraphQLField<unknown, unknown> {
  const type = kind === 'Query' ? cliSchema().getQueryType() : cliSchema().getMutationType();
  const f = allowed.includes(name) ? type?.getFields()[name] : undefined;
  if (!f) throw badInput(`unknown ${what} '${name}'; ${what}s: ${allowed.join(', ')}${didYouMean(name, [...allowed])}`);
  return f;
}

/**
 * Command-line options (`--name value`, camelCased) as a field's arguments: each named, typed
 * and spelled as the field takes it. An option the field has no argument for is an error.
 */
export function argsFor(field: GraphQLField<unknown, unknown>, options: Record<string, unknown>, fromText: boolean): Record<string, unknown> {
  const byName = new Map(field.args.map((a) => [a.name, a]));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) {
    const arg = byName.get(k);
    if (!arg) {
      const names = field.args.map((a) => a.name);
      throw badInput(`${field.name} has no option --${k}; it takes ${names.map((n) => `--${n}`).join(', ')}${didYouMean(k, names)}`);
    }
    out[k] = toGraphqlValue(arg.type, v, `--${k}`, fromText && typeof v === 'string');
  }
  return out;
}

/** `mutation($a: T!, …) { field(a: $a, …) { selection } }` for the arguments given. */
export function operationFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>, args: Record<string, unknown>, selection: string): string {
  const used = field.args.filter((a: GraphQLArgument) => args[a.name] !== undefined);
  const vars = used.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const pass = used.map((a) => `${a.name}: $${a.name}`).join(', ');
  return `${kind}${vars ? `(${vars})` : ''} { ${field.name}${pass ? `(${pass})` : ''} ${selection} }`;
}

/** The InsightQuery input type, for `insightql query`. */
export function insightQueryType(): GraphQLInputType {
  const t = cliSchema().getType('InsightQueryInput');
  if (!t || !isInputObjectType(t)) throw new Error('schema.graphql has no InsightQueryInput');
  return t;
}


