// "the last 3 years", "the past two quarters", "the last decade": the trailing N units up to the
// data's last date (its last day included), on a date column, and whole years on an integer year column.
import { describe, expect, it } from 'vitest';
import { col, table } from './catalogFixture.js';
import { planQuestion, type Plan, type PlannerContext } from '../../../src/nlp/plan.js';
import { parseTimePhrases } from '../../../src/nlp/timePhrases.js';
import { tokenize } from '../../../src/nlp/tokenize.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';

process.env.DOTENV_CONFIG_QUIET = 'true';

// Monthly rows to December 1960 (the last row is dated 1960-12-01); yearly rows 1950–2000.
const monthly = table('travel', 144, [col('month', 'date', 'time', null, null, 144, ['1949-01-01', '1960-12-01', 'month']), col('passengers', 'integer', 'measure', 104, 622, 118)]);
const yearly = table('crops', 51, [col('year', 'integer', 'dimension', 1950, 2000, 51), col('harvest', 'double', 'measure', 10, 500, 51)]);
const ctx: PlannerContext = { vocabularies: [buildVocabulary(monthly, {}), buildVocabulary(yearly, {})] };

function ask(q: string, dataset: string): Plan {
  return planQuestion(ctx, q, { dataset });
}
const rangeOf = (p: Plan) => (p.kind === 'clarify' ? `clarify: ${p.message}` : p.query.time?.range);
const filterOf = (p: Plan) => (p.kind === 'clarify' ? `clarify: ${p.message}` : p.query.filter);

describe('relative periods on a date column, trailing from its last date', () => {
  // The last row is dated 1960-12-01: the 3 years up to it start after 1957-12-01, so they hold the
  // 36 monthly rows January 1958 … December 1960.
  it.each([
    ['total passengers in the last 3 years', '1957-12-02', '1960-12-02'],
    ['total passengers over the past 10 years', '1950-12-02', '1960-12-02'],
    // The last decade is the last 10 years by the same rule, not the calendar decade (the 1950s).
    ['total passengers in the last decade', '1950-12-02', '1960-12-02'],
    ['total passengers over the last 2 decades', '1940-12-02', '1960-12-02'],
    ['total passengers last 6 months', '1960-06-02', '1960-12-02'],
    ['total passengers the past two quarters', '1960-06-02', '1960-12-02'],
    ['total passengers in the last 12 months', '1959-12-02', '1960-12-02'],
  ])('%s → [%s, %s)', (q, from, to) => {
    expect(rangeOf(ask(q, 'travel'))).toEqual({ from, to });
  });

  it('restates the years it reads', () => {
    const p = ask('total passengers in the last 3 years', 'travel');
    expect(p.kind !== 'clarify' && p.restatement).toBe('total passengers from 1957-12-02 to 1960-12-01');
    const series = ask('passengers per year over the last decade', 'travel');
    expect(series.kind !== 'clarify' && series.query.time).toEqual({ grain: 'year', range: { from: '1950-12-02', to: '1960-12-02' } });
  });

  it('weeks and days trail from the last date, which is included', () => {
    const data = { anchor: 'data', latest: '2015-12-31' } as const;
    const parse = (q: string) => parseTimePhrases(tokenize(q).tokens, data).range;
    expect(parse('the last 2 weeks')).toEqual({ from: '2015-12-18', to: '2016-01-01' });
    expect(parse('the last 3 days')).toEqual({ from: '2015-12-29', to: '2016-01-01' });
    expect(parse('the past 3 months')).toEqual({ from: '2015-10-01', to: '2016-01-01' });
  });
});

describe('relative periods on an integer year column, from its last year', () => {
  it.each([
    ['total harvest in the last 3 years', [1998, 2000]],
    ['total harvest over the past 10 years', [1991, 2000]],
    ['total harvest in the last decade', [1991, 2000]],
  ])('%s → year between %s', (q, years) => {
    expect(filterOf(ask(q, 'crops'))).toEqual({ column: 'year', op: 'between', values: years });
  });

  it('"last year" is the year before the last one, as on a date column (it counted from 1970 before)', () => {
    expect(filterOf(ask("last year's total harvest", 'crops'))).toEqual({ column: 'year', op: 'eq', value: 1999 });
  });

  it('stays off: parts of a year cannot be filtered on years, and still ask which year', () => {
    for (const q of ['total harvest last 6 months', 'total harvest the past two quarters']) {
      expect(ask(q, 'crops').kind, q).toBe('clarify');
    }
  });
});

describe('stays off: "last" without a count keeps its meaning', () => {
  it('"last year", "last year\'s total" and "last month" are the whole unit before the last one', () => {
    expect(rangeOf(ask('total passengers last year', 'travel'))).toEqual({ from: '1959-01-01', to: '1960-01-01' });
    expect(rangeOf(ask("last year's total passengers", 'travel'))).toEqual({ from: '1959-01-01', to: '1960-01-01' });
    expect(rangeOf(ask('total passengers last month', 'travel'))).toEqual({ from: '1960-11-01', to: '1960-12-01' });
  });

  it('"the past year" is still the year of days up to the last date', () => {
    expect(rangeOf(ask('total passengers in the past year', 'travel'))).toEqual({ from: '1959-12-02', to: '1960-12-02' });
  });

  it('"the last value" is no period, and "the previous decade" is not read as the last ten years', () => {
    const value = ask('the last value of passengers', 'travel');
    expect(value.kind).toBe('query');
    if (value.kind === 'query') {
      expect(value.query.time?.range).toBeUndefined();
      expect(value.notes).toContain("ignored 'last'");
    }
    expect(ask('total passengers in the previous decade', 'travel').kind).toBe('clarify');
  });
});
