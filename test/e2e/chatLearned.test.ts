import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { vegaDataDir } from '../../src/demo/demoLoader.js';
import { runCli } from '../support/cliProcess.js';

/** The chat REPL's :learned and :forget (also spelled /learned, /forget) on the embedded database, in a real process. */
describe('insightql chat: seeing and forgetting learned words', { timeout: 600_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'iq-learned-'));
  const env = { INSIGHTQL_DATA_DIR: join(dir, 'data'), INSIGHTQL_DEMO: 'false', DATABASE_URL: '' };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the word a reply taught, forgets it by its phrase, and the next question asks again', async () => {
    const loaded = await runCli(['ingest', join(vegaDataDir(), 'seattle-weather.csv'), '--name', 'seattle_weather'], env);
    expect(loaded.stderr).toBe('');
    expect(loaded.status).toBe(0);
    const lines = ['average blustery by weather', 'highest wind', '/learned', ':forget Blustery', 'average blustery by weather', ':learned', '/forget blustery', '/bogus', ':quit'];
    const r = await runCli(['chat', '--dataset', 'seattle_weather'], env, `${lines.join('\n')}\n`);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(/Commands: :new, :learned \[dataset\], :forget <phrase>, :quit/);
    expect(out).toContain(`'blustery' means highest wind (yours) — from "average blustery by weather"`);
    expect(out).toContain(`Forgot 'blustery' (highest wind) for seattle_weather; it will be asked about again.`);
    // Asked again after forgetting: the question back appears twice in all.
    expect(out.split("I don't know what 'blustery' refers to").length - 1).toBe(2);
    expect(out).toContain('Nothing learned for seattle_weather yet.');
    expect(out).toContain("error [NOT_FOUND]: nothing learned as 'blustery' for seattle_weather");
    expect(out).toContain("unknown command ':bogus'");
  });
});
