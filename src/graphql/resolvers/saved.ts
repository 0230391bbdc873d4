import { currentPrincipal } from '../../auth/requestScope.js';
import { localPrincipal, type Principal } from '../../auth/principal.js';
import type { SavedQuestion } from '../../saved/savedQuestionService.js';
import type { Context } from '../context.js';
import { answerOut, toGraphqlQuery } from './ask.js';

/** The request's principal (the context carries it once authentication is in place). */
export function principalOf(ctx: Context): Principal {
  return (ctx as Context & { principal?: Principal }).principal ?? currentPrincipal() ?? localPrincipal(ctx.clientKey);
}

function savedOut(s: SavedQuestion) {
  return { id: s.id, title: s.title, question: s.question, dataset: s.dataset, intent: s.plan.intent, query: toGraphqlQuery(s.plan.query), createdAt: s.createdAt, __saved: s };
}

/** Saved questions: the board of pinned answers, re-run on view. */
export const savedResolvers = {
  Query: {
    savedQuestions: async (_: unknown, _a: unknown, ctx: Context) => (await ctx.services.saved.list(principalOf(ctx))).map(savedOut),
    savedQuestion: async (_: unknown, a: { id: string }, ctx: Context) => savedOut(await ctx.services.saved.get(principalOf(ctx), a.id)),
  },
  Mutation: {
    saveQuestion: async (_: unknown, a: { input: { messageId: string; title?: string | null } }, ctx: Context) => {
      // The context's client key is the owner the ask resolver stored the conversation under.
      return savedOut(await ctx.services.saved.save(principalOf(ctx), ctx.clientKey, a.input));
    },
    deleteSavedQuestion: (_: unknown, a: { id: string }, ctx: Context) => ctx.services.saved.delete(principalOf(ctx), a.id),
  },
  SavedQuestion: {
    run: async (s: { __saved: SavedQuestion }, _a: unknown, ctx: Context) => answerOut(await ctx.services.saved.run(s.__saved)),
  },
};
