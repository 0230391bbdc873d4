import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLSchema, ParseOptions, ValidationRule } from 'graphql';
import type { Config } from '../../config/config.js';
import { makeFormatError } from '../../graphql/errors.js';
import type { Logger } from '../../shared/logger.js';
import { documentShape } from './documentShape.js';
import type { OperationInfo, RequestGuard } from './guard.js';
import { inputSanity } from './inputSanity.js';
import { listCost } from './listCost.js';
import { productionMode } from './productionMode.js';
import { RateLimiter } from './rateLimit.js';
import { SubscriptionLimiter } from './subscriptionLimit.js';

/** Everything HTTP and graphql-ws share: the guards, the parser's limits, the error formatter and the budgets per key. */
export interface RequestGuards {
  readonly guards: readonly RequestGuard[];
  /** graphql-js's token limit, enforced while parsing (a clean 400 in Apollo). */
  readonly parseOptions: ParseOptions;
  /** Every guard's validation rules, to run after graphql-js's specified rules. */
  readonly validationRules: ValidationRule[];
  readonly formatError: ReturnType<typeof makeFormatError>;
  readonly rate: RateLimiter;
  readonly subscriptions: SubscriptionLimiter;
  readonly maxResponseBytes: number;
  readonly maxBodyBytes: number;
  beforeExecute(op: OperationInfo): void;
}

/**
 * The one place the endpoint's safeguards are listed. A new safeguard is a new entry here; the
 * Apollo plugin (`apolloGuards.ts`) and the WebSocket server (`websocket.ts`) both run this list.
 */
export function createRequestGuards(config: Config, schema: GraphQLSchema, log: Logger): RequestGuards {
  const l = config.limits;
  // graphql-armor's depth, alias and directive rules; its token limit is the parser's (armor's
  // own throws in a hook Apollo turns into a 500) and its cost limit ignores `limit:` (listCost).
  const armor = new ApolloArmor({
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: false },
    maxDepth: { n: l.maxDepth },
    maxAliases: { n: l.maxAliases },
    maxDirectives: { n: l.maxDirectives },
  }).protect();
  const guards: RequestGuard[] = [
    documentShape(l.maxFields),
    { name: 'graphqlArmor', validationRules: armor.validationRules },
    listCost(schema, l.maxCost),
    productionMode({ introspection: config.introspection }),
    inputSanity(),
  ];
  return {
    guards,
    parseOptions: { maxTokens: l.maxTokens },
    validationRules: guards.flatMap((g) => g.validationRules ?? []),
    formatError: makeFormatError(log.child({ component: 'graphql' }), { suggestions: config.suggestions }),
    rate: new RateLimiter(l.ratePerMinute, l.rateBurst),
    subscriptions: new SubscriptionLimiter(l.subscriptionsPerConnection, l.subscriptionsPerKey),
    maxResponseBytes: l.maxResponseBytes,
    maxBodyBytes: l.maxBodyBytes,
    beforeExecute(op) {
      for (const g of guards) g.beforeExecute?.(op);
    },
  };
}

/**
 * The same shape with every safeguard off: no guard, no extra validation rule, no token limit, no
 * rate or subscription limit, caps out of reach. Only for measuring what the safeguards cost
 * (bench/security.ts passes it to `startHttpServer`); no setting reaches it.
 */
export function withoutSafeguards(g: RequestGuards): RequestGuards {
  const huge = 2 ** 30;
  return {
    ...g,
    guards: [],
    parseOptions: {},
    validationRules: [],
    rate: new RateLimiter(0, 0),
    subscriptions: new SubscriptionLimiter(huge, huge),
    maxResponseBytes: huge,
    maxBodyBytes: huge,
    beforeExecute() {},
  };
}
