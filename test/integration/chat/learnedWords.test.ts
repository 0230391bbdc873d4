import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/auth/principal.js';
import { runAs } from '../../../src/auth/requestScope.js';
import { vegaDataDir } from '../../../src/demo/demoLoader.js';
import { testTargets } from '../../support/targets.js';
import { startTestServer, type TestServer } from '../../support/testServer.js';
import { ASK } from './support.js';

const WORDS = `query($d: String!) { learnedWords(dataset: $d) { id dataset phrase column agg value end scope question createdAt } }`;
const FORGET = `mutation($id: ID!) { forgetLearnedWord(id: $id) }`;
const QUESTION = 'average blustery by weather';

type Who = 'alice' | 'bob' | 'analyst' | 'other';

/**
 * Seeing and removing what the chat learned: a reply to a question back teaches alice a word;
 * learnedWords lists it with the question it came from; forgetLearnedWord removes it and the next
 * question asks again. Another key of the tenant, or another tenant, neither sees nor removes it;
 * a tenant-wide word needs the analyst role to remove.
 */
describe.each(testTargets())('learned words: see and forget ($kind)', (target) => {
  let s: TestServer;
  const keys = {} as Record<Who, string>;
  const gql = async (who: Who, query: string, variables?: Record<string, unknown>) => {
    const r = await fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${keys[who]}` }, body: JSON.stringify({ query, variables }) });
    return (await r.json()) as { data?: any; errors?: any[] };
  };
  const ask = async (who: Who, q: string, c?: string) => {
    const r = await gql(who, ASK, { q, d: c ? undefined : 'seattle_weather', c });
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    return r.data.ask;
  };
  const words = async (who: Who) => {
    const r = await gql(who, WORDS, { d: 'seattle_weather' });
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    return r.data.learnedWords as any[];
  };
  const code = (r: { errors?: any[] }) => r.errors?.[0]?.extensions?.code;

  beforeAll(async () => {
    s = await startTestServer(target);
    const admin = (tenantId: string): Principal => ({ kind: 'key', tenantId, role: 'admin', keyId: null, rowFilters: [], datasets: null, clientKey: null });
    for (const t of ['default', 'other']) {
      await runAs(admin(t), () => s.app.services.ingest.ingest({ name: 'seattle_weather', input: { kind: 'file', path: join(vegaDataDir(), 'seattle-weather.csv') } }));
    }
    const k = s.app.services.keys;
    keys.alice = (await k.create({ tenantId: 'default', role: 'viewer' })).key;
    keys.bob = (await k.create({ tenantId: 'default', role: 'viewer' })).key;
    keys.analyst = (await k.create({ tenantId: 'default', role: 'analyst' })).key;
    keys.other = (await k.create({ tenantId: 'other', role: 'admin' })).key;
  }, 300_000);
  afterAll(async () => s?.close());

  it('a reply teaches a word that learnedWords lists, and forgetting it makes the next question ask again', async () => {
    expect(await words('alice')).toEqual([]);
    const asked = await ask('alice', QUESTION);
    expect(asked.clarification).toMatchObject({ unknownTerms: ['blustery'] });
    const replied = await ask('alice', 'highest wind', asked.conversationId);
    expect(replied.clarification).toBeNull();
    expect(replied.interpretation.notes).toContain("learned: 'blustery' means highest wind in seattle_weather");

    const [w, ...rest] = await words('alice');
    expect(rest).toEqual([]);
    expect(w).toMatchObject({ dataset: 'seattle_weather', phrase: 'blustery', column: 'wind', agg: null, value: null, end: 'HIGH', scope: 'OWNER', question: QUESTION });
    expect(Date.now() - Date.parse(w.createdAt)).toBeLessThan(600_000);
    // Used while it is there.
    expect((await ask('alice', QUESTION)).clarification).toBeNull();

    const gone = await gql('alice', FORGET, { id: w.id });
    expect(gone.errors, JSON.stringify(gone.errors)).toBeUndefined();
    expect(gone.data.forgetLearnedWord).toBe(true);
    expect(await words('alice')).toEqual([]);
    // The cache was dropped: the very next question no longer knows the word.
    expect((await ask('alice', QUESTION)).clarification).toMatchObject({ unknownTerms: ['blustery'] });
    // Twice is a missing id; so is a string that is no id at all.
    expect(code(await gql('alice', FORGET, { id: w.id }))).toBe('NOT_FOUND');
    expect(code(await gql('alice', FORGET, { id: 'not-an-id' }))).toBe('NOT_FOUND');
    expect(code(await gql('alice', WORDS, { d: 'seattle_wether' }))).toBe('DATASET_NOT_FOUND');
  }, 180_000);

  it("another key of the tenant and another tenant neither see nor remove a key's word", async () => {
    const asked = await ask('alice', QUESTION);
    expect((await ask('alice', 'highest wind', asked.conversationId)).clarification).toBeNull();
    const [w] = await words('alice');
    expect(w).toMatchObject({ phrase: 'blustery', scope: 'OWNER' });

    expect(await words('bob')).toEqual([]);
    expect(await words('other')).toEqual([]);
    // Someone else's id answers exactly as a missing one: NOT_FOUND, never FORBIDDEN.
    for (const who of ['bob', 'analyst', 'other'] as const) {
      const r = await gql(who, FORGET, { id: w.id });
      expect(code(r), who).toBe('NOT_FOUND');
      expect(r.errors![0].message).toBe(`no learned word '${w.id}'`);
    }
    expect((await words('alice')).map((x) => x.id)).toEqual([w.id]);
    expect((await ask('alice', QUESTION)).clarification).toBeNull();
  }, 180_000);

  it('a tenant-wide word: every key of the tenant sees it; only an analyst removes it; the other tenant never sees it', async () => {
    const filter = (q: unknown) => JSON.stringify(q ?? null);
    // Unknown before it is taught: the check after the removal below means something.
    expect(filter((await ask('bob', 'average precipitation for zorbly')).interpretation?.query)).not.toContain('drizzle');
    const m = (await ask('analyst', 'average precipitation for zorbly')).messageId;
    const taught = await gql('analyst', `mutation($m: ID!) { answerFeedback(messageId: $m, helpful: false, tenantWide: true, correction: { term: { phrase: "zorbly", column: "weather", value: "drizzle" } }) { learned { phrase } } }`, { m });
    expect(taught.errors, JSON.stringify(taught.errors)).toBeUndefined();

    const seen = (await words('bob')).find((x) => x.phrase === 'zorbly');
    expect(seen).toMatchObject({ column: 'weather', value: 'drizzle', end: null, scope: 'TENANT', question: null });
    // The analyst taught it from its own conversation: it sees the question.
    expect((await words('analyst')).find((x) => x.phrase === 'zorbly')).toMatchObject({ scope: 'TENANT', question: 'average precipitation for zorbly' });
    expect((await words('alice')).map((x) => [x.phrase, x.scope])).toEqual([
      ['blustery', 'OWNER'],
      ['zorbly', 'TENANT'],
    ]);
    expect(await words('other')).toEqual([]);
    expect(filter((await ask('bob', 'average precipitation for zorbly')).interpretation?.query)).toContain('drizzle');

    expect(code(await gql('bob', FORGET, { id: seen.id }))).toBe('FORBIDDEN');
    expect(code(await gql('other', FORGET, { id: seen.id }))).toBe('NOT_FOUND');
    expect((await words('bob')).some((x) => x.id === seen.id)).toBe(true);
    // bob's cache holds the word now; the analyst's removal drops every owner's cached words.
    const r = await gql('analyst', FORGET, { id: seen.id });
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    expect((await words('bob')).some((x) => x.id === seen.id)).toBe(false);
    expect(filter((await ask('bob', 'average precipitation for zorbly')).interpretation?.query)).not.toContain('drizzle');
  }, 180_000);
});
