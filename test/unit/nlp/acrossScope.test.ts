// "the average fertility rate across countries for each decade": with another split asked, the
// column after "across" is what the figure is taken over; alone it stays a split, in doubt.
import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { ANSWER_THRESHOLD } from '../../../src/nlp/confidence.js';
import { planQuestion } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { col, table } from './catalogFixture.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;
const rates = table('rates', 3000, [col('country', 'text', 'dimension', null, null, 190), col('year', 'integer', 'measure', 1960, 2011, 52), col('rate', 'double', 'measure', 1, 8, 2500)]);
const ctx = { vocabularies: [buildVocabulary(rates, { country: ['Brazil', 'Chad'] }, [], { wordnet })] };
const plan = (q: string) => planQuestion(ctx, q, { dataset: 'rates' });

describe('"across" beside another split', () => {
  it('"average rate across countries for every year" is one average a year', () => {
    const p = plan('average rate across countries for every year');
    expect(p.kind === 'query' && p.query.dimensions).toEqual(['year']);
  });
  it('stays off: "average rate across countries" alone is in doubt', () => {
    const p = plan('average rate across countries');
    expect(p.kind === 'query' && p.confidence).toBeLessThan(ANSWER_THRESHOLD);
  });
});
