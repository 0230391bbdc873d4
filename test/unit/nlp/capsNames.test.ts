// A short word written in capitals ("the US") may be a value's other name, not the function word.
import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { ANSWER_THRESHOLD } from '../../../src/nlp/confidence.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { tokenize } from '../../../src/nlp/tokenize.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { col, table } from './catalogFixture.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;
const births = table('births', 120, [col('country', 'text', 'dimension', null, null, 4), col('year', 'integer', 'dimension', 1960, 1979, 20), col('rate', 'double', 'measure', 1, 7, 60)]);
const ctx: PlannerContext = { vocabularies: [buildVocabulary(births, { country: ['United States', 'India', 'Brazil', 'France'] }, [], { wordnet })] };
const plan = (q: string) => planQuestion(ctx, q, { dataset: 'births' });

describe('capitals name a value', () => {
  it('"rate in the US in 1970" filters on the United States', () => {
    const p = plan('rate in the US in 1970');
    expect(p.kind === 'query' && JSON.stringify(p.query.filter)).toContain('United States');
  });
  it('stays off: "tell us the rate" is the pronoun', () => {
    const p = plan('tell us the rate in 1970');
    expect(p.kind === 'query' && JSON.stringify(p.query.filter)).not.toContain('United States');
  });
  it('a question in capitals throughout says nothing by them, except a short word right after "the"', () => {
    expect(tokenize('TELL US THE RATE IN OHIO').tokens.some((t) => t.caps)).toBe(false);
    expect(tokenize('RATE IN THE US').tokens.filter((t) => t.caps).map((t) => t.key)).toEqual(['us']);
    expect(tokenize('rate in the US').tokens.filter((t) => t.caps).map((t) => t.key)).toEqual(['us']);
  });
  it('"RATE IN THE US IN 1970", shouted, still filters on the United States', () => {
    const p = plan('RATE IN THE US IN 1970');
    expect(p.kind === 'query' && JSON.stringify(p.query.filter)).toContain('United States');
  });
  it('stays off: "TELL US THE RATE IN 1970", shouted, is the pronoun', () => {
    const p = plan('TELL US THE RATE IN 1970');
    expect(p.kind === 'query' && JSON.stringify(p.query.filter)).not.toContain('United States');
  });
  it('a dropped "US" is never answered confidently for all countries', () => {
    const p = plan('In how many years was the US rate above 3?');
    expect(p.kind === 'query' && p.confidence >= ANSWER_THRESHOLD && !JSON.stringify(p.query.filter).includes('United States')).toBe(false);
  });
  it('stays off: capitals not after "the" are the words themselves ("OK, …", "show ME", "IN 2020")', () => {
    const states = table('sales', 200, [col('state', 'text', 'dimension', null, null, 5), col('revenue', 'double', 'measure', 1, 900, 150), col('year', 'integer', 'dimension', 2018, 2021, 4)]);
    const c: PlannerContext = { vocabularies: [buildVocabulary(states, { state: ['Texas', 'Oklahoma', 'Maine', 'Indiana', 'Ohio'] }, [], { wordnet })] };
    for (const q of ['OK, what was the total revenue in Texas?', 'Show ME revenue by year', 'total revenue in Ohio IN 2020']) {
      const p = planQuestion(c, q, { dataset: 'sales' });
      expect(p.kind === 'query' && JSON.stringify(p.query.filter ?? null), q).not.toMatch(/Oklahoma|Maine|Indiana/);
    }
  });
});
