import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vegaDataDir } from '../../../src/demo/demoLoader.js';
import { CLI_IN_NODE, runCli } from '../../support/cliProcess.js';
import { startTestServer, type TestServer } from '../../support/testServer.js';
import { testTargets } from '../../support/targets.js';

/** `insightql alerts --follow` as a long-running child: its stdout lines, and a way to wait for them. */
function follow(args: string[]): { p: ChildProcess; lines: string[]; err: () => string; waitFor: (test: () => boolean, ms: number) => Promise<boolean> } {
  // Stopped with SIGINT below: spawned without the tsx wrapper, so the signal reaches the command itself.
  const p = spawn(CLI_IN_NODE[0], [...CLI_IN_NODE[1], 'alerts', '--follow', ...args], { env: { ...process.env, LOG_LEVEL: 'silent' } });
  const lines: string[] = [];
  let out = '';
  let err = '';
  p.stdout!.on('data', (d) => {
    out += d;
    const parts = out.split('\n');
    out = parts.pop()!;
    lines.push(...parts.filter((l) => l.trim()));
  });
  p.stderr!.on('data', (d) => (err += d));
  const waitFor = async (test: () => boolean, ms: number) => {
    const until = Date.now() + ms;
    while (!test() && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    return test();
  };
  return { p, lines, err: () => err, waitFor };
}

const exited = (p: ChildProcess) => new Promise<number | null>((r) => (p.exitCode !== null ? r(p.exitCode) : p.once('exit', (code) => r(code))));

describe.each(testTargets())('replay and alerts --follow as real CLI processes ($kind)', (target) => {
  let s: TestServer;
  let dir: string;
  beforeAll(async () => {
    s = await startTestServer(target);
    dir = mkdtempSync(join(tmpdir(), 'iq-replay-'));
    const ingest = await runCli(['ingest', join(vegaDataDir(), 'stocks.csv'), '--name', 'stocks', '--server', s.base], {});
    expect(ingest.status, ingest.stderr).toBe(0);
    // The stream's target: the same columns, one month of history per symbol to learn from.
    const seed = ['symbol,date,price', 'MSFT,Jan 1 2000,39.81', 'AMZN,Jan 1 2000,64.56', 'IBM,Jan 1 2000,100.52', 'GOOG,Aug 1 2004,102.37', 'AAPL,Jan 1 2000,25.94'].join('\n');
    expect((await fetch(`${s.base}/datasets/live?format=csv`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: seed })).status).toBe(201);
    const d = await s.gql(`mutation { createDetector(input: { dataset: "live", kind: SERIES_ANOMALY, measure: "price", segmentBy: "symbol" }) { id } }`);
    expect(d.errors).toBeUndefined();
  }, 300_000);
  afterAll(() => s?.close());

  it('replays a dataset by name in time order with injected spikes; the follower prints every alert once', async () => {
    const f = follow(['--dataset', 'live', '--json', '--server', s.base]);
    try {
      expect(await f.waitFor(() => f.err().includes('following alerts of live'), 180_000), f.err()).toBe(true);
      await new Promise((r) => setTimeout(r, 500));
      const r = await runCli(['replay', 'stocks', '--into', 'live', '--rate', '2000/s', '--inject', 'spike', '--server', s.base], {});
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^replayed 560 events into live: 560 accepted, 0 duplicates, 0 rejected \(injected: spike\)/);
      await s.app.services.realtime.scorer.idle();
      const stored = (await s.gql(`{ alerts(dataset: "live", limit: 10000) { id value } }`)).data.alerts as { id: string; value: Record<string, unknown> }[];
      // Three spikes (rows 100, 300, 500 of the time-ordered stream) at least.
      expect(stored.length).toBeGreaterThanOrEqual(3);
      expect(await f.waitFor(() => f.lines.length >= stored.length, 180_000)).toBe(true);
      await new Promise((r) => setTimeout(r, 500));
      const printed = f.lines.map((l) => JSON.parse(l) as { id: string; dataset: string });
      expect(printed.map((a) => a.id)).toEqual(stored.map((a) => a.id).reverse());
      expect(new Set(printed.map((a) => a.dataset))).toEqual(new Set(['live']));
      // Time order: the events were sent (and logged, in order) with non-decreasing times.
      const log = await s.app.services.warehouse.query<{ events: { t: number }[] | string }>(`SELECT events FROM realtime.event_log WHERE lower(dataset) = 'live' ORDER BY seq`);
      const ts = log.flatMap((e) => (typeof e.events === 'string' ? JSON.parse(e.events) : e.events) as { t: number }[]).map((e) => e.t);
      expect(ts).toHaveLength(560);
      expect(ts.every((t, i) => i === 0 || t >= ts[i - 1]!)).toBe(true);
      expect(ts[0]).toBe(Date.UTC(2000, 0, 1));
    } finally {
      f.p.kill('SIGINT');
      expect(await exited(f.p)).toBe(0);
    }
  }, 300_000);

  it('replays a file too, reads at most INSIGHTQL_MAX_ROWS rows of a dataset, and refuses what is neither', async () => {
    const file = join(dir, 'ticks.ndjson');
    writeFileSync(file, Array.from({ length: 30 }, (_, i) => JSON.stringify({ symbol: 'IBM', date: `2011-${String((i % 12) + 1).padStart(2, '0')}-01`, price: 120 + i })).join('\n'));
    const fromFile = await runCli(['replay', file, '--into', 'live', '--rate', '1000/s', '--server', s.base], {});
    expect(fromFile.status, fromFile.stderr).toBe(0);
    expect(fromFile.stdout).toMatch(/^replayed 30 events into live: 30 accepted/);

    const capped = await runCli(['replay', 'stocks', '--into', 'live', '--rate', '5000/s', '--server', s.base], { INSIGHTQL_MAX_ROWS: '40' });
    expect(capped.status, capped.stderr).toBe(0);
    expect(capped.stdout).toMatch(/^replayed 40 events into live: 40 accepted/);
    expect(capped.stderr).toContain('stopped at 40 rows (INSIGHTQL_MAX_ROWS)');

    const neither = await runCli(['replay', 'no_such_thing', '--into', 'live', '--server', s.base], {});
    expect(neither.status).toBe(1);
    expect(neither.stderr).toContain(`'no_such_thing' is neither a file nor a dataset on ${s.base}`);
    const badRate = await runCli(['replay', 'stocks', '--into', 'live', '--rate', 'fast', '--server', s.base], {});
    expect([badRate.status, badRate.stderr.trim()]).toEqual([1, "--rate must be events per second, e.g. 50/s (got 'fast')"]);
  }, 300_000);

  it('alerts --follow --after prints what it missed first, then ends cleanly on Ctrl-C', async () => {
    const stored = (await s.gql(`{ alerts(dataset: "live", limit: 10000) { id } }`)).data.alerts as { id: string }[];
    expect(stored.length).toBeGreaterThan(1);
    const oldest = stored[stored.length - 1]!.id;
    const f = follow(['--dataset', 'live', '--json', '--after', oldest, '--server', s.base]);
    try {
      expect(await f.waitFor(() => f.lines.length >= stored.length - 1, 180_000), f.err()).toBe(true);
      expect(f.lines.map((l) => JSON.parse(l).id)).toEqual(stored.slice(0, -1).map((a) => a.id).reverse());
    } finally {
      f.p.kill('SIGINT');
      expect(await exited(f.p)).toBe(0);
    }
    const once = await runCli(['alerts', '--dataset', 'live', '--server', s.base], {});
    expect(once.status).toBe(0);
    expect(once.stdout.trim().split('\n').length).toBe(Math.min(50, stored.length));
  }, 300_000);
});
