import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { Config } from '../../../src/config/config.js';
import { startApp } from '../../../src/main.js';
import type { Logger } from '../../../src/shared/logger.js';
import { testTargets } from '../../support/targets.js';

/** A logger whose warnings the test can read. */
function capturingLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
  return { log: pino({ level: 'warn' }, sink) as unknown as Logger, lines };
}

const post = (port: number, key?: string) =>
  fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) }, body: '{"query":"{ datasets { name } }"}' });

/**
 * Local mode: while no key exists everything works without one, the server binds 127.0.0.1 unless
 * HOST is set, and says so. Once a key exists it binds HOST (default 0.0.0.0) and needs keys.
 * INSIGHTQL_AUTH=required needs keys from the start.
 */
describe.each(testTargets())('local and required mode ($kind)', (target) => {
  const dirs: string[] = [];
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const d of drops) await d();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  /** A database that outlives one server (the embedded one on disk). */
  const database = async (): Promise<Config> => {
    const db = await target.fresh();
    drops.push(db.drop);
    if (target.kind !== 'embedded') return db.config;
    const dir = mkdtempSync(join(tmpdir(), 'iq-modes-'));
    dirs.push(dir);
    return { ...db.config, dataDir: dir };
  };

  it('local mode binds 127.0.0.1 and says so; the first key ends it, and the next start binds HOST', async () => {
    const config = await database();
    const first = capturingLogger();
    // HOST not set: the configured host is the keyed-mode default, 0.0.0.0.
    const app = await startApp({ ...config, host: '0.0.0.0', hostSet: false }, first.log);
    try {
      expect((app.server.http.address() as AddressInfo).address).toBe('127.0.0.1');
      expect(first.lines.join('')).toMatch(/local mode: no API key exists.*listening on 127\.0\.0\.1 only/);
      expect((await post(app.server.port)).status).toBe(200);
      const { key } = await app.services.keys.create({ tenantId: 'default', role: 'viewer' });
      expect((await post(app.server.port)).status).toBe(401);
      expect((await post(app.server.port, key)).status).toBe(200);
    } finally {
      await app.close();
    }
    const second = capturingLogger();
    const again = await startApp({ ...config, host: '0.0.0.0', hostSet: false }, second.log);
    try {
      expect((again.server.http.address() as AddressInfo).address).toBe('0.0.0.0');
      expect(second.lines.join('')).not.toMatch(/local mode/);
      expect((await post(again.server.port)).status).toBe(401);
    } finally {
      await again.close();
    }
  }, 300_000);

  it('INSIGHTQL_AUTH=required: no key, no access, even before the first key exists', async () => {
    const config = await database();
    const { log, lines } = capturingLogger();
    const app = await startApp({ ...config, authRequired: true, host: '127.0.0.1', hostSet: true }, log);
    try {
      expect(await app.services.auth.localMode()).toBe(false);
      expect(lines.join('')).not.toMatch(/local mode/);
      const r = await post(app.server.port);
      expect(r.status).toBe(401);
      expect(((await r.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      const { key } = await app.services.keys.create({ tenantId: 'default', role: 'viewer' });
      expect((await post(app.server.port, key)).status).toBe(200);
    } finally {
      await app.close();
    }
  }, 300_000);

  it('HOST set keeps local mode on that host', async () => {
    const config = await database();
    const { log, lines } = capturingLogger();
    const app = await startApp({ ...config, host: '127.0.0.1', hostSet: true }, log);
    try {
      expect(await app.services.auth.localMode()).toBe(true);
      expect(lines.join('')).toMatch(/local mode/);
      expect(lines.join('')).not.toMatch(/listening on 127\.0\.0\.1 only/);
    } finally {
      await app.close();
    }
  }, 300_000);
});
