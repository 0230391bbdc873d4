// "3 weeks of exposure" filters the column after the unit; "no deaths" is a count that is zero.
import { describe, expect, it } from 'vitest';
import { col, table } from './catalogFixture.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;

const trials = table('trials', 96, [col('species', 'text', 'dimension', null, null, 2), col('exposure', 'integer', 'measure', 1, 4, 4), col('deaths', 'integer', 'measure', 0, 20, 15), col('dose', 'double', 'measure', 2, 9, 20)]);
const ctx: PlannerContext = { vocabularies: [buildVocabulary(trials, { species: ['A', 'B'] }, [])] };
const plan = (q: string) => planQuestion(ctx, q, { dataset: 'trials' });

describe('a number, its unit, then its column', () => {
  it('"total deaths after 3 weeks of exposure" filters exposure = 3', () => {
    const p = plan('total deaths after 3 weeks of exposure');
    expect(p.kind === 'query' && p.query.filter).toEqual({ column: 'exposure', op: 'eq', value: 3 });
    expect(p.kind === 'query' && p.query.measures).toEqual([{ column: 'deaths', agg: 'sum' }]);
  });
  it('stays off: a number that does not fit the column is not its filter', () => {
    const p = plan('total deaths after 30 weeks of exposure');
    expect(p.kind === 'query' ? JSON.stringify(p.query.filter ?? null) : '').not.toContain('"exposure","op":"eq","value":30');
  });
});

describe('"no X" on a count that can be zero', () => {
  it('"how many groups had no deaths at all" counts the rows with deaths = 0', () => {
    const p = plan('How many groups had no deaths at all?');
    expect(p.kind === 'query' && p.query.filter).toEqual({ column: 'deaths', op: 'eq', value: 0 });
    expect(p.kind === 'query' && p.query.measures).toEqual([{ agg: 'count' }]);
  });
  it('stays off: a column that is never zero is no "no X" filter', () => {
    const p = plan('How many groups had no dose?');
    expect(p.kind === 'query' ? JSON.stringify(p.query.filter ?? null) : '').not.toContain('"value":0');
  });
});

describe.skipIf(!wordnet)('"the average monthly X" over monthly rows', () => {
  const lung = table('lungdeaths', 72, [col('month', 'date', 'time', null, null, 72, ['1974-01-01', '1979-12-01', 'month']), col('male', 'integer', 'measure', 1000, 2955, 70), col('female', 'integer', 'measure', 300, 1000, 70)]);
  const c: PlannerContext = { vocabularies: [buildVocabulary(lung, {}, [], wordnet ? { wordnet } : {})] };
  it('is one average over the months, not a series of them', () => {
    const p = planQuestion(c, 'What was the average monthly number of female deaths in 1974?', { dataset: 'lungdeaths' });
    expect(p.kind === 'query' && p.query.measures).toEqual([{ column: 'female', agg: 'avg' }]);
    expect(p.kind === 'query' && p.query.time?.grain).toBeUndefined();
    expect(p.kind === 'query' && p.notes.join(' ')).toContain("read 'monthly' as the unit of the figure");
  });
  it('stays off: "average daily" over monthly rows is not read as the rows', () => {
    const p = planQuestion(c, 'average daily female in 1974', { dataset: 'lungdeaths' });
    expect(p.kind === 'query' ? p.notes.join(' ') : '').not.toContain('as the unit of the figure');
  });
});

