// "murders per 100k people" answered with the murders' total: the rate asked was not computed, so
// the answer is in doubt; a column that already holds the rate answers it.
import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { ANSWER_THRESHOLD } from '../../../src/nlp/confidence.js';
import { planQuestion } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { col, table } from './catalogFixture.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;

describe('a rate per a number of people', () => {
  it('"the 5 states with the fewest murders per 100k people" over a total is in doubt', () => {
    const t = table('crime', 51, [col('state', 'text', 'dimension', null, null, 51), col('population', 'integer', 'measure', 5e5, 4e7, 51), col('murders', 'integer', 'measure', 2, 1257, 48)]);
    const p = planQuestion({ vocabularies: [buildVocabulary(t, { state: ['Ohio', 'Texas'] }, [], { wordnet })] }, 'the 5 states with the fewest murders per 100k people', { dataset: 'crime' });
    expect(p.kind === 'query' && p.confidence >= ANSWER_THRESHOLD).toBe(false);
  });
  it('stays off: a column holding the rate answers "murder rate per 100,000 people"', () => {
    const t = table('crime', 51, [col('state', 'text', 'dimension', null, null, 51), col('murder_rate', 'double', 'measure', 0.5, 20, 48)]);
    const p = planQuestion({ vocabularies: [buildVocabulary(t, { state: ['Ohio', 'Texas'] }, [], { wordnet })] }, 'the 5 states with the lowest murder rate per 100,000 people', { dataset: 'crime' });
    expect(p.kind === 'query' && p.query.measures[0]?.column).toBe('murder_rate');
    expect(p.kind === 'query' && p.confidence).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
  });
});

describe('figures already per a number of people', () => {
  it('stays off: "assaults per 100k in Maryland" with no population to divide by reads the column as the rate', () => {
    const t = table('arrests', 50, [col('state', 'text', 'dimension', null, null, 50), col('assault', 'integer', 'measure', 45, 337, 45), col('urbanpop', 'integer', 'measure', 32, 91, 36)]);
    const p = planQuestion({ vocabularies: [buildVocabulary(t, { state: ['Maryland', 'Ohio'] }, [], { wordnet })] }, 'How many states have more than 250 assault arrests per 100,000?', { dataset: 'arrests' });
    expect(p.kind === 'query' && p.query.filter).toEqual({ column: 'assault', op: 'gt', value: 250 });
    expect(p.kind === 'query' && p.confidence).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
  });
});
