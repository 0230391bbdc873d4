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
  /** Largest inline upload accepted by the GraphQL `ingestDataset` mutation. */
  maxInlineBytes: number;
  /** Retrain a live series model when its one-step error exceeds this many times its backtest error (default 2). */
  driftFactor?: number;
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
  INSIGHTQL_MAX_ROWS: int(1, 1_000_000).default(10_000),
  INSIGHTQL_MAX_INLINE_BYTES: int(1024, 512 * 1024 * 1024).default(10 * 1024 * 1024),
  INSIGHTQL_DRIFT_FACTOR: z.coerce.number().min(1).max(100).default(2),
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
    maxInlineBytes: e.INSIGHTQL_MAX_INLINE_BYTES,
    driftFactor: e.INSIGHTQL_DRIFT_FACTOR,
  };
}