describe.skipIf(!wordnet)('"the lowest monthly X", and a row per year and quarter', () => {
  const lung = table('lungdeaths', 72, [col('month', 'date', 'time', null, null, 72, ['1974-01-01', '1979-12-01', 'month']), col('male', 'integer', 'measure', 1000, 2955, 70)]);
  const gas = table('gasuse', 108, [col('year', 'integer', 'dimension', 1960, 1986, 27), col('quarter', 'integer', 'dimension', 1, 4, 4), col('use', 'double', 'measure', 80, 1200, 100)]);
  const c: PlannerContext = { vocabularies: [buildVocabulary(lung, {}, [], { wordnet }), buildVocabulary(gas, {}, [], { wordnet })] };
  it('"the lowest monthly male deaths" over monthly rows is the lowest row, one figure', () => {
    const p = planQuestion(c, "What's the lowest monthly male deaths in the data?", { dataset: 'lungdeaths' });
    expect(p.kind === 'query' && p.query.measures).toEqual([{ column: 'male', agg: 'min' }]);
    expect(p.kind === 'query' && p.query.time?.grain).toBeUndefined();
  });
  it('"how many monthly readings are there" over monthly rows counts them all, no series', () => {
    const p = planQuestion(c, 'How many monthly readings are there?', { dataset: 'lungdeaths' });
    expect(p.kind === 'query' && p.query.measures).toEqual([{ agg: 'count' }]);
    expect(p.kind === 'query' && p.query.time?.grain).toBeUndefined();
  });
  it('"the average quarterly use" over a row per year and quarter is one average, not by quarter', () => {
    const p = planQuestion(c, "What's the average quarterly use?", { dataset: 'gasuse' });
    expect(p.kind === 'query' && p.query.dimensions).toEqual([]);
    expect(p.kind === 'query' && p.query.measures).toEqual([{ column: 'use', agg: 'avg' }]);
  });
  it('stays off: "which year had the highest quarterly use" ranks years, not read as one row per quarter', () => {
    const p = planQuestion(c, 'which year had the highest quarterly use', { dataset: 'gasuse' });
    expect(p.kind === 'query' ? p.notes.join(' ') : '').not.toContain('the unit of the figure');
  });
  it('stays off: "average use by quarter" still compares the quarters', () => {
    const p = planQuestion(c, 'average use by quarter', { dataset: 'gasuse' });
    expect(p.kind === 'query' && p.query.dimensions).toEqual(['quarter']);
  });
  it('"the average yearly use in the 1960s" answered as a series of years is in doubt', () => {
    const p = planQuestion(c, 'What was the average yearly use in the 1960s?', { dataset: 'gasuse' });
    expect(p.kind === 'query' && p.query.dimensions.includes('year') && p.confidence >= 0.7).toBe(false);
  });
});

describe.skipIf(!wordnet)('"how many <things> had <figure> over N" counts the things', () => {
  const lung = table('lungdeaths', 72, [col('month', 'date', 'time', null, null, 72, ['1974-01-01', '1979-12-01', 'month']), col('total', 'integer', 'measure', 1300, 3900, 70), col('female', 'integer', 'measure', 300, 1000, 70)]);
  const c: PlannerContext = { vocabularies: [buildVocabulary(lung, {}, [], wordnet ? { wordnet } : {})] };
  it('"how many months had more than 3000 deaths in total" counts the months', () => {
    const p = planQuestion(c, 'How many months had more than 3000 deaths in total?', { dataset: 'lungdeaths' });
    expect(p.kind === 'query' && p.query.measures).toEqual([{ agg: 'count' }]);
    expect(p.kind === 'query' && p.query.filter).toEqual({ column: 'total', op: 'gt', value: 3000 });
  });
  it('stays off: "how many female deaths in months with total above 3000" sums the figure asked', () => {
    const p = planQuestion(c, 'how many female deaths in months with total above 3000', { dataset: 'lungdeaths' });
    expect(p.kind === 'query' && p.query.measures).toEqual([{ column: 'female', agg: 'sum' }]);
  });
});

describe('"average annual X" where a year holds many rows', () => {
  const power = table('power', 51, [col('year', 'date', 'time', null, null, 17, ['2001-01-01', '2017-01-01', 'year']), col('source', 'text', 'dimension', null, null, 3), col('generation', 'double', 'measure', 1000, 40000, 51)]);
  const c: PlannerContext = { vocabularies: [buildVocabulary(power, { source: ['Fossil Fuels', 'Nuclear Energy', 'Renewables'] }, [])] };
  it('is answered as a series by year only with a doubt below the threshold', () => {
    const p = planQuestion(c, 'average annual generation', { dataset: 'power' });
    expect(p.kind === 'query' && p.query.time?.grain).toBe('year');
    expect(p.kind === 'query' && p.confidence).toBeLessThan(0.7);
  });
});

describe('stays off: "no X" said of groups that each hold many rows', () => {
  // Daily rows per region and store: a region with "no sales" has a total of zero, not one day at zero.
  const shop = table('shop', 3650, [col('day', 'date', 'time', null, null, 1825, ['2019-01-01', '2023-12-31', 'day']), col('region', 'text', 'dimension', null, null, 4), col('store', 'text', 'dimension', null, null, 20), col('units', 'integer', 'measure', 0, 500, 400)]);
  const c: PlannerContext = { vocabularies: [buildVocabulary(shop, { region: ['north', 'south', 'east', 'west'] }, [])] };
  it('"which regions had no units in 2020" and "how many stores had no units" are not answered with confidence from single rows', () => {
    for (const q of ['which regions had no units in 2020', 'how many stores had no units']) {
      const p = planQuestion(c, q, { dataset: 'shop' });
      expect(p.kind === 'query' && p.confidence >= 0.7 && JSON.stringify(p.query.filter ?? null).includes('"value":0'), q).toBe(false);
    }
  });
});
