import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { pruneConversations } from '../../../src/chat/retention.js';
import { startTestServer, type TestServer } from '../../support/testServer.js';
import { testTargets } from '../../support/targets.js';

describe.each(testTargets())('conversation retention ($kind)', (target) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(target);
    await s.app.services.ingest.ingest({ name: 'sales', input: { kind: 'stream', stream: Readable.from([Buffer.from('region,amount\nnorth,1\nsouth,2\n')]) }, format: 'csv' });
  }, 180_000);
  afterAll(() => s?.close());

  it('deletes conversations unused past the retention, with their turns, and keeps recent ones', async () => {
    for (let i = 0; i < 3; i++) expect((await s.gql(`{ ask(question: "total amount by region") { text } }`)).errors).toBeUndefined();
    const wh = s.app.services.warehouse;
    const convs = await wh.query<{ id: string }>(`SELECT id FROM chat.conversations ORDER BY created_at`);
    expect(convs.length).toBeGreaterThanOrEqual(2);
    await wh.query(`UPDATE chat.conversations SET updated_at = now() - interval '40 days' WHERE id = $1`, [convs[0]!.id]);
    expect(await pruneConversations(wh, 30)).toBe(1);
    const left = await wh.query<{ id: string }>(`SELECT id FROM chat.conversations`);
    expect(left.map((c) => c.id)).not.toContain(convs[0]!.id);
    expect(left).toHaveLength(convs.length - 1);
    expect(await wh.query(`SELECT 1 FROM chat.messages WHERE conversation_id = $1`, [convs[0]!.id])).toEqual([]);
    expect(s.app.services.config.conversationRetentionDays).toBe(30);
  }, 120_000);
});
