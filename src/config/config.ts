import { z } from 'zod';

/** Server and CLI configuration, read from the environment once and validated. */
export interface Config {
  port: number;
  host: string;
  /** Absent: the embedded database (PGlite) under `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  demo: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  nodeEnv: 'development' | 'production' | 'test';
  /** Per-query statement timeout for user queries. */
  queryTimeoutMs: number;
  /** Largest result a query may return. */
  maxRows: number;
  /** Most rows one /export streams (a larger result is cut there and marked truncated). */
  exportMaxRows?: number;
  /** Exports streaming at once, over all keys; one more is refused with RATE_LIMITED (429). */
  exportConcurrency?: number;
  /** Largest inline upload accepted by the GraphQL `ingestDataset` mutation. */
  maxInlineBytes: number;
  /** Retrain a live series model when its one-step error exceeds this many times its backtest error (default 2). */
  driftFactor?: number;
  /** Longest a process uses learned chat words without reading them again, should a change notice be lost (default 60 s). */
  learnedMaxAgeMs?: number;
  /** True when HOST was set; otherwise local mode binds 127.0.0.1 and keyed mode `host`. */
  hostSet?: boolean;
  /** INSIGHTQL_AUTH=required: API keys are needed even before the first exists. */
  authRequired?: boolean;
  /** INSIGHTQL_CORS_ORIGINS: browser origins allowed to call the API (HTTP and WebSocket); empty: none cross-site. */
  corsOrigins?: string[];
  /**
   * INSIGHTQL_ALLOWED_HOSTS: Host header names accepted besides loopback, checked in any mode (`*`:
   * any). Unset: only loopback names while a loopback-bound server is in local mode (no key), else any.
   */
  allowedHosts?: string[];
  /** Serve the bundled GraphQL IDE to browsers at GET /graphql (default: on, except in production). */
  graphqlIde: boolean;
  /** Secret embed tokens are signed with; absent: a random one per tenant, stored in the database. */
  embedSecret: string | null;
  /** Request limits and fair sharing on /graphql and graphql-ws (see src/server/plugins/). */
  limits: RequestLimits;
  /** Introspection on HTTP and WebSocket (default: off in production). */
  introspection: boolean;
  /** "Did you mean …" hints for unknown fields and enum values (default: off in production). */
  suggestions: boolean;
  /** Conversations unused for this many days are deleted with their turns; 0 keeps them forever. */
  conversationRetentionDays: number;
}

export interface RequestLimits {
  /** Largest /graphql request body (uploads to POST /datasets/:name stream and have their own). */
  maxBodyBytes: number;
  /** Largest serialized GraphQL response. */
  maxResponseBytes: number;
  /** Lexical tokens in one document, enforced by the parser. */
  maxTokens: number;
  /** Field selections (and fragment spreads) written in one document, counted before validation. */
  maxFields: number;
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  /** Cost ceiling: each field costs 1, and a list field's selection counts `limit` times. */
  maxCost: number;
  /** Requests (HTTP operations and WebSocket subscribes) per key per minute; 0 turns it off. */
  ratePerMinute: number;
  /** Requests a key may send at once above its steady rate. */
  rateBurst: number;
  /** Failed authentications (bad or missing keys) per client address per minute before 429; 0 turns it off. */
  authFailuresPerMinute: number;
  subscriptionsPerConnection: number;
  subscriptionsPerKey: number;
  /** User queries one key may have waiting for a reader connection before RATE_LIMITED. */
  readerQueuePerKey: number;
}

