// A follow-up that names a period without a year ("what about January?") stays in the one year the
// question before it named; with no year before, it is the period's latest occurrence, as on its own.
import { describe, expect, it } from 'vitest';
import { col, table } from './catalogFixture.js';
import { planQuestion, type Plan, type PlannerContext } from '../../../src/nlp/plan.js';
import { followUp } from '../../../src/nlp/conversation.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';

process.env.DOTENV_CONFIG_QUIET = 'true';

// Twelve years of months, 1949 to 1960, one measure.
const monthly = table('travel', 144, [col('month', 'date', 'time', null, null, 144, ['1949-01-01', '1960-12-01', 'month']), col('passengers', 'integer', 'measure', 104, 622, 118)]);
const ctx: PlannerContext = { vocabularies: [buildVocabulary(monthly, {})] };

function ask(first: string, next: string): { first: Plan; next: Plan } {
  const p = planQuestion(ctx, first, { dataset: 'travel' });
  expect(p.kind).toBe('query');
  return { first: p, next: followUp(ctx, p, next) };
}

const timeOf = (p: Plan) => (p.kind === 'clarify' ? undefined : p.query.time);

describe('a follow-up keeps the year of the question before it', () => {
  it('"average passengers in 1955", then "what about January?" is January 1955, not the data\'s last January', () => {
    const { first, next } = ask('average passengers in 1955', 'what about January?');
    expect(timeOf(first)?.range).toEqual({ from: '1955-01-01', to: '1956-01-01' });
    expect(next.kind).toBe('query');
    expect(timeOf(next)).toEqual({ range: { from: '1955-01-01', to: '1955-02-01' } });
    expect(next.kind !== 'clarify' && next.restatement).toContain('January 1955');
    // The same average, of the one month.
    expect(next.kind !== 'clarify' && next.query.measures).toEqual([{ column: 'passengers', agg: 'avg' }]);
  });

  it('other periods said without a year fall in that year too: "and in January?", "what about Q1?"', () => {
    expect(timeOf(ask('average passengers in 1955', 'and in January?').next)?.range).toEqual({ from: '1955-01-01', to: '1955-02-01' });
    expect(timeOf(ask('average passengers in 1955', 'what about Q1?').next)?.range).toEqual({ from: '1955-01-01', to: '1955-04-01' });
    // A series per month in 1955 stays a series, of January 1955.
    expect(timeOf(ask('monthly passengers in 1955', 'what about January?').next)).toEqual({ grain: 'month', range: { from: '1955-01-01', to: '1955-02-01' } });
  });

  it('stays off: a year said in the follow-up, or a relative period, is read as written', () => {
    expect(timeOf(ask('average passengers in 1955', 'what about January 1957?').next)?.range).toEqual({ from: '1957-01-01', to: '1957-02-01' });
    // "last month" counts back from the data's latest month (December 1960), not from 1955.
    expect(timeOf(ask('average passengers in 1955', 'what about last month?').next)?.range).toEqual({ from: '1960-11-01', to: '1960-12-01' });
  });

  it('stays off: with no year before, "what about January?" is the latest January, as before', () => {
    const { first, next } = ask('average passengers', 'what about January?');
    expect(timeOf(first)).toBeUndefined();
    expect(timeOf(next)).toEqual({ range: { from: '1960-01-01', to: '1960-02-01' } });
  });

  it('after a range of years, "what about January?" is January of each of those years, not January 1960', () => {
    // Decision: "between 1950 and 1955" names no one year to keep, and its latest January (1960) lies
    // outside the years asked about; the month narrows the range, as a month after "in December" replaces it.
    const { first, next } = ask('average passengers between 1950 and 1955', 'what about January?');
    expect(timeOf(first)).toEqual({ range: { from: '1950-01-01', to: '1956-01-01' } });
    expect(timeOf(next)).toEqual({ range: { from: '1950-01-01', to: '1956-01-01' }, parts: [{ part: 'month', values: [1] }] });
    // A range that is not whole years ("since March 1955") is left as before: the latest January.
    const since = ask('average passengers since March 1955', 'what about January?');
    expect(timeOf(since.next)).toEqual({ range: { from: '1960-01-01', to: '1960-02-01' } });
  });

  it('after a range of years and a part of the week, "what about January?" adds the month beside the part', () => {
    const daily = table('rides', 4018, [col('day', 'date', 'time', null, null, 4018, ['1950-01-01', '1960-12-31', 'day']), col('riders', 'integer', 'measure', 104, 622, 118)]);
    const dctx: PlannerContext = { vocabularies: [buildVocabulary(daily, {})] };
    const first = planQuestion(dctx, 'average riders on Saturdays between 1950 and 1955', { dataset: 'rides' });
    expect(timeOf(first)).toEqual({ range: { from: '1950-01-01', to: '1956-01-01' }, parts: [{ part: 'dow', values: [6] }] });
    const next = followUp(dctx, first, 'what about January?');
    expect(timeOf(next)).toEqual({ range: { from: '1950-01-01', to: '1956-01-01' }, parts: [{ part: 'dow', values: [6] }, { part: 'month', values: [1] }] });
  });
});

