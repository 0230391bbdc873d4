// A measure's usual short form ("wt") takes its quantity's scale adjectives ("heaviest"), and the
// verb of a quantity ("weigh") names its column.
import { describe, expect, it } from 'vitest';
import { col, table } from './catalogFixture.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;

const autos = table('cars', 32, [col('model', 'text', 'identifier', null, null, 32), col('wt', 'double', 'measure', 1.5, 5.4, 29), col('mpg', 'double', 'measure', 10, 34, 25)]);
const birds = table('birds', 344, [col('species', 'text', 'dimension', null, null, 3), col('body_mass_g', 'integer', 'measure', 2700, 6300, 94)]);
const ctx: PlannerContext = { vocabularies: [buildVocabulary(autos, {}, [], wordnet ? { wordnet } : {}), buildVocabulary(birds, { species: ['Adelie', 'Gentoo'] }, [], wordnet ? { wordnet } : {})] };
const query = (q: string, dataset: string) => {
  const p = planQuestion(ctx, q, { dataset });
  if (p.kind === 'clarify') throw new Error(`clarified: ${p.message}`);
  return p.query;
};

describe.skipIf(!wordnet)('words for a quantity', () => {
  it('"the heaviest car" ranks by wt, the usual short form of weight', () => {
    const q = query('what is the heaviest car?', 'cars');
    expect(q.orderBy[0]).toMatchObject({ direction: 'desc' });
    expect(q.measures[0]?.column).toBe('wt');
    expect(q.limit).toBe(1);
  });
  it('"the lightest" ranks the other way', () => {
    expect(query('the 3 lightest cars', 'cars').orderBy[0]).toMatchObject({ direction: 'asc' });
  });
  it('"how many birds weigh more than 5000" compares the body mass', () => {
    expect(query('how many birds weigh more than 5000 grams?', 'birds').filter).toMatchObject({ column: 'body_mass_g', op: 'gt', value: 5000 });
  });
  it('"the deadliest year" ranks by deaths, "the most powerful" by horsepower', () => {
    const quakes = table('quakes', 120, [col('year', 'integer', 'dimension', 1900, 2019, 120), col('deaths', 'integer', 'measure', 0, 300000, 110)]);
    const engines = table('engines', 80, [col('engine', 'text', 'identifier', null, null, 80), col('horsepower', 'integer', 'measure', 40, 400, 70)]);
    const c: PlannerContext = { vocabularies: [quakes, engines].map((d) => buildVocabulary(d, {}, [], wordnet ? { wordnet } : {})) };
    const deadly = planQuestion(c, 'the deadliest year', { dataset: 'quakes' });
    expect(deadly.kind === 'query' && deadly.query.orderBy[0]).toMatchObject({ field: 'max_deaths', direction: 'desc' });
    const strong = planQuestion(c, 'the 3 most powerful engines', { dataset: 'engines' });
    expect(strong.kind === 'query' && strong.query.measures[0]?.column).toBe('horsepower');
  });
  it('stays off: "the 3 deadliest disaster types" with no column of types asks, rather than ranking single rows', () => {
    const disasters = table('disasters', 800, [col('entity', 'text', 'dimension', null, null, 11), col('year', 'integer', 'dimension', 1900, 2017, 118), col('deaths', 'integer', 'measure', 0, 3700000, 600)]);
    const p = planQuestion({ vocabularies: [buildVocabulary(disasters, { entity: ['Flood', 'Earthquake', 'Drought'] }, [], wordnet ? { wordnet } : {})] }, 'the 3 deadliest disaster types since 1990', { dataset: 'disasters' });
    expect(p.kind).toBe('clarify');
  });
  it('stays off: "weigh" has no column to name where nothing is weighed', () => {
    expect(planQuestion(ctx, 'how much do the cars weigh on the mpg scale', { dataset: 'birds' }).kind).toBe('clarify');
  });
  it('stays off: short forms with other readings ("hp" hit points, "dist" a district) and a 0/1 "ht" flag take no quantity words', () => {
    const monsters = table('pokemon', 800, [col('name', 'text', 'identifier', null, null, 800), col('hp', 'integer', 'measure', 1, 255, 94), col('speed', 'integer', 'measure', 5, 180, 108)]);
    const mothers = table('births', 189, [col('bwt', 'integer', 'measure', 709, 4990, 131), col('ht', 'integer', 'measure', 0, 1, 2), col('age', 'integer', 'measure', 14, 45, 24)]);
    const c: PlannerContext = { vocabularies: [monsters, mothers].map((d) => buildVocabulary(d, {}, [], wordnet ? { wordnet } : {})) };
    const strong = planQuestion(c, 'the 5 most powerful pokemon', { dataset: 'pokemon' });
    expect(strong.kind === 'query' && strong.query.measures.some((m) => m.column === 'hp')).toBe(false);
    const tall = planQuestion(c, 'how tall are the mothers on average', { dataset: 'births' });
    expect(tall.kind === 'query' && tall.query.measures.some((m) => m.column === 'ht')).toBe(false);
  });
});
