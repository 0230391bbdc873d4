// A code read from a word's letters ("midwest" → MD) is a weak guess where the rows also have names
// (Maryland would have been said as itself); with codes alone ("california" → ca) it stands.
import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { ANSWER_THRESHOLD } from '../../../src/nlp/confidence.js';
import { planQuestion } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { col, table } from './catalogFixture.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;

describe('a code read from the letters of a word', () => {
  it('"murders in the Midwest" read as MD beside state names is in doubt', () => {
    const t = table('crime', 51, [col('state', 'text', 'dimension', null, null, 51), col('abb', 'text', 'dimension', null, null, 51), col('region', 'text', 'dimension', null, null, 4), col('murders', 'integer', 'measure', 2, 1257, 48)]);
    const ctx = { vocabularies: [buildVocabulary(t, { state: ['Maryland', 'Texas', 'Ohio'], abb: ['MD', 'TX', 'OH'], region: ['South', 'West', 'Northeast', 'North Central'] }, [], { wordnet })] };
    const p = planQuestion(ctx, 'total murders in the Midwest', { dataset: 'crime' });
    expect(p.kind === 'query' && p.confidence >= ANSWER_THRESHOLD).toBe(false);
  });
  it('stays off: with codes alone, "California" is the code CA', () => {
    const t = table('roads', 336, [col('state', 'text', 'dimension', null, null, 48), col('year', 'integer', 'measure', 1982, 1988, 7), col('deaths', 'integer', 'measure', 79, 5504, 300)]);
    const ctx = { vocabularies: [buildVocabulary(t, { state: ['CA', 'TX', 'NY'] }, [], { wordnet })] };
    const p = planQuestion(ctx, 'total deaths in California', { dataset: 'roads' });
    expect(p.kind === 'query' && p.query.filter).toEqual({ column: 'state', op: 'eq', value: 'CA' });
  });
});

describe('a code of many rows', () => {
  it('stays off: "zip codes in Pennsylvania" where a state code is shared by many rows reads PA with no doubt', () => {
    const t = table('zipcodes', 42000, [col('zip_code', 'text', 'identifier', null, null, 42000), col('city', 'text', 'dimension', null, null, 19000), col('state', 'text', 'dimension', null, null, 52)]);
    const ctx = { vocabularies: [buildVocabulary(t, { state: ['PA', 'TX', 'NY'] }, [], { wordnet })] };
    const p = planQuestion(ctx, 'how many zip codes in Pennsylvania', { dataset: 'zipcodes' });
    expect(p.kind === 'query' && JSON.stringify(p.query.filter)).toContain('"PA"');
    expect(p.kind === 'query' && p.confidence).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
  });
});
