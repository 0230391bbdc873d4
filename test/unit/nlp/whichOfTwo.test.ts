// "Which is bigger, A or B": the winner of the two, one row.
import { describe, expect, it } from 'vitest';
import { col, table } from './catalogFixture.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';

process.env.DOTENV_CONFIG_QUIET = 'true';

const wordnet = (await loadWordNet()) ?? undefined;
const rivers = table('rivers', 40, [col('river', 'text', 'identifier', null, null, 40), col('length', 'double', 'measure', 100, 6000, 40), col('flow', 'double', 'measure', 1, 9000, 40)]);
const ctx: PlannerContext = { vocabularies: [buildVocabulary(rivers, { river: ['Rhine', 'Danube', 'Loire'] }, [], wordnet ? { wordnet } : {})] };

describe.skipIf(!wordnet)('which of two', () => {
  it('"which has the bigger flow, the Rhine or the Danube" keeps the one with more', () => {
    const p = planQuestion(ctx, 'which has the bigger flow, the Rhine or the Danube?', { dataset: 'rivers' });
    expect(p.kind).toBe('query');
    if (p.kind !== 'query') return;
    expect(p.query.dimensions).toEqual(['river']);
    expect(p.query.orderBy[0]?.direction).toBe('desc');
    expect(p.query.limit).toBe(1);
  });
  it('"which has the smaller flow" keeps the one with less; "compare the flow of A and B" keeps both', () => {
    const low = planQuestion(ctx, 'which has the smaller flow, the Rhine or the Danube?', { dataset: 'rivers' });
    expect(low.kind === 'query' && low.query.orderBy[0]?.direction).toBe('asc');
    const both = planQuestion(ctx, 'compare the flow of the Rhine and the Danube', { dataset: 'rivers' });
    expect(both.kind === 'query' && both.query.limit).toBeFalsy();
  });
});
