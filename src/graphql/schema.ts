import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addResolversToSchema, makeExecutableSchema } from '@graphql-tools/schema';
import { buildASTSchema, parse, type GraphQLSchema } from 'graphql';
import { guardResolvers } from '../auth/guardResolvers.js';
import { resolvers } from './resolvers/index.js';

/** Finds schema.graphql at the package root, from sources (src/graphql) or from dist/src/graphql. */
export function schemaPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const p = join(dir, 'schema.graphql');
    if (existsSync(p)) return p;
    dir = dirname(dir);
  }
  throw new Error('schema.graphql not found above ' + dirname(fileURLToPath(import.meta.url)));
}

/** The SDL text, the single source of truth for the API. */
export function loadTypeDefs(): string {
  return readFileSync(schemaPath(), 'utf8');
}

/**
 * Builds the executable schema. Drift between SDL and resolvers fails here, at start: a resolver
 * for a field the SDL lacks, or a root field without a resolver, is an error.
 */
export function buildSchema(): GraphQLSchema {
  const schema = makeExecutableSchema({
    typeDefs: loadTypeDefs(),
    // Every root field checks the caller's role (src/auth/rolePolicy.ts) before it runs.
    resolvers: guardResolvers(resolvers),
    resolverValidationOptions: {
      requireResolversToMatchSchema: 'error',
    },
  });
  const missing = rootFieldsWithoutResolvers(schema);
  if (missing.length) throw new Error(`schema.graphql has root fields without resolvers: ${missing.join(', ')}`);
  return schema;
}

/** Query/Mutation/Subscription fields that the resolver map does not implement. */
export function rootFieldsWithoutResolvers(schema: GraphQLSchema): string[] {
  const out: string[] = [];
  const map = resolvers as unknown as Record<string, Record<string, unknown> | undefined>;
  for (const t of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (!t) continue;
    for (const f of Object.keys(t.getFields())) if (!map[t.name]?.[f]) out.push(`${t.name}.${f}`);
  }
  return out;
}

/**
 * The same executable schema for a one-command process (the CLI in-process): the SDL is not
 * validated again nor merged, and resolvers are attached in place. Every server start still runs
 * `buildSchema`, whose checks catch drift; this one saves the CLI most of a second.
 */
export function buildSchemaUnchecked(): GraphQLSchema {
  const schema = buildASTSchema(parse(loadTypeDefs(), { noLocation: true }), { assumeValidSDL: true, assumeValid: true });
  return addResolversToSchema({ schema, resolvers: guardResolvers(resolvers), updateResolversInPlace: true });
}
