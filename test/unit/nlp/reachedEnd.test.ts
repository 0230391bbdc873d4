// "how tall did the tree get": the end of the scale it reached, not its average height.
import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { planQuestion } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { col, table } from './catalogFixture.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;
const pines = table('pines', 84, [col('height', 'double', 'measure', 3, 65, 80), col('age', 'integer', 'measure', 3, 25, 6), col('seed', 'integer', 'dimension', 301, 331, 14)]);
const ctx = { vocabularies: [buildVocabulary(pines, {}, [], { wordnet })] };
const plan = (q: string) => planQuestion(ctx, q, { dataset: 'pines' });

describe('how far a figure got', () => {
  it('"how tall did the seed 311 tree get" is its greatest height', () => {
    const p = plan('how tall did the seed 311 tree get');
    expect(p.kind === 'query' && p.query.measures).toEqual([{ column: 'height', agg: 'max' }]);
  });
  it('stays off: "how tall are the trees on average" averages', () => {
    const p = plan('how tall are the trees on average');
    expect(p.kind === 'query' && p.query.measures).toEqual([{ column: 'height', agg: 'avg' }]);
  });
});
