import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Config } from '../../src/config/config.js';
import { loadConfig } from '../../src/config/config.js';

/** A database the suite runs against: the embedded one always, real Postgres when INSIGHTQL_TEST_PG is set. */
export interface TestTarget {
  kind: 'embedded' | 'postgres';
  /** Creates a fresh empty database and returns the config to use it, plus its cleanup. */
  fresh(): Promise<{ config: Config; drop(): Promise<void> }>;
}

const adminUrl = process.env.INSIGHTQL_TEST_PG || null;

/** The targets available on this machine. */
export function testTargets(): TestTarget[] {
  const targets: TestTarget[] = [{ kind: 'embedded', fresh: freshEmbedded }];
  if (adminUrl) targets.push({ kind: 'postgres', fresh: freshPostgres });
  return targets;
}

function baseConfig(over: Partial<Config>): Config {
  // Test files replay hundreds of questions from one address: the rate limit is off unless a test turns it on (hardening.test.ts does).
  return { ...loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', INSIGHTQL_RATE_LIMIT: '0' } as NodeJS.ProcessEnv), port: 0, host: '127.0.0.1', demo: false, ...over };
}

async function freshEmbedded() {
  return { config: baseConfig({ databaseUrl: null, dataDir: 'memory://' }), drop: async () => undefined };
}

/** A new database per test file on the real server, dropped afterwards. */
async function freshPostgres() {
  const name = `iq_test_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl! });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(adminUrl!);
  u.pathname = `/${name}`;
  return {
    config: baseConfig({ databaseUrl: u.toString(), dataDir: 'memory://' }),
    drop: async () => {
      const a = new pg.Client({ connectionString: adminUrl! });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
