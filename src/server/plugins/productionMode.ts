import { NoSchemaIntrospectionCustomRule } from 'graphql';
import type { RequestGuard } from './guard.js';

/**
 * Hides the schema's shape when introspection is off: `__schema` and `__type` are refused (on HTTP
 * and WebSocket alike, since both take this rule). The "did you mean" hints that would reveal
 * field and enum names are stripped where errors are formatted (`makeFormatError`).
 */
export function productionMode(opts: { introspection: boolean }): RequestGuard {
  return { name: 'productionMode', validationRules: opts.introspection ? [] : [NoSchemaIntrospectionCustomRule] };
}
