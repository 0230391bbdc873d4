// A table of one row per year and kind (spending by category and year): one year named makes each
// kind one row, a value named makes each year one row, and amounts spent are summed.
import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { ANSWER_THRESHOLD } from '../../../src/nlp/confidence.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { col, table } from './catalogFixture.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;
const outlays = table('outlays', 30, [col('kind', 'text', 'dimension', null, null, 6), col('year', 'integer', 'dimension', 1970, 1995, 6), col('expenditure', 'double', 'measure', 0.3, 90, 30)]);
const ctx: PlannerContext = { vocabularies: [buildVocabulary(outlays, { kind: ['Rent', 'Food', 'Travel', 'Schooling', 'Clothes', 'Health'] }, [], { wordnet })] };
const plan = (q: string) => planQuestion(ctx, q, { dataset: 'outlays' });
const answered = (q: string) => {
  const p = plan(q);
  return p.kind === 'query' && p.confidence >= ANSWER_THRESHOLD ? p : undefined;
};

describe('a row per year and kind', () => {
  it('"which kind had the biggest expenditure in 1980" ranks the kinds of that year, answered', () => {
    const p = answered('Which kind had the biggest expenditure in 1980?');
    expect(p?.query.dimensions).toEqual(['kind']);
    expect(p?.query.limit).toBe(1);
  });
  it('stays off: across every year, ranking the kinds is still in doubt', () => {
    expect(answered('Which kind had the biggest expenditure?')).toBeUndefined();
  });
  it('"average yearly expenditure on rent" is one average, each year being one row of rent', () => {
    const p = answered('average yearly expenditure on rent');
    expect(p?.intent).toBe('aggregate');
    expect(p?.query.measures).toEqual([{ column: 'expenditure', agg: 'avg' }]);
  });
  it('stays off: "average yearly expenditure" over every kind is a series of years', () => {
    const p = plan('average yearly expenditure');
    expect(p.kind === 'query' && p.intent === 'aggregate' && p.confidence >= ANSWER_THRESHOLD).toBe(false);
  });
  it('"how much was spent on rent" sums the expenditure: spending is an amount', () => {
    const p = answered('how much was spent on rent');
    expect(p?.query.measures).toEqual([{ column: 'expenditure', agg: 'sum' }]);
  });
  it('"the grand total of all the expenditure" and "the largest single expenditure" read every word', () => {
    expect(answered("What's the grand total of all the expenditure figures?")?.query.measures).toEqual([{ column: 'expenditure', agg: 'sum' }]);
    expect(answered("What's the largest single expenditure figure?")?.query.measures).toEqual([{ column: 'expenditure', agg: 'max' }]);
  });
});