const bool = z
  .string()
  .trim()
  .toLowerCase()
  .refine((s) => ['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'].includes(s), 'expected true/false, yes/no, on/off or 1/0')
  .transform((s) => ['1', 'true', 'yes', 'on'].includes(s));

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const envSchema = z.object({
  PORT: int(0, 65535).default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .trim()
    .refine((s) => s === '' || /^postgres(ql)?:\/\//.test(s), 'expected a postgres:// or postgresql:// URL')
    .optional(),
  INSIGHTQL_DATA_DIR: z.string().min(1).default('./.insightql'),
  INSIGHTQL_DEMO: bool.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  INSIGHTQL_QUERY_TIMEOUT_MS: int(100, 600_000).default(15_000),
  INSIGHTQL_LEARNED_MAX_AGE_MS: int(100, 86_400_000).default(60_000),
  INSIGHTQL_MAX_ROWS: int(1, 1_000_000).default(10_000),
  INSIGHTQL_EXPORT_MAX_ROWS: int(1, 1_000_000_000).default(5_000_000),
  INSIGHTQL_EXPORT_CONCURRENCY: int(1, 1000).default(2),
  INSIGHTQL_MAX_INLINE_BYTES: int(1024, 512 * 1024 * 1024).default(10 * 1024 * 1024),
  INSIGHTQL_DRIFT_FACTOR: z.coerce.number().min(1).max(100).default(2),
  INSIGHTQL_AUTH: z.enum(['auto', 'required']).default('auto'),
  INSIGHTQL_CORS_ORIGINS: z
    .string()
    .trim()
    .refine((s) => s === '' || s.split(',').every((o) => /^https?:\/\/[^/\s]+$/.test(o.trim()) || o.trim() === '*'), 'expected a comma-separated list of origins such as https://app.example.com')
    .optional(),
  INSIGHTQL_ALLOWED_HOSTS: z
    .string()
    .trim()
    .refine((s) => s === '' || s.split(',').every((h) => /^(\*|\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(:\d{1,5})?$/i.test(h.trim())), 'expected a comma-separated list of host names such as insights.example.com or insights.example.com:8443, or *')
    .optional(),
  INSIGHTQL_GRAPHQL_IDE: bool.optional(),
  INSIGHTQL_EMBED_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  INSIGHTQL_MAX_BODY_BYTES: int(1024, 1024 * 1024 * 1024).default(1024 * 1024),
  INSIGHTQL_MAX_RESPONSE_BYTES: int(1024, 1024 * 1024 * 1024).default(32 * 1024 * 1024),
  INSIGHTQL_MAX_TOKENS: int(100, 1_000_000).default(10_000),
  INSIGHTQL_MAX_FIELDS: int(10, 100_000).default(500),
  INSIGHTQL_MAX_DEPTH: int(2, 1000).default(12),
  INSIGHTQL_MAX_ALIASES: int(1, 10_000).default(30),
  INSIGHTQL_MAX_DIRECTIVES: int(1, 10_000).default(20),
  INSIGHTQL_MAX_COST: int(10, 100_000_000).default(50_000),
  INSIGHTQL_RATE_LIMIT: int(0, 10_000_000).default(1200),
  INSIGHTQL_RATE_BURST: int(1, 1_000_000).default(200),
  INSIGHTQL_AUTH_FAILURE_LIMIT: int(0, 1_000_000).default(60),
  INSIGHTQL_MAX_SUBSCRIPTIONS_PER_CONNECTION: int(1, 10_000).default(20),
  INSIGHTQL_MAX_SUBSCRIPTIONS_PER_KEY: int(1, 1_000_000).default(100),
  INSIGHTQL_READER_QUEUE_PER_KEY: int(1, 100_000).default(100),
  INSIGHTQL_INTROSPECTION: bool.optional(),
  INSIGHTQL_SUGGESTIONS: bool.optional(),
  INSIGHTQL_CONVERSATION_RETENTION_DAYS: int(0, 36_500).default(30),
});

/** Thrown at start for a bad environment value; the message names the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const r = envSchema.safeParse(env);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}=${JSON.stringify(env[String(i.path[0])])}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = r.data;
  const databaseUrl = e.DATABASE_URL ? e.DATABASE_URL : null;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl,
    dataDir: e.INSIGHTQL_DATA_DIR,
    // Demo data is on by default only for the embedded database: a real warehouse is the user's.
    demo: e.INSIGHTQL_DEMO ?? databaseUrl === null,
    logLevel: e.LOG_LEVEL,
    nodeEnv: e.NODE_ENV,
    queryTimeoutMs: e.INSIGHTQL_QUERY_TIMEOUT_MS,
    maxRows: e.INSIGHTQL_MAX_ROWS,
    exportMaxRows: e.INSIGHTQL_EXPORT_MAX_ROWS,
    exportConcurrency: e.INSIGHTQL_EXPORT_CONCURRENCY,
    maxInlineBytes: e.INSIGHTQL_MAX_INLINE_BYTES,
    driftFactor: e.INSIGHTQL_DRIFT_FACTOR,
    learnedMaxAgeMs: e.INSIGHTQL_LEARNED_MAX_AGE_MS,
    hostSet: env.HOST !== undefined && env.HOST !== '',
    authRequired: e.INSIGHTQL_AUTH === 'required',
    corsOrigins: e.INSIGHTQL_CORS_ORIGINS ? e.INSIGHTQL_CORS_ORIGINS.split(',').map((o) => o.trim().replace(/\/$/, '')).filter(Boolean) : [],
    allowedHosts: e.INSIGHTQL_ALLOWED_HOSTS ? e.INSIGHTQL_ALLOWED_HOSTS.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean) : undefined,
    graphqlIde: e.INSIGHTQL_GRAPHQL_IDE ?? e.NODE_ENV !== 'production',
    embedSecret: e.INSIGHTQL_EMBED_SECRET ?? null,
    limits: {
      maxBodyBytes: e.INSIGHTQL_MAX_BODY_BYTES,
      maxResponseBytes: e.INSIGHTQL_MAX_RESPONSE_BYTES,
      maxTokens: e.INSIGHTQL_MAX_TOKENS,
      maxFields: e.INSIGHTQL_MAX_FIELDS,
      maxDepth: e.INSIGHTQL_MAX_DEPTH,
      maxAliases: e.INSIGHTQL_MAX_ALIASES,
      maxDirectives: e.INSIGHTQL_MAX_DIRECTIVES,
      maxCost: e.INSIGHTQL_MAX_COST,
      ratePerMinute: e.INSIGHTQL_RATE_LIMIT,
      rateBurst: e.INSIGHTQL_RATE_BURST,
      authFailuresPerMinute: e.INSIGHTQL_AUTH_FAILURE_LIMIT,
      subscriptionsPerConnection: e.INSIGHTQL_MAX_SUBSCRIPTIONS_PER_CONNECTION,
      subscriptionsPerKey: e.INSIGHTQL_MAX_SUBSCRIPTIONS_PER_KEY,
      readerQueuePerKey: e.INSIGHTQL_READER_QUEUE_PER_KEY,
    },
    // Production hides the schema's shape unless asked: no introspection, no "did you mean".
    introspection: e.INSIGHTQL_INTROSPECTION ?? e.NODE_ENV !== 'production',
    suggestions: e.INSIGHTQL_SUGGESTIONS ?? e.NODE_ENV !== 'production',
    conversationRetentionDays: e.INSIGHTQL_CONVERSATION_RETENTION_DAYS,
  };
}
