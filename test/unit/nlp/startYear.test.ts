// A column of the year each row began ("foundingyear"): years said of the rows filter it where the
// table has no other time, and the oldest row began first.
import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { ANSWER_THRESHOLD } from '../../../src/nlp/confidence.js';
import { planQuestion } from '../../../src/nlp/plan.js';
import { yearColumn } from '../../../src/nlp/timeAxis.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { col, table } from './catalogFixture.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;
const journals = table('journals', 180, [col('title', 'text', 'dimension', null, null, 180), col('price', 'double', 'measure', 20, 2500, 150), col('pages', 'integer', 'measure', 100, 3000, 150), col('foundingyear', 'integer', 'measure', 1844, 1996, 80)]);
const ctx = { vocabularies: [buildVocabulary(journals, {}, [], { wordnet })] };
const plan = (q: string) => planQuestion(ctx, q, { dataset: 'journals' });

describe('the year each row began', () => {
  it('"how many journals were founded before 1950" counts those with a founding year before 1950', () => {
    const p = plan('how many journals were founded before 1950');
    expect(p.kind === 'query' && p.query.measures).toEqual([{ agg: 'count' }]);
    expect(p.kind === 'query' && p.query.filter).toEqual({ column: 'foundingyear', op: 'lt', value: 1950 });
    expect(p.kind === 'query' && p.confidence).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
  });
  it('"the oldest journal" is the one with the lowest founding year', () => {
    const p = plan("what's the oldest journal");
    expect(p.kind === 'query' && p.query.orderBy[0]?.direction).toBe('asc');
    expect(p.kind === 'query' && p.query.measures[0]?.column).toBe('foundingyear');
    expect(p.kind === 'query' && p.query.limit).toBe(1);
  });
  it('stays off: a column named year alone is the time axis before a run-together one', () => {
    const both = table('firms', 50, [col('yearbuilt', 'integer', 'measure', 1900, 2000, 40), col('year', 'integer', 'measure', 2001, 2010, 10)]);
    expect(yearColumn(both)?.name).toBe('year');
  });
  it('stays off: "yearly" or a count of years is no year column', () => {
    const t = table('staff', 50, [col('yearly', 'integer', 'measure', 1, 40, 30), col('yearsexp', 'integer', 'measure', 0, 40, 30)]);
    expect(yearColumn(t)).toBeUndefined();
  });
});

describe('a year of beginning that is not the time asked about (review)', () => {
  it('stays off: "salary by year" over a birth year is in doubt', () => {
    const staff = table('employees', 400, [col('name', 'text', 'dimension', null, null, 400), col('department', 'text', 'dimension', null, null, 8), col('birthyear', 'integer', 'measure', 1950, 2002, 50), col('salary', 'double', 'measure', 20000, 250000, 380)]);
    const p = planQuestion({ vocabularies: [buildVocabulary(staff, { department: ['Sales', 'IT'] }, [], { wordnet })] }, 'salary by year', { dataset: 'employees' });
    expect(p.kind === 'query' && p.confidence >= ANSWER_THRESHOLD).toBe(false);
  });
  it('stays off: two run-together years (built, sold) give the table no year axis', () => {
    const houses = table('houses', 1460, [col('neighborhood', 'text', 'dimension', null, null, 25), col('yearbuilt', 'integer', 'measure', 1872, 2010, 112), col('yrsold', 'integer', 'measure', 2006, 2010, 5), col('saleprice', 'integer', 'measure', 34900, 755000, 663)]);
    expect(yearColumn(houses)).toBeUndefined();
  });
});
