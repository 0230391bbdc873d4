import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/auth/principal.js';
import { runAs } from '../../../src/auth/requestScope.js';
import { vegaDataDir } from '../../../src/demo/demoLoader.js';
import type { BusMessage } from '../../../src/events/busMessage.js';
import { startApp, type App } from '../../../src/main.js';
import { createLogger } from '../../../src/shared/logger.js';
import { testTargets } from '../../support/targets.js';
import { startTestServer, type TestServer } from '../../support/testServer.js';
import { ASK } from './support.js';

const pgTarget = testTargets().find((t) => t.kind === 'postgres');
const WORDS = `query($d: String!) { learnedWords(dataset: $d) { id phrase scope } }`;
const FORGET = `mutation($id: ID!) { forgetLearnedWord(id: $id) }`;
const QUESTION = 'average blustery by weather';
const ZORBLY = 'average precipitation for zorbly';

type Who = 'alice' | 'bob' | 'analyst' | 'other';
type LearnedMessage = Extract<BusMessage, { t: 'learned' }>;

/** The next learned-word notice `app` hears on its bus (its cache has dropped the entries by then: its own handler runs first). */
function nextNotice(app: App, tenant: string): Promise<LearnedMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no learned-word notice for '${tenant}' within 10 s`));
    }, 10_000);
    const off = app.services.bus.onMessage((m) => {
      if (m.t !== 'learned' || m.tenant !== tenant) return;
      clearTimeout(timer);
      off();
      resolve(m);
    });
  });
}

/**
 * Two server processes on one Postgres database: a word learned or forgotten through process A is
 * used, or no longer used, by the same user's next question in process B, which had cached that
 * user's learned words before. LISTEN/NOTIFY carries the notice; the other tenant's cached words in
 * B stay as they were.
 */
describe.skipIf(!pgTarget)('learned words across two server processes (postgres)', () => {
  let a: TestServer;
  let b: App;
  let admin: pg.Client;
  const keys = {} as Record<Who, string>;
  const gql = async (app: App, who: Who, query: string, variables?: Record<string, unknown>) => {
    const r = await fetch(`http://127.0.0.1:${app.server.port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${keys[who]}` }, body: JSON.stringify({ query, variables }) });
    const body = (await r.json()) as { data?: any; errors?: any[] };
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    return body.data;
  };
  const ask = async (app: App, who: Who, q: string, c?: string) => (await gql(app, who, ASK, { q, d: c ? undefined : 'seattle_weather', c })).ask;
  const drizzle = async (app: App, who: Who) => JSON.stringify((await ask(app, who, ZORBLY)).interpretation?.query ?? null).includes('drizzle');

  beforeAll(async () => {
    a = await startTestServer(pgTarget!);
    const asAdmin = (tenantId: string): Principal => ({ kind: 'key', tenantId, role: 'admin', keyId: null, rowFilters: [], datasets: null, clientKey: null });
    for (const t of ['default', 'other']) {
      await runAs(asAdmin(t), () => a.app.services.ingest.ingest({ name: 'seattle_weather', input: { kind: 'file', path: join(vegaDataDir(), 'seattle-weather.csv') } }));
    }
    const k = a.app.services.keys;
    keys.alice = (await k.create({ tenantId: 'default', role: 'viewer' })).key;
    keys.bob = (await k.create({ tenantId: 'default', role: 'viewer' })).key;
    keys.analyst = (await k.create({ tenantId: 'default', role: 'analyst' })).key;
    keys.other = (await k.create({ tenantId: 'other', role: 'admin' })).key;
    // B never re-reads on age alone within this test, so only notices refresh it.
    b = await startApp({ ...a.app.services.config, port: 0, learnedMaxAgeMs: 3_600_000 }, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'));
    admin = new pg.Client({ connectionString: a.app.services.config.databaseUrl! });
    await admin.connect();
  }, 300_000);
  afterAll(async () => {
    await admin?.end();
    await b?.close();
    await a?.close();
  });

  it("a word alice teaches in A is used by her next question in B; forgotten in A, B asks about it again; the other tenant never has it", async () => {
    // B reads (and caches) alice's learned words, and the other tenant's, before anything is taught.
    expect((await ask(b, 'alice', QUESTION)).clarification).toMatchObject({ unknownTerms: ['blustery'] });
    expect((await ask(b, 'other', QUESTION)).clarification).toMatchObject({ unknownTerms: ['blustery'] });

    const asked = await ask(a.app, 'alice', QUESTION);
    expect(asked.clarification).toMatchObject({ unknownTerms: ['blustery'] });
    const taught = nextNotice(b, 'default');
    const replied = await ask(a.app, 'alice', 'highest wind', asked.conversationId);
    expect(replied.interpretation.notes).toContain("learned: 'blustery' means highest wind in seattle_weather");
    const notice = await taught;
    // One owner's words, named by owner: no word, no other tenant.
    expect(notice).toEqual({ t: 'learned', tenant: 'default', owner: expect.stringMatching(/^key:/) });

    const used = await ask(b, 'alice', QUESTION);
    expect(used.clarification).toBeNull();
    expect(JSON.stringify(used.interpretation.query)).toContain('wind');
    expect((await ask(b, 'other', QUESTION)).clarification).toMatchObject({ unknownTerms: ['blustery'] });
    expect((await ask(b, 'bob', QUESTION)).clarification).toMatchObject({ unknownTerms: ['blustery'] });

    const [w] = (await gql(a.app, 'alice', WORDS, { d: 'seattle_weather' })).learnedWords;
    expect(w).toMatchObject({ phrase: 'blustery', scope: 'OWNER' });
    const forgotten = nextNotice(b, 'default');
    expect((await gql(a.app, 'alice', FORGET, { id: w.id })).forgetLearnedWord).toBe(true);
    expect(await forgotten).toEqual(notice);
    expect((await ask(b, 'alice', QUESTION)).clarification).toMatchObject({ unknownTerms: ['blustery'] });
    // A dropped its own cache at once, before any notice.
    expect((await ask(a.app, 'alice', QUESTION)).clarification).toMatchObject({ unknownTerms: ['blustery'] });
  }, 180_000);

  it("a tenant-wide word taught in A reaches every owner of the tenant in B, and drops no other tenant's cached words", async () => {
    expect(await drizzle(b, 'bob')).toBe(false);
    expect(await drizzle(b, 'other')).toBe(false);
    // A row for the other tenant that no process announced: B keeps serving its cached words until a notice names that tenant.
    await admin.query(`INSERT INTO chat.learned_synonyms (dataset_name, phrase, target, tenant_id, owner, tenant_wide) VALUES ('seattle_weather', 'zorbly', $1::jsonb, 'other', NULL, true)`, [
      JSON.stringify({ kind: 'value', column: 'weather', value: 'drizzle' }),
    ]);

    const m = (await ask(a.app, 'analyst', ZORBLY)).messageId;
    const taught = nextNotice(b, 'default');
    const fb = await gql(a.app, 'analyst', `mutation($m: ID!) { answerFeedback(messageId: $m, helpful: false, tenantWide: true, correction: { term: { phrase: "zorbly", column: "weather", value: "drizzle" } }) { learned { phrase } } }`, { m });
    expect(fb.answerFeedback.learned).toEqual([{ phrase: 'zorbly' }]);
    expect(await taught).toEqual({ t: 'learned', tenant: 'default', owner: null, all: true });

    expect(await drizzle(b, 'bob')).toBe(true);
    expect(await drizzle(b, 'alice')).toBe(true);
    // The notice named tenant 'default' only: the other tenant's entry in B was not dropped.
    expect(await drizzle(b, 'other')).toBe(false);
    const otherNotice = nextNotice(b, 'other');
    await a.app.services.ask.learnedChanges.changed({ tenant: 'other', owner: null, all: true });
    await otherNotice;
    expect(await drizzle(b, 'other')).toBe(true);

    // Removed in A by the analyst: bob's next question in B no longer uses it.
    const word = (await gql(a.app, 'analyst', WORDS, { d: 'seattle_weather' })).learnedWords.find((x: any) => x.phrase === 'zorbly');
    const removed = nextNotice(b, 'default');
    expect((await gql(a.app, 'analyst', FORGET, { id: word.id })).forgetLearnedWord).toBe(true);
    await removed;
    expect(await drizzle(b, 'bob')).toBe(false);
    expect(await drizzle(b, 'other')).toBe(true);
  }, 180_000);

  it('a word changed with no notice (one lost while the bus was down) is read again once the cached words are older than the max age', async () => {
    const c = await startApp({ ...a.app.services.config, port: 0, learnedMaxAgeMs: 500 }, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'));
    try {
      const flurry = async () => JSON.stringify((await ask(c, 'other', 'when was it flurrish?')).interpretation?.query ?? null).includes('snow');
      expect(await flurry()).toBe(false);
      await admin.query(`INSERT INTO chat.learned_synonyms (dataset_name, phrase, target, tenant_id, owner, tenant_wide) VALUES ('seattle_weather', 'flurrish', $1::jsonb, 'other', NULL, true)`, [
        JSON.stringify({ kind: 'value', column: 'weather', value: 'snow' }),
      ]);
      await new Promise((r) => setTimeout(r, 700));
      expect(await flurry()).toBe(true);
    } finally {
      await c.close();
    }
  }, 180_000);
});
