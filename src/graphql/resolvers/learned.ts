import type { LearnedWord } from '../../chat/learnedWords.js';
import type { Context } from '../context.js';

/** A learned word in the API's shape (enum values upper-case; Aggregation maps through its enum resolver). */
function wordOut(w: LearnedWord) {
  const t = w.target;
  return {
    id: w.id,
    dataset: w.datasetName,
    phrase: w.phrase,
    column: t.column,
    agg: t.kind === 'column' ? (t.agg ?? null) : null,
    value: t.kind === 'value' ? t.value : null,
    end: t.kind === 'column' && t.end ? t.end.toUpperCase() : null,
    scope: w.scope.toUpperCase(),
    question: w.question,
    createdAt: w.createdAt,
  };
}

/** Seeing and removing learned words: thin adapters over LearnedWords. */
export const learnedResolvers = {
  Query: {
    learnedWords: async (_: unknown, a: { dataset: string }, ctx: Context) => (await ctx.services.learnedWords.list(a.dataset, ctx.clientKey)).map(wordOut),
  },
  Mutation: {
    forgetLearnedWord: (_: unknown, a: { id: string }, ctx: Context) => ctx.services.learnedWords.forget(a.id, ctx.clientKey),
  },
};
