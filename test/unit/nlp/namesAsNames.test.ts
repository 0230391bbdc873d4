// Values that name the rows are names: an ordinary word among them ("Civic") is reached by no
// WordNet relation ("city"), while a proper name ("Japan") still is ("japanese").
import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { col, table } from './catalogFixture.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;
const models = table('autos', 60, [col('model', 'text', 'dimension', null, null, 60), col('origin', 'text', 'dimension', null, null, 2), col('mpg_city', 'integer', 'measure', 15, 46, 25), col('mpg_highway', 'integer', 'measure', 20, 50, 25), col('price', 'double', 'measure', 7, 60, 58)]);
const ctx: PlannerContext = { vocabularies: [buildVocabulary(models, { model: ['Civic', 'Swift', 'Metro', 'Accord'], origin: ['USA', 'non-USA'] }, [], { wordnet })] };
const plan = (q: string) => planQuestion(ctx, q, { dataset: 'autos' });
const filterOf = (q: string) => {
  const p = plan(q);
  return JSON.stringify(p.kind === 'query' ? p.query.filter ?? null : null);
};

describe('names are names', () => {
  it('"which cars get more than 35 mpg in the city" filters no model', () => {
    expect(filterOf('Which cars get more than 35 mpg in the city?')).not.toContain('Civic');
  });
  it('"city" reaches no model called Civic', () => {
    expect(filterOf('average price of city cars')).not.toContain('Civic');
  });
  it('stays off: a proper name among the row names keeps its words ("america" → United States)', () => {
    const countries = table('nations', 40, [col('country', 'text', 'dimension', null, null, 40), col('gdp', 'double', 'measure', 1, 900, 40)]);
    const c: PlannerContext = { vocabularies: [buildVocabulary(countries, { country: ['United States', 'France', 'Brazil'] }, [], { wordnet })] };
    const p = planQuestion(c, 'total gdp of america', { dataset: 'nations' });
    expect(JSON.stringify(p.kind === 'query' && p.query.filter)).toContain('United States');
  });
});
