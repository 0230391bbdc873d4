// A table of people's records known by a treatment or an age column: words for people name its rows,
// a bare number after them is an age, and "this trial" is the data itself.
import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { ANSWER_THRESHOLD } from '../../../src/nlp/confidence.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { col, table } from './catalogFixture.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;
const clinic = table('clinic', 140, [col('days', 'integer', 'measure', 1, 999, 100), col('arm', 'text', 'dimension', null, null, 2), col('age', 'integer', 'measure', 34, 81, 40), col('score', 'integer', 'measure', 10, 99, 12), col('kind', 'text', 'dimension', null, null, 4)]);
const ctx: PlannerContext = { vocabularies: [buildVocabulary(clinic, { arm: ['placebo', 'drug'], kind: ['alpha', 'beta', 'gamma', 'delta'] }, [], { wordnet })] };
const plan = (q: string) => planQuestion(ctx, q, { dataset: 'clinic' });
const answered = (q: string) => {
  const p = plan(q);
  return p.kind === 'query' && p.confidence >= ANSWER_THRESHOLD ? p : undefined;
};

describe('rows of people', () => {
  it('"how many patients are in this trial" counts the rows', () => {
    expect(answered('How many patients are in this trial?')?.query.measures).toEqual([{ agg: 'count' }]);
  });
  it('"how many patients were over 65" compares their age', () => {
    const p = answered('How many patients were over 65?');
    expect(p?.query.filter).toEqual({ column: 'age', op: 'gt', value: 65 });
  });
  it('"the average age of the beta patients" filters the value and averages age', () => {
    const p = answered('average age of the beta patients');
    expect(p?.query.measures).toEqual([{ column: 'age', agg: 'avg' }]);
    expect(p?.query.filter).toEqual({ column: 'kind', op: 'eq', value: 'beta' });
  });
  it('stays off: a firm\'s yearly figures with the firm\'s age are no people', () => {
    const firms = table('firms', 200, [col('firm', 'text', 'dimension', null, null, 20), col('year', 'integer', 'dimension', 2000, 2009, 10), col('age', 'integer', 'measure', 1, 90, 60), col('revenue', 'double', 'measure', 1, 900, 190)]);
    const c: PlannerContext = { vocabularies: [buildVocabulary(firms, { firm: ['Acme', 'Globex'] }, [], { wordnet })] };
    const p = planQuestion(c, 'How many employees did Acme have in 2005?', { dataset: 'firms' });
    expect(p.kind === 'query' && p.confidence >= ANSWER_THRESHOLD).toBe(false);
  });
  it('stays off: a number after a word for things is no age', () => {
    const p = plan('How many kinds were over 65?');
    expect(JSON.stringify(p.kind === 'query' && p.query.filter)).not.toContain('"age"');
  });
});

describe('a misspelt word for the rows', () => {
  it('"averge age for patiants on the drug arm" reads patients as the rows', () => {
    const p = answered('averge age for patiants on the drug arm');
    expect(p?.query.measures).toEqual([{ column: 'age', agg: 'avg' }]);
    expect(p?.query.filter).toEqual({ column: 'arm', op: 'eq', value: 'drug' });
  });
  it('stays off: a misspelt word that is no word for people is still unknown', () => {
    expect(plan('averge age for platypusses on the drug arm').kind).toBe('clarify');
  });
});
