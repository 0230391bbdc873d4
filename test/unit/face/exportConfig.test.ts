import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';
import { ExportLimiter } from '../../../src/export/exportLimiter.js';

describe('export settings', () => {
  it('reads INSIGHTQL_EXPORT_MAX_ROWS and INSIGHTQL_EXPORT_CONCURRENCY, with defaults, and refuses nonsense', () => {
    const d = loadConfig({} as NodeJS.ProcessEnv);
    expect(d.exportMaxRows).toBe(5_000_000);
    expect(d.exportConcurrency).toBe(2);
    const c = loadConfig({ INSIGHTQL_EXPORT_MAX_ROWS: '1000', INSIGHTQL_EXPORT_CONCURRENCY: '4' } as NodeJS.ProcessEnv);
    expect([c.exportMaxRows, c.exportConcurrency]).toEqual([1000, 4]);
    expect(() => loadConfig({ INSIGHTQL_EXPORT_CONCURRENCY: '0' } as NodeJS.ProcessEnv)).toThrow(/INSIGHTQL_EXPORT_CONCURRENCY/);
    expect(() => loadConfig({ INSIGHTQL_EXPORT_MAX_ROWS: 'lots' } as NodeJS.ProcessEnv)).toThrow(/INSIGHTQL_EXPORT_MAX_ROWS/);
  });

  it('limits exports running at once, a slot freed once however often it is released', () => {
    const l = new ExportLimiter(2);
    const a = l.acquire();
    const b = l.acquire();
    expect(() => l.acquire()).toThrow(/2 exports are already running/);
    a();
    a();
    expect(l.active).toBe(1);
    const c = l.acquire();
    expect(() => l.acquire()).toThrow();
    b();
    c();
    expect(l.active).toBe(0);
  });
});
