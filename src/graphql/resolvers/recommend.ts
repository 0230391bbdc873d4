import type { RecommendedItem } from '../../recommend/recommendService.js';
import type { Context } from '../context.js';
import { toGraphqlQuery } from './ask.js';

const KIND = { QUESTION: 'question', INSIGHT: 'insight' } as const;

function itemOut(r: RecommendedItem) {
  return { id: r.id, kind: r.kind === 'question' ? 'QUESTION' : 'INSIGHT', text: r.text, score: r.score, reasons: r.reasons.map((x) => x.toUpperCase()), query: r.query ? toGraphqlQuery(r.query) : null };
}

/** Recommendations: thin adapters over RecommendService. */
export const recommendResolvers = {
  Query: {
    recommendedQuestions: async (_: unknown, a: { dataset: string; conversationId?: string | null; limit?: number | null }, ctx: Context) =>
      (await ctx.services.recommend.recommend(ctx.principal, a.dataset, a.conversationId ?? null, a.limit ?? 5)).map(itemOut),
  },
  Mutation: {
    recordOpened: (_: unknown, a: { dataset: string; kind: keyof typeof KIND; text: string; conversationId?: string | null }, ctx: Context) =>
      ctx.services.recommend.recordOpened(ctx.principal, { dataset: a.dataset, kind: KIND[a.kind], text: a.text, conversationId: a.conversationId ?? null }),
  },
};
