// A user who answers the chat's questions back. The chat asks when a word is unknown ("I don't
// know what 'accidents' refers to") and learns the reply for next time. This pass asks each set's
// questions in order as one user per dataset; when a question comes back on one unknown word, the
// user replies with what they meant. The bench does not know what they meant, so it tries the options
// offered, then each column's label, in a throwaway conversation (under a probe client key whose
// learned words are deleted after each try), and replies with the first whose answer matches the truth,
// as that user, who keeps what the reply taught for later questions.
import { localPrincipal } from '../src/auth/principal.js';
import { runAs } from '../src/auth/requestScope.js';
import type { App } from '../src/main.js';
import { scoreTentative, type AskedAnswer } from './nlpEvalRun.js';
import type { BlindSet, QuestionResult } from './nlpEvalScore.js';

export interface ReplyTally {
  answerable: number;
  /** Exact when first asked by the user who has been replying (words learned earlier included). */
  exactFirst: number;
  /** Of those, not exact in the plain pass: answered thanks to a word learned from an earlier reply. */
  learnedHelped: number;
  /** Questions back on exactly one unknown word. */
  askedBack: number;
  /** Of those, exact after the one reply. */
  exactAfterReply: number;
  /** Answered wrong without a question back, in this pass. */
  wrong: number;
  /** The questions asked back that no reply answered (kept for tuning splits only). */
  unresolved: string[];
}

const MAX_TRIES = 30;

/** Runs the sets as a replying user; `plain` holds the ordinary pass's results for the same sets. */
export async function evaluateWithReplies(app: App, sets: readonly BlindSet[], plain: readonly QuestionResult[], keepDetail = false): Promise<ReplyTally> {
  const t: ReplyTally = { answerable: 0, exactFirst: 0, learnedHelped: 0, askedBack: 0, exactAfterReply: 0, wrong: 0, unresolved: [] };
  const plainExact = new Set(plain.filter((r) => r.outcome === 'exact').map((r) => `${r.dataset}\u0000${r.id}`));
  // One user and one probe key for the whole pass: each new client key builds every dataset's vocabulary afresh.
  const user = 'replying-user';
  const probe = 'reply-probe';
  const forgetProbe = async () => {
    await app.services.warehouse.query(`DELETE FROM chat.learned_synonyms WHERE owner = $1`, [probe]);
    app.services.ask.vocabularies.dropLearned({ tenant: localPrincipal(probe).tenantId, owner: probe });
  };
  for (const s of sets) {
    const ds = await app.services.catalog.getCatalogDataset(s.dataset).catch(() => null);
    if (!ds) continue;
    const table = `warehouse."${ds.tableName.replace(/"/g, '""')}"`;
    const convOf = new Map<string, string>();
    // As a server does per request: the client key in the request's principal (vocabularies read its learned words) and in the ask.
    const ask = (question: string, conv: string | undefined, key: string) =>
      runAs(localPrincipal(key), () => app.services.ask.ask({ question, dataset: conv ? null : s.dataset, conversationId: conv ?? null, clientKey: key })) as Promise<AskedAnswer>;
    for (const q of s.questions) {
      if (!q.answerable || !q.sql) continue;
      t.answerable++;
      const sql = q.sql.replaceAll('{{table}}', table);
      const first = await ask(q.question, q.followUpOf ? convOf.get(q.followUpOf) : undefined, user).catch(() => null);
      if (!first) continue;
      convOf.set(q.id, first.conversationId);
      if (!first.clarification && first.result) {
        const ok = (await scoreTentative(app, sql, first.result, q.ordered)) === 'exact';
        if (ok) t.exactFirst++;
        else {
          t.wrong++;
          if (keepDetail) t.unresolved.push(`${q.id}: ${q.question} [answered wrong at ${first.confidence}: ${(first.interpretation?.notes ?? []).join(' / ').slice(0, 300)}]`);
        }
        if (ok && !plainExact.has(`${s.dataset}\u0000${q.id}`)) t.learnedHelped++;
        continue;
      }
      const unknown = (first.clarification as { unknownTerms?: string[] } | null)?.unknownTerms ?? [];
      if (unknown.length !== 1 || q.followUpOf) continue;
      t.askedBack++;
      // The options offered first ("highest Girth" for "thickest"), then every column by its label.
      const offered = (first.clarification as { options?: string[] } | null)?.options ?? [];
      const replies = [...new Set([...offered, ...ds.columns.map((c) => c.label)])].slice(0, MAX_TRIES);
      let resolved = false;
      for (const label of replies) {
        const tried = await ask(q.question, undefined, probe).catch(() => null);
        if (!tried?.clarification) break;
        const reply = await ask(label, tried.conversationId, probe).catch(() => null);
        // What a try taught the probe is forgotten, so the next try starts as the user did.
        if (reply?.result) await forgetProbe();
        if (!reply?.result || reply.clarification || (await scoreTentative(app, sql, reply.result, q.ordered)) !== 'exact') continue;
        // The user's own reply, in the user's conversation: this one is learned.
        const mine = await ask(label, first.conversationId, user).catch(() => null);
        if (mine?.result && !mine.clarification) t.exactAfterReply++;
        resolved = true;
        break;
      }
      if (!resolved && keepDetail) t.unresolved.push(`${q.id}: ${q.question} [${unknown[0]}]`);
    }
  }
  return t;
}
