import type { Answer } from '../../chat/answer.js';
import type { StoredMessage } from '../../chat/chatRepository.js';
import type { FeedbackCorrection } from '../../chat/feedback.js';
import type { Filter, InsightQuery } from '../../insights/insightQuery.js';
import type { LearnedSynonym } from '../../nlp/vocabulary.js';
import type { Context } from '../context.js';
import { stripNulls } from './insight.js';

const up = (v: unknown) => (typeof v === 'string' ? v.toUpperCase() : v);

/**
 * The InsightQuery in the shape `insight(query:)` and a feedback correction accept: GraphQL enum
 * values are upper-case, so a client can send an interpretation back unchanged or edited.
 */
export function toGraphqlQuery(q: InsightQuery): Record<string, unknown> {
  const out: Record<string, unknown> = { dataset: q.dataset };
  out.measures = q.measures.map((m) => stripNulls({ ...m, agg: up(m.agg) }));
  out.dimensions = q.dimensions;
  if (q.time) {
    const t: Record<string, unknown> = {};
    if (q.time.column) t.column = q.time.column;
    if (q.time.grain) t.grain = up(q.time.grain);
    if (q.time.by) t.by = up(q.time.by);
    if (q.time.parts?.length) t.parts = q.time.parts.map((p) => ({ part: up(p.part), values: p.values }));
    if (q.time.range) {
      const r = q.time.range;
      t.range = stripNulls({ from: r.from, to: r.to, last: r.last ? { count: r.last.count, unit: up(r.last.unit) } : null, anchor: up(r.anchor) });
    }
    out.time = t;
  }
  if (q.filter) out.filter = filterOut(q.filter);
  out.orderBy = q.orderBy.map((o) => ({ field: o.field, direction: up(o.direction) }));
  if (q.limit != null) out.limit = q.limit;
  if (q.compare) out.compare = { to: up(q.compare.to) };
  if (q.yearBucket) out.yearBucket = { column: q.yearBucket.column, size: up(q.yearBucket.size) };
  return out;
}

function filterOut(f: Filter): unknown {
  if ('and' in f) return { and: f.and.map(filterOut) };
  if ('or' in f) return { or: f.or.map(filterOut) };
  if ('not' in f) return { not: filterOut(f.not) };
  return stripNulls({ ...f, op: up(f.op) });
}

/** An answer in the API's shape (the interpretation's query as `insight` takes it). */
export function answerOut(a: Answer) {
  return { ...a, interpretation: a.interpretation ? { ...a.interpretation, query: toGraphqlQuery(a.interpretation.query) } : null };
}

function messageOut(m: StoredMessage) {
  return { id: m.id, role: m.role, question: m.question, answer: m.role === 'assistant' && m.answer ? answerOut(m.answer) : null, createdAt: m.createdAt };
}

function termOut(s: LearnedSynonym) {
  return { dataset: s.datasetName, phrase: s.phrase, column: s.target.column, agg: s.target.kind === 'column' ? (s.target.agg ?? null) : null, value: s.target.kind === 'value' ? s.target.value : null };
}

/** Thin adapters over AskService: parse arguments, call one method, map the result. */
export const askResolvers = {
  Query: {
    ask: async (_: unknown, a: { question: string; dataset?: string | null; conversationId?: string | null }, ctx: Context) =>
      answerOut(await ctx.services.ask.ask({ question: a.question, dataset: a.dataset, conversationId: a.conversationId, clientKey: ctx.clientKey })),
    conversation: async (_: unknown, a: { id: string }, ctx: Context) => {
      const c = await ctx.services.ask.conversation(a.id, ctx.clientKey);
      return { id: c.id, createdAt: c.createdAt, messages: c.messages.map(messageOut) };
    },
  },
  Mutation: {
    answerFeedback: async (_: unknown, a: { messageId: string; helpful: boolean; correction?: FeedbackCorrection | null; tenantWide?: boolean | null }, ctx: Context) => {
      const correction = a.correction ? (stripNulls(a.correction) as FeedbackCorrection) : null;
      const r = await ctx.services.ask.feedback({ messageId: a.messageId, helpful: a.helpful, correction, clientKey: ctx.clientKey, tenantWide: a.tenantWide ?? false });
      return { messageId: r.messageId, helpful: r.helpful, learned: r.learned.map(termOut), trainingExampleAdded: r.exampleAdded };
    },
  },
};
