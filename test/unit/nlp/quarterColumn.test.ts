// A table of years with a quarter column and no dates: quarters said filter or group that column.
import { describe, expect, it } from 'vitest';
import { col, table } from './catalogFixture.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';

const polls = table('polls', 120, [col('year', 'integer', 'dimension', 1945, 1974, 30), col('quarter', 'integer', 'dimension', 1, 4, 4), col('approval', 'integer', 'measure', 23, 87, 50)]);
const ctx: PlannerContext = { vocabularies: [buildVocabulary(polls, {}, [])] };
const plan = (q: string) => planQuestion(ctx, q, { dataset: 'polls' });

describe('a quarter column beside a year column', () => {
  it('"in the second quarter of 1950" is quarter 2 of 1950', () => {
    const p = plan('What was the average approval in the second quarter of 1950?');
    expect(p.kind === 'query' && p.query.filter).toEqual({ and: [{ column: 'quarter', op: 'eq', value: 2 }, { column: 'year', op: 'eq', value: 1950 }] });
    expect(p.kind === 'query' && p.query.time).toBeFalsy();
  });
  it('"in the first quarter" with no year is the first quarter of every year', () => {
    const p = plan('average approval in the first quarter');
    expect(p.kind === 'query' && p.query.filter).toEqual({ column: 'quarter', op: 'eq', value: 1 });
  });
  it('"by quarter of the year" groups by the quarter column, with no doubt about the year word', () => {
    const p = plan('Average approval by quarter of the year');
    expect(p.kind === 'query' && p.query.dimensions).toEqual(['quarter']);
    expect(p.kind === 'query' && p.confidence).toBeGreaterThanOrEqual(0.7);
  });
  it('"in the fourth quarter of each year" is that quarter year by year', () => {
    const p = plan('approval in the fourth quarter of each year');
    expect(p.kind === 'query' && p.query.dimensions).toEqual(['year']);
    expect(p.kind === 'query' && p.query.filter).toEqual({ column: 'quarter', op: 'eq', value: 4 });
  });
  it('"first-quarter approval by year" and "… over the years" keep the years apart', () => {
    for (const q of ['first quarter approval by year', 'How has first-quarter approval changed over the years?']) {
      const p = plan(q);
      expect(p.kind === 'query' && p.query.dimensions, q).toEqual(['year']);
      expect(p.kind === 'query' && p.query.filter, q).toEqual({ column: 'quarter', op: 'eq', value: 1 });
    }
    const p = plan('How has first-quarter approval changed over the years?');
    expect(p.kind === 'query' && p.query.orderBy).toEqual([{ field: 'year', direction: 'asc' }]);
  });
  it('stays off: two years named with "by quarter" are not read as one of them', () => {
    const p = plan('Show approval quarter by quarter for 1973 and 1974');
    expect(p.kind === 'query' ? JSON.stringify(p.query.filter ?? null) : '').not.toContain('"value":1974}');
  });
  it('stays off: a column called quarter that holds more than 4 values is no quarter number', () => {
    const other = table('other', 100, [col('year', 'integer', 'dimension', 1990, 2000, 11), col('quarter', 'integer', 'dimension', 1, 40, 40), col('sales', 'integer', 'measure', 1, 900, 90)]);
    const c: PlannerContext = { vocabularies: [buildVocabulary(other, {}, [])] };
    const p = planQuestion(c, 'average sales in the second quarter of 1995', { dataset: 'other' });
    expect(JSON.stringify(p.kind === 'query' ? p.query.filter ?? null : null)).not.toContain('"quarter","op":"eq","value":2');
  });
});
