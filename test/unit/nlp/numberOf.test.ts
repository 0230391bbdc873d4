// "number of" before a column that holds a count is that column's figure, and after "by" its groups;
// two periods named as a choice ("1956 or 1958") keep the winner.
import { describe, expect, it } from 'vitest';
import { col, table } from './catalogFixture.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;

// One row per loom run: a count of breaks, a tension level, a wool type.
const looms = table('looms', 54, [col('breaks', 'integer', 'measure', 10, 70, 40), col('tension', 'text', 'dimension', null, null, 3), col('wool', 'text', 'dimension', null, null, 2)]);
const cars = table('autos', 32, [col('mpg', 'double', 'measure', 10, 34, 25), col('cylinders', 'integer', 'measure', 4, 8, 3), col('model', 'text', 'identifier', null, null, 32)]);
const yearly = table('labour', 16, [col('year', 'integer', 'dimension', 1947, 1962, 16), col('employed', 'double', 'measure', 60, 71, 16)]);
const ctx: PlannerContext = {
  vocabularies: [looms, cars, yearly].map((d) => buildVocabulary(d, d.name === 'looms' ? { tension: ['L', 'M', 'H'], wool: ['A', 'B'] } : {}, [], wordnet ? { wordnet } : {})),
};
const query = (q: string, dataset: string) => {
  const p = planQuestion(ctx, q, { dataset });
  if (p.kind === 'clarify') throw new Error(`clarified: ${p.message}`);
  return p;
};

describe.skipIf(!wordnet)('number of a counted column', () => {
  it('"the average number of breaks" averages the breaks column, not a count of rows', () => {
    const p = query("what's the average number of breaks?", 'looms');
    expect(p.query.measures).toEqual([{ column: 'breaks', agg: 'avg' }]);
  });
  it('"number of cars" still counts rows where no column holds the count', () => {
    expect(query('number of cars with 8 cylinders', 'autos').query.measures).toEqual([{ agg: 'count' }]);
  });
  it('"average mpg by number of cylinders" groups by the cylinders column', () => {
    const p = query('average mpg by number of cylinders', 'autos');
    expect(p.query.measures).toEqual([{ column: 'mpg', agg: 'avg' }]);
    expect(p.query.dimensions).toEqual(['cylinders']);
  });
});

describe.skipIf(!wordnet)('a choice of two periods', () => {
  it('"were more people employed in 1956 or in 1958?" keeps the year with more, not the span between', () => {
    const p = query('were more people employed in 1956 or in 1958?', 'labour');
    expect(p.query.filter).toMatchObject({ column: 'year', op: 'in', values: [1956, 1958] });
    expect(p.query.orderBy[0]?.direction).toBe('desc');
    expect(p.query.limit).toBe(1);
  });
  it('stays off: "average employed in 1956 or 1958" without a choice frame keeps both years', () => {
    const p = planQuestion(ctx, 'average employed in 1956 or 1958', { dataset: 'labour' });
    if (p.kind === 'query') expect(p.query.limit ?? null).not.toBe(1);
  });
});

describe.skipIf(!wordnet)('rates and ranked codes', () => {
  const arrests = table('arrests', 50, [col('state', 'text', 'identifier', null, null, 50), col('assault', 'integer', 'measure', 45, 337, 45), col('murder', 'double', 'measure', 0.8, 17.4, 43)]);
  const chicks = table('chicks', 578, [col('weight', 'integer', 'measure', 35, 373, 212), col('diet', 'integer', 'measure', 1, 4, 4), col('time', 'integer', 'measure', 0, 21, 12)]);
  const c: PlannerContext = { vocabularies: [buildVocabulary(arrests, { state: ['Maryland', 'Texas'] }, [], wordnet ? { wordnet } : {}), buildVocabulary(chicks, {}, [], wordnet ? { wordnet } : {})] };
  it('"how many assaults per 100k in Maryland" is the rate of one state, not a breakdown', () => {
    const p = planQuestion(c, 'How many assaults per 100k in Maryland?', { dataset: 'arrests' });
    expect(p.kind).toBe('query');
    if (p.kind === 'query') {
      expect(p.query.dimensions).toEqual([]);
      expect(p.query.filter).toMatchObject({ column: 'state', value: 'Maryland' });
    }
  });
  it('"murder per 100,000 people by state" groups by state and ignores no word', () => {
    const p = planQuestion(c, 'average murder per 100,000 people by state', { dataset: 'arrests' });
    expect(p.kind).toBe('query');
    if (p.kind === 'query') expect(p.query.dimensions).toEqual(['state']);
  });
  it('"top 2 diets by average weight" ranks the diet codes', () => {
    const p = planQuestion(c, 'Top 2 diets by average weight', { dataset: 'chicks' });
    expect(p.kind).toBe('query');
    if (p.kind === 'query') {
      expect(p.query.dimensions).toEqual(['diet']);
      expect(p.query.measures).toEqual([{ column: 'weight', agg: 'avg' }]);
      expect(p.query.limit).toBe(2);
    }
  });
  it('"how many states are below 14%" compares the one column of fractions at 0.14', () => {
    const obesity = table('obesity', 51, [col('id', 'integer', 'identifier', 1, 56, 51), col('rate', 'double', 'measure', 0.09, 0.17, 40), col('state', 'text', 'identifier', null, null, 51)]);
    const p = planQuestion({ vocabularies: [buildVocabulary(obesity, {}, [], wordnet ? { wordnet } : {})] }, 'How many states are below 14%?', { dataset: 'obesity' });
    expect(p.kind).toBe('query');
    if (p.kind === 'query') expect(p.query.filter).toMatchObject({ column: 'rate', op: 'lt', value: 0.14 });
  });
  it('stays off: "which store had the most sales in 2019 or 2020" still ranks stores', () => {
    const sales = table('sales', 5000, [col('year', 'integer', 'dimension', 2018, 2021, 4), col('store', 'text', 'dimension', null, null, 12), col('amount', 'double', 'measure', 1, 900, 4000)]);
    const p = planQuestion({ vocabularies: [buildVocabulary(sales, { store: ['Main St', 'Harbor'] }, [], wordnet ? { wordnet } : {})] }, 'which store had the most sales in 2019 or 2020', { dataset: 'sales' });
    if (p.kind === 'query') expect(p.query.dimensions[0]).toBe('store');
  });
});
