import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/config.js';

describe('configuration', () => {
  it('has defaults for an empty environment: embedded database with demo data on port 4000', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 4000, databaseUrl: null, dataDir: './.insightql', demo: true, logLevel: 'info', nodeEnv: 'development' });
  });

  it('turns demo data off by default on a real database', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).demo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db', INSIGHTQL_DEMO: 'yes' }).demo).toBe(true);
  });

  it('names every bad variable', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', INSIGHTQL_DEMO: 'maybe' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const m = (e as Error).message;
      for (const v of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'INSIGHTQL_DEMO']) expect(m).toContain(v);
      expect(m).toContain('"eighty"');
    }
  });

  it('refuses a port out of range', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
  });
});
