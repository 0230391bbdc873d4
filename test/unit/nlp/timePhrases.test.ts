import { describe, expect, it } from 'vitest';
import { parseTimePhrases, type TimeContext } from '../../../src/nlp/timePhrases.js';
import { tokenize } from '../../../src/nlp/tokenize.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
// A dataset of 2012–2015: "last year" is 2014.
const data: TimeContext = { anchor: 'data', latest: '2015-12-31' };
const parse = (q: string, ctx = data) => parseTimePhrases(tokenize(q).tokens, ctx);

describe('time phrases', () => {
  it.each([
    ['in 2014', '2014-01-01', '2015-01-01'],
    ['last year', '2014-01-01', '2015-01-01'],
    ['last quarter', '2015-07-01', '2015-10-01'],
    ['last month', '2015-11-01', '2015-12-01'],
    ['last week', '2015-12-21', '2015-12-28'],
    ['yesterday', '2015-12-30', '2015-12-31'],
    ['this year', '2015-01-01', '2016-01-01'],
    ['between March and June 2012', '2012-03-01', '2012-07-01'],
    ['between November and February 2013', '2012-11-01', '2013-03-01'],
    ['from 2012 to 2014', '2012-01-01', '2015-01-01'],
    ['the past 3 months', '2015-10-01', '2016-01-01'],
    ['Q3 2019', '2019-07-01', '2019-10-01'],
    ['the third quarter of 2014', '2014-07-01', '2014-10-01'],
    ['in March 2005', '2005-03-01', '2005-04-01'],
    ['in march', '2015-03-01', '2015-04-01'],
    ['on march 5, 2014', '2014-03-05', '2014-03-06'],
    ['2014-03-05', '2014-03-05', '2014-03-06'],
    ['3 months ago', '2015-09-01', '2015-10-01'],
  ])('%s → [%s, %s)', (q, from, to) => {
    expect(parse(q).range).toEqual({ from, to });
  });
  it('reads open ranges', () => {
    expect(parse('since 2005').range).toEqual({ from: '2005-01-01' });
    expect(parse('after 2005').range).toEqual({ from: '2006-01-01' });
    expect(parse('before 2015').range).toEqual({ to: '2015-01-01' });
    expect(parse('until 2014').range).toEqual({ to: '2015-01-01' });
  });
  it('reads grains, comparisons and forecast horizons', () => {
    expect(parse('by month').grain).toBe('month');
    expect(parse('weekly totals').grain).toBe('week');
    expect(parse('per year').grain).toBe('year');
    expect(parse('precipitation year over year').compare).toBe('same_period_last_year');
    expect(parse('month over month').compare).toBe('previous_period');
    const vs = parse('in 2014 compared to 2013');
    expect(vs).toMatchObject({ range: { from: '2014-01-01', to: '2015-01-01' }, otherRange: { from: '2013-01-01', to: '2014-01-01' }, compare: 'previous_period' });
    expect(parse('2013 vs 2014').range).toEqual({ from: '2014-01-01', to: '2015-01-01' });
    expect(parse('compared to last year').compare).toBe('same_period_last_year');
    expect(parse('next 6 months').horizon).toEqual({ count: 6, unit: 'month' });
  });
  it('leaves quantities and the verb "may" alone', () => {
    expect(parse('more than 2000 votes').range).toBeUndefined();
    expect(parse('may i see the rain').range).toBeUndefined();
  });
  it('anchors on an injected clock when asked to', () => {
    const now: TimeContext = { anchor: 'now', latest: '2015-12-31', now: () => new Date('2024-05-10T12:00:00Z') };
    expect(parse('last year', now).range).toEqual({ from: '2023-01-01', to: '2024-01-01' });
    expect(parse('yesterday', now).range).toEqual({ from: '2024-05-09', to: '2024-05-10' });
  });
  it('marks the tokens it used so they are not linked as entities', () => {
    const r = parse('total rain in march 2014');
    expect([...r.consumed].sort()).toEqual([2, 3, 4]);
  });
});
