// A column asked for as the figure and compared by its own scale word in one question.
import { describe, expect, it } from 'vitest';
import { col, table } from './catalogFixture.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';

process.env.DOTENV_CONFIG_QUIET = 'true';

const wordnet = (await loadWordNet()) ?? undefined;
const buildings = table('buildings', 300, [col('height', 'double', 'measure', 10, 400, 280), col('floors', 'integer', 'measure', 2, 100, 90), col('city', 'text', 'dimension', null, null, 12)]);
const ctx: PlannerContext = { vocabularies: [buildVocabulary(buildings, { city: ['Lyon', 'Porto'] }, [], wordnet ? { wordnet } : {})] };

describe.skipIf(!wordnet)('a figure and a comparison on one column', () => {
  it('"average height of buildings taller than 100" averages the height of those buildings', () => {
    const p = planQuestion(ctx, 'average height of buildings taller than 100', { dataset: 'buildings' });
    expect(p.kind).toBe('query');
    if (p.kind === 'query') {
      expect(p.query.measures).toEqual([{ column: 'height', agg: 'avg' }]);
      expect(p.query.filter).toEqual({ column: 'height', op: 'gt', value: 100 });
    }
  });

  it('a column right next to its comparison is only the comparison\'s subject', () => {
    for (const q of ['how many buildings have a height of more than 100', 'buildings with height over 100']) {
      const p = planQuestion(ctx, q, { dataset: 'buildings' });
      expect(p.kind === 'query' && p.query.measures, q).toEqual([{ agg: 'count' }]);
      expect(p.kind === 'query' && p.query.filter, q).toEqual({ column: 'height', op: 'gt', value: 100 });
    }
  });
});
