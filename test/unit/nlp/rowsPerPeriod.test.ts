// "polls per month": the rows' own word with a period and nothing else named counts the rows per period.
import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { ANSWER_THRESHOLD } from '../../../src/nlp/confidence.js';
import { planQuestion } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { col, table } from './catalogFixture.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;
const polls = table('polls', 400, [col('startdate', 'date', 'time', null, null, 300, ['2014-01-05', '2016-06-23', 'day']), col('pollster', 'text', 'dimension', null, null, 40), col('samplesize', 'integer', 'measure', 500, 4800, 300), col('remain', 'double', 'measure', 0.3, 0.6, 30)]);
const ctx = { vocabularies: [buildVocabulary(polls, { pollster: ['ICM', 'YouGov'] }, [], { wordnet })] };
const plan = (q: string) => planQuestion(ctx, q, { dataset: 'polls' });

describe('the rows counted per period', () => {
  it('"polls per month" counts polls each month, answered', () => {
    const p = plan('polls per month');
    expect(p.kind === 'query' && p.query.measures).toEqual([{ agg: 'count' }]);
    expect(p.kind === 'query' && p.query.time?.grain).toBe('month');
    expect(p.kind === 'query' && p.confidence).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
  });
  it('stays off: "sales per month" over sales with their totals is a guess between count and sum', () => {
    const sales = table('sales', 9000, [col('sale_date', 'date', 'time', null, null, 700, ['2023-01-01', '2024-12-31', 'day']), col('store', 'text', 'dimension', null, null, 30), col('total', 'double', 'measure', 1, 900, 5000), col('items', 'integer', 'measure', 1, 20, 20)]);
    const p = planQuestion({ vocabularies: [buildVocabulary(sales, { store: ['A'] }, [], { wordnet })] }, 'sales per month', { dataset: 'sales' });
    expect(p.kind === 'query' && p.confidence >= ANSWER_THRESHOLD && p.query.measures[0]?.agg === 'count').toBe(false);
  });
  it('"journals per decade" where a title names each journal is answered', () => {
    const journals = table('journals', 180, [col('title', 'text', 'dimension', null, null, 180), col('founded', 'date', 'time', null, null, 150, ['1844-01-01', '1996-01-01', 'year']), col('price', 'double', 'measure', 20, 2500, 150), col('pages', 'integer', 'measure', 100, 3000, 150)]);
    const p = planQuestion({ vocabularies: [buildVocabulary(journals, {}, [], { wordnet })] }, 'journals per decade', { dataset: 'journals' });
    expect(p.kind === 'query' && p.query.measures).toEqual([{ agg: 'count' }]);
    expect(p.kind === 'query' && p.confidence).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
  });
  it('stays off (review): "emissions by year" in a table whose measure is named in its name asks which figure', () => {
    const co2 = table('co2_emissions', 4000, [col('country', 'text', 'dimension', null, null, 200), col('year', 'integer', 'measure', 1990, 2019, 30), col('co2', 'double', 'measure', 0, 10000, 3000)]);
    const p = planQuestion({ vocabularies: [buildVocabulary(co2, { country: ['France'] }, [], { wordnet })] }, 'emissions by year', { dataset: 'co2_emissions' });
    expect(p.kind === 'query' && p.confidence >= ANSWER_THRESHOLD && p.query.measures[0]?.agg === 'count').toBe(false);
  });
  it('"how many polls were run by ICM" counts ICM\'s polls, answered ("run" is no unknown word)', () => {
    const p = plan('how many polls were run by ICM');
    expect(p.kind === 'query' && p.query.filter).toEqual({ column: 'pollster', op: 'eq', value: 'ICM' });
    expect(p.kind === 'query' && p.confidence).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
  });
  it('stays off: "trend per month" names nothing to count and asks which measure', () => {
    expect(plan('trend per month').kind).toBe('clarify');
  });
});
