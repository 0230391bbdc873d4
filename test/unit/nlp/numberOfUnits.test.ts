// "3 weeks of exposure" filters the column after the unit; "no deaths" is a count that is zero.
import { describe, expect, it } from 'vitest';
import { col, table } from './catalogFixture.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';

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
