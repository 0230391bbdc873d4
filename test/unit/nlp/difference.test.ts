// A single difference figure: readings that fire (two periods, two ends of a span, two values of a
// column) with their sign, and look-alikes that must stay off.
import { describe, expect, it } from 'vitest';
import { planQuestion, type PlannerContext, type QueryPlan } from '../../../src/nlp/plan.js';
import { ANSWER_THRESHOLD } from '../../../src/nlp/confidence.js';
import { answerText } from '../../../src/nlp/answer/text.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { col, table } from './catalogFixture.js';

process.env.DOTENV_CONFIG_QUIET = 'true';

/** Made-up tables: monthly output on a date axis; a census with an integer year column; one with a column named "difference". */
const output = table('output', 400, [
  col('period', 'date', 'time', null, null, 400, ['1990-01-01', '2020-12-01', 'month']),
  col('energy', 'double', 'measure', 0, 5000, 380),
  col('kind', 'text', 'dimension', null, null, 4),
  col('region', 'text', 'dimension', null, null, 3),
]);
const census = table('census', 300, [col('year', 'integer', 'dimension', 1850, 2000, 15), col('people', 'integer', 'measure', 0, 9e6, 290), col('continent', 'text', 'dimension', null, null, 5)]);
const scores = table('scores', 200, [col('team', 'text', 'dimension', null, null, 20), col('difference', 'integer', 'measure', -30, 30, 50), col('points', 'integer', 'measure', 0, 100, 90)]);
const values = { kind: ['coal', 'wind', 'solar', 'gas'], region: ['north', 'south', 'east'], continent: ['europe', 'asia', 'africa', 'oceania', 'america'], team: ['lions', 'tigers'] };
const wordnet = (await loadWordNet()) ?? undefined;
const ctx: PlannerContext = { vocabularies: [output, census, scores].map((ds) => buildVocabulary(ds, values, [], wordnet ? { wordnet } : {})) };
const plan = (q: string, dataset: string) => planQuestion(ctx, q, { dataset });
const query = (q: string, dataset: string) => {
  const p = plan(q, dataset);
  expect(p.kind, JSON.stringify(p)).toBe('query');
  return p as QueryPlan;
};

describe.skipIf(!wordnet)('a difference figure', () => {
  it('"how much more X in A than in B" on a date axis: A − B as ranges, answered with confidence', () => {
    const p = query('how much more energy in 2017 than in 2001', 'output');
    expect(p.query.contrast).toEqual({ column: 'period', a: { range: { from: '2017-01-01', to: '2018-01-01' }, label: '2017' }, b: { range: { from: '2001-01-01', to: '2002-01-01' }, label: '2001' } });
    expect(p.query.time?.grain).toBeUndefined();
    expect(p.query.dimensions).toEqual([]);
    expect(p.confidence).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
    expect(p.notes.join(' ')).not.toContain('a difference was asked for');
  });

  it('the side after "than" is subtracted whatever the chronology; "less" asks for the shortfall', () => {
    expect(query('how much more energy in 2001 than in 2017', 'output').query.contrast?.a.label).toBe('2001');
    const less = query('how much less energy in 2001 than in 2017', 'output').query.contrast!;
    expect([less.a.label, less.b.label]).toEqual(['2017', '2001']);
  });

  it('an integer year column: the sides are its values', () => {
    const p = query('how many more people were there in 2000 than in 1900', 'census');
    expect(p.query.contrast).toEqual({ column: 'year', a: { value: 2000, label: '2000' }, b: { value: 1900, label: '1900' } });
    expect(p.query.measures).toEqual([{ column: 'people', agg: 'sum' }]);
  });

  it('a change between two ends of a span is later − earlier, in years or in the months named', () => {
    const grow = query('how much did energy grow between 1995 and 2005', 'output').query.contrast!;
    expect([grow.a.label, grow.b.label]).toEqual(['2005', '1995']);
    const drop = query('how much did energy drop from 2010 to 2012', 'output').query.contrast!;
    expect([drop.a.label, drop.b.label]).toEqual(['2012', '2010']);
    const months = query('what was the percent change in energy from January 2008 to February 2009', 'output').query.contrast!;
    expect(months.a.range).toEqual({ from: '2009-02-01', to: '2009-03-01' });
    expect(months.b.range).toEqual({ from: '2008-01-01', to: '2008-02-01' });
    expect(query('how much did people grow between 1900 and 1950', 'census').query.contrast).toMatchObject({ column: 'year', a: { value: 1950 }, b: { value: 1900 } });
  });

  it('two values of one column, in the order said; grouping after "by" stays', () => {
    const p = query('how much more energy in the north than in the south', 'output');
    expect(p.query.contrast).toMatchObject({ column: 'region', a: { value: 'north' }, b: { value: 'south' } });
    expect(p.confidence).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
    expect(query('what is the difference in energy between coal and wind', 'output').query.contrast).toMatchObject({ column: 'kind', a: { value: 'coal' }, b: { value: 'wind' } });
    const by = query('how much more energy by region in 2017 than in 2001', 'output');
    expect(by.query.dimensions).toEqual(['region']);
    expect(by.query.contrast?.column).toBe('period');
  });

  it('the answer sentence shows both figures and the difference', () => {
    const p = query('how much more energy in 2017 than in 2001', 'output');
    const text = answerText(p, { columns: ['sum_energy_a', 'sum_energy_b', 'sum_energy_difference', 'sum_energy_pct_change'], rows: [{ sum_energy_a: 1200, sum_energy_b: 900, sum_energy_difference: 300, sum_energy_pct_change: 33.333 }] }, output);
    expect(text).toBe('Total energy: 2017 1,200, 2001 900; 2017 − 2001 = +300 (+33.3%).');
  });
});

describe.skipIf(!wordnet)('a difference: look-alikes that stay off', () => {
  it('"more than 100" is a row filter, not a difference', () => {
    const p = query('how many rows have more than 100 energy', 'output');
    expect(p.query.contrast).toBeUndefined();
    expect(p.query.filter).toEqual({ column: 'energy', op: 'gt', value: 100 });
  });

  it('"how did X change from A to B" asks for the series, and "grow" with no two ends for a figure', () => {
    expect(query('how did energy change from 2008 to 2009', 'output').query.contrast).toBeUndefined();
    expect(query('how much did energy grow', 'output').query.contrast).toBeUndefined();
  });

  it('two periods side by side without difference wording keep a row each', () => {
    const p = query('energy in 2017 vs 2001', 'output');
    expect(p.query.contrast).toBeUndefined();
    expect(p.query.time?.grain).toBe('year');
  });

  it('"difference" as a column name is that column', () => {
    const p = query('average difference for the lions', 'scores');
    expect(p.query.contrast).toBeUndefined();
    expect(p.query.measures).toEqual([{ column: 'difference', agg: 'avg' }]);
  });

  it('"the gap between the highest and lowest" has no two sides: no contrast, still in doubt', () => {
    const p = plan('what is the gap between the highest and lowest energy', 'output');
    expect(p.kind === 'clarify' || p.confidence < ANSWER_THRESHOLD).toBe(true);
    expect(p.kind === 'query' ? p.query.contrast : undefined).toBeUndefined();
  });

  it('"how much energy fell between March and June 2012" is the amount over the span, not a change', () => {
    const p = query('how much energy fell between March and June 2012', 'output');
    expect(p.query.contrast).toBeUndefined();
    expect(p.query.time?.range).toEqual({ from: '2012-03-01', to: '2012-07-01' });
    const change = query('how much did energy fall between March and June 2012', 'output');
    expect(change.query.contrast).toBeDefined();
  });
});
