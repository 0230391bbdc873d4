// Integer codes of things (plot 1…40) in a breakdown: counted when asked "how many", grouped after "by".
import { describe, expect, it } from 'vitest';
import { col, table } from './catalogFixture.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';

process.env.DOTENV_CONFIG_QUIET = 'true';

const trial = table('trial', 400, [col('plot', 'integer', 'measure', 1, 40, 40), col('yield', 'double', 'measure', 1, 9, 350), col('fertilizer', 'text', 'dimension', null, null, 4)]);
const ctx: PlannerContext = { vocabularies: [buildVocabulary(trial, { fertilizer: ['A', 'B', 'C', 'D'] })] };
const query = (q: string) => {
  const p = planQuestion(ctx, q, { dataset: 'trial' });
  if (p.kind === 'clarify') throw new Error(`clarified: ${p.message}`);
  return p.query;
};

describe('integer codes of things', () => {
  it('"how many plots were on each fertilizer" counts distinct plots per fertilizer', () => {
    const q = query('how many plots were on each fertilizer');
    expect(q.measures).toEqual([{ column: 'plot', agg: 'count_distinct' }]);
    expect(q.dimensions).toEqual(['fertilizer']);
  });
  it('"average yield by plot" groups by the plot code', () => {
    const q = query('average yield by plot');
    expect(q.measures).toEqual([{ column: 'yield', agg: 'avg' }]);
    expect(q.dimensions).toEqual(['plot']);
  });
  it('an amount asked with its own aggregation is not counted', () => {
    expect(query('total yield by fertilizer').measures).toEqual([{ column: 'yield', agg: 'sum' }]);
  });
});
