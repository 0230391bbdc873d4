import type { GraphQLResolveInfo } from 'graphql';
import { currentPrincipal } from './requestScope.js';
import { localPrincipal, type Principal } from './principal.js';
import { checkAccess } from './rolePolicy.js';

type Resolver = (parent: unknown, args: unknown, ctx: unknown, info: GraphQLResolveInfo) => unknown;
type FieldMap = Record<string, Resolver | { subscribe?: Resolver; resolve?: Resolver } | unknown>;

const principalOf = (ctx: unknown): Principal => (ctx as { principal?: Principal } | null)?.principal ?? currentPrincipal() ?? localPrincipal();

/** Wraps a resolver so the principal's right to `type.field` is checked before it runs. */
function guard(type: string, field: string, fn: Resolver): Resolver {
  return (parent, args, ctx, info) => {
    checkAccess(principalOf(ctx), type, field);
    return fn(parent, args, ctx, info);
  };
}

/**
 * The resolver map with every root field (and the few object fields that need it) checked
 * against the role policy, so a field added later is covered by its type's default.
 */
export function guardResolvers<T extends Record<string, unknown>>(resolvers: T): T {
  const out: Record<string, unknown> = { ...resolvers };
  for (const type of ['Query', 'Mutation', 'Subscription', 'Dataset']) {
    const fields = resolvers[type] as FieldMap | undefined;
    if (!fields) continue;
    const wrapped: FieldMap = {};
    for (const [name, r] of Object.entries(fields)) {
      if (typeof r === 'function') wrapped[name] = guard(type, name, r as Resolver);
      else if (r && typeof r === 'object' && 'subscribe' in r && typeof r.subscribe === 'function') wrapped[name] = { ...r, subscribe: guard(type, name, r.subscribe as Resolver) };
      else wrapped[name] = r;
    }
    out[type] = wrapped;
  }
  return out as T;
}

