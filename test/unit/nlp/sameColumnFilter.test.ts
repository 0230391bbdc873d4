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
    const counted = planQuestion(ctx, 'how many buildings have a height of more than 100', { dataset: 'buildings' });
    expect(counted.kind === 'query' && counted.query.measures).toEqual([{ agg: 'count' }]);
    expect(counted.kind === 'query' && counted.query.filter).toEqual({ column: 'height', op: 'gt', value: 100 });
    // With no question word the rows themselves are asked for (rowsWithCondition.test.ts); height is still only the filter.
    const listed = planQuestion(ctx, 'buildings with height over 100', { dataset: 'buildings' });
    expect(listed.kind === 'query' && listed.query.measures).toEqual([]);
    expect(listed.kind === 'query' && listed.query.filter).toEqual({ column: 'height', op: 'gt', value: 100 });
  });

  it('a comparative that fits two columns leaves the choice to the column word beside it', () => {
    const fish = table('fish', 300, [col('body_length', 'double', 'measure', 10, 90, 250), col('flipper_length', 'double', 'measure', 1, 40, 200)]);
    const c: PlannerContext = { vocabularies: [buildVocabulary(fish, {}, [], wordnet ? { wordnet } : {})] };
    const p = planQuestion(c, 'how many fish have a flipper length longer than 20', { dataset: 'fish' });
    expect(p.kind === 'query' && p.query.filter).toEqual({ column: 'flipper_length', op: 'gt', value: 20 });
  });
});
