// A month of every year (a part of the calendar) is said in the restatement and the answer, so
// "average passengers in December" is never restated as the average over all the data.
import { describe, expect, it } from 'vitest';
import { col, table } from './catalogFixture.js';
import { planQuestion, type Plan, type PlannerContext, type QueryPlan } from '../../../src/nlp/plan.js';
import { followUp } from '../../../src/nlp/conversation.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { answerText } from '../../../src/nlp/answer/text.js';
import { periodText, restate } from '../../../src/nlp/restate.js';

process.env.DOTENV_CONFIG_QUIET = 'true';

const monthly = table('travel', 144, [col('month', 'date', 'time', null, null, 144, ['1949-01-01', '1960-12-01', 'month']), col('passengers', 'integer', 'measure', 104, 622, 118)]);
const ctx: PlannerContext = { vocabularies: [buildVocabulary(monthly, {})] };

function query(p: Plan): QueryPlan {
  if (p.kind !== 'query') throw new Error(`expected a query plan, got ${p.kind}`);
  return p;
}
const ask = (q: string) => query(planQuestion(ctx, q, { dataset: 'travel' }));

describe('restating a part of the calendar', () => {
  it('"average passengers in December" (no year) is restated with the month, and answered with it', () => {
    const p = ask('average passengers in December');
    expect(p.query.time).toEqual({ parts: [{ part: 'month', values: [12] }] });
    expect(p.restatement).toBe('average passengers in December');
    const text = answerText(p, { columns: ['avg_passengers'], rows: [{ avg_passengers: 284.5 }] }, monthly);
    expect(text).toBe('Average passengers in December was 284.5.');
  });

  it('after "between 1950 and 1955", "what about January?" says January and the years', () => {
    const first = ask('average passengers between 1950 and 1955');
    expect(first.restatement).toBe('average passengers from 1950-01-01 to 1955-12-31');
    const next = query(followUp(ctx, first, 'what about January?'));
    expect(next.query.time).toEqual({ range: { from: '1950-01-01', to: '1956-01-01' }, parts: [{ part: 'month', values: [1] }] });
    expect(next.restatement).toBe('average passengers in January, 1950–1955');
  });

  it('a month kept through "what about 1955?" reads as that month of that year', () => {
    const next = query(followUp(ctx, ask('average passengers in December'), 'what about 1955?'));
    expect(next.query.time).toEqual({ parts: [{ part: 'month', values: [12] }], range: { from: '1955-01-01', to: '1956-01-01' } });
    expect(next.restatement).toBe('average passengers in December 1955');
  });

  it('other parts and grouping by a part are said too', () => {
    expect(ask('average passengers on weekends').restatement).toBe('average passengers on Saturdays and Sundays');
    expect(ask('average passengers on weekends in 1955').restatement).toBe('average passengers on Saturdays and Sundays in 1955');
    expect(ask('average passengers by month of year').restatement).toBe('average passengers by month of year');
  });

  it('an answer with a condition says the condition once and the part after it', () => {
    const q: QueryPlan['query'] = { dataset: 'travel', measures: [{ column: 'passengers', agg: 'avg' }], dimensions: [], orderBy: [], filter: { column: 'passengers', op: 'gt', value: 300 }, time: { parts: [{ part: 'dow', values: [6, 7] }] } };
    const p: QueryPlan = { kind: 'query', intent: 'aggregate', query: q, restatement: restate(q, 'aggregate', monthly), confidence: 1, notes: [] };
    expect(p.restatement).toBe('average passengers where passengers above 300 on Saturdays and Sundays');
    expect(answerText(p, { columns: ['avg_passengers'], rows: [{ avg_passengers: 412 }] }, monthly)).toBe('Average passengers where passengers above 300 on Saturdays and Sundays was 412.');
  });

  it('a range that is not whole years keeps its dates beside the month', () => {
    expect(periodText({ range: { from: '1950-03-01', to: '1956-01-01' }, parts: [{ part: 'month', values: [1] }] })).toBe('in January, from 1950-03-01 to 1955-12-31');
    expect(periodText({ range: { from: '1955-03-01' }, parts: [{ part: 'month', values: [1, 12] }] })).toBe('in January and December, since 1955-03-01');
  });

  it('stays off: with no part, the range reads as before', () => {
    expect(ask('average passengers in 1955').restatement).toBe('average passengers in 1955');
    expect(ask('total passengers in December').restatement).toBe('total passengers in December 1960');
    expect(periodText(undefined)).toBe('');
  });
});
