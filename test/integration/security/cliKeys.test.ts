import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cliProcess.js';
import { testTargets } from '../../support/targets.js';
import { startTestServer, type TestServer } from '../../support/testServer.js';

const KEY = /^iql_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/;
const pgTarget = testTargets().find((t) => t.kind === 'postgres');

/** `insightql keys create|list|revoke` as a real CLI process on a real database. */
describe('insightql keys (embedded database on disk, CLI only)', () => {
  let dir: string;
  beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'iq-keys-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a key printed alone on stdout, lists it without its text, revokes it', async () => {
    const env = { INSIGHTQL_DATA_DIR: dir, DATABASE_URL: '', INSIGHTQL_DEMO: 'false' };
    const none = await runCli(['keys', 'list'], env);
    expect(none.status, none.stderr).toBe(0);
    expect(none.stdout).toMatch(/no API keys/);
    const made = await runCli(['keys', 'create', '--tenant', 'acme', '--role', 'viewer', '--rows', 'region=EAST', '--label', 'bi'], env);
    expect(made.status, made.stderr).toBe(0);
    const key = made.stdout.trim();
    expect(key).toMatch(KEY);
    expect(made.stderr).toMatch(/tenant acme, viewer, rows region=EAST/);
    const listed = await runCli(['keys', 'list', '--json'], env);
    expect(listed.status, listed.stderr).toBe(0);
    const rows = JSON.parse(listed.stdout) as { id: string; tenantId: string; role: string; rowFilters: unknown[]; revokedAt: string | null }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ tenantId: 'acme', role: 'viewer', rowFilters: [{ column: 'region', value: 'EAST' }], revokedAt: null });
    expect(listed.stdout).not.toContain(key.slice(13));
    const bad = await runCli(['keys', 'create', '--tenant', 'acme', '--role', 'owner'], env);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/role 'owner' is not one of viewer, analyst, admin/);
    const revoked = await runCli(['keys', 'revoke', rows[0]!.id], env);
    expect(revoked.status, revoked.stderr).toBe(0);
    const after = JSON.parse((await runCli(['keys', 'list', '--json', '--tenant', 'acme'], env)).stdout) as { revokedAt: string | null }[];
    expect(after[0]!.revokedAt).not.toBeNull();
    expect((await runCli(['keys', 'revoke', '00000000-0000-4000-8000-000000000000'], env)).status).not.toBe(0);
    // Seven CLI processes, each opening the embedded database: minutes on a loaded 2-core machine.
  }, 600_000);
});

describe.skipIf(!pgTarget)('insightql keys against a running server (postgres)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(pgTarget!);
  }, 180_000);
  afterAll(async () => s?.close());

  it('the first key made by the CLI ends local mode; a key it revokes stops working', async () => {
    const env = { DATABASE_URL: s.app.services.config.databaseUrl!, INSIGHTQL_DEMO: 'false' };
    const datasets = (key?: string) => fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) }, body: '{"query":"{ datasets { name } }"}' });
    expect((await datasets()).status).toBe(200);
    const made = await runCli(['keys', 'create', '--tenant', 'default', '--role', 'admin'], env);
    expect(made.status, made.stderr).toBe(0);
    const key = made.stdout.trim();
    expect(key).toMatch(KEY);
    // The server notices a key made by another process within about a second.
    const t = performance.now();
    let status = 200;
    while (status === 200 && performance.now() - t < 10_000) {
      await new Promise((r) => setTimeout(r, 200));
      status = (await datasets()).status;
    }
    console.log(`[keys] local mode ended ${Math.round(performance.now() - t)} ms after the CLI made the first key`);
    expect(status).toBe(401);
    expect((await datasets(key)).status).toBe(200);
    const listed = JSON.parse((await runCli(['keys', 'list', '--json', '--tenant', 'default'], env)).stdout) as { id: string }[];
    expect((await runCli(['keys', 'revoke', listed[0]!.id], env)).status).toBe(0);
    // A verified key is trusted for at most 5 s without asking the database again.
    const t2 = performance.now();
    let after = 200;
    while (after === 200 && performance.now() - t2 < 15_000) {
      await new Promise((r) => setTimeout(r, 500));
      after = (await datasets(key)).status;
    }
    console.log(`[keys] a key revoked by the CLI was refused ${Math.round(performance.now() - t2)} ms later`);
    expect(after).toBe(401);
  }, 240_000);
});
