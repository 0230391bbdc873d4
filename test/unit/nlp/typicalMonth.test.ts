// A month said with no year, in a question about a typical figure, is that month of every year;
// a follow-up that names another month replaces it.
import { describe, expect, it } from 'vitest';
import { col, table } from './catalogFixture.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { followUp } from '../../../src/nlp/conversation.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';

process.env.DOTENV_CONFIG_QUIET = 'true';

const monthly = table('travel', 144, [col('month', 'date', 'time', null, null, 144, ['1949-01-01', '1960-12-01', 'month']), col('passengers', 'integer', 'measure', 104, 622, 118)]);
const ctx: PlannerContext = { vocabularies: [buildVocabulary(monthly, {})] };

describe('a typical month', () => {
  it('"average passengers in December" averages every December, not only the latest', () => {
    const p = planQuestion(ctx, 'average passengers in December', { dataset: 'travel' });
    expect(p.kind).toBe('query');
    if (p.kind !== 'query') return;
    expect(p.query.time?.parts).toEqual([{ part: 'month', values: [12] }]);
    expect(p.query.time?.range).toBeUndefined();
    const next = followUp(ctx, p, 'what about January?');
    expect(next.kind).toBe('query');
    if (next.kind === 'query') {
      expect(next.query.time?.parts).toEqual([{ part: 'month', values: [1] }]);
      expect(next.query.time?.range).toBeUndefined();
    }
  });
  it('stays off: a total, or a year said, keeps the one December', () => {
    const total = planQuestion(ctx, 'total passengers in December', { dataset: 'travel' });
    expect(total.kind === 'query' && total.query.time?.range).toEqual({ from: '1960-12-01', to: '1961-01-01' });
    const dated = planQuestion(ctx, 'average passengers in December 1955', { dataset: 'travel' });
    expect(dated.kind === 'query' && dated.query.time?.range).toEqual({ from: '1955-12-01', to: '1956-01-01' });
  });
  it('a follow-up with another kind of period drops the month of every year', () => {
    const p = planQuestion(ctx, 'average passengers in December', { dataset: 'travel' });
    for (const next of ['what about last month?', 'what about January 1955?']) {
      const f = followUp(ctx, p, next);
      expect(f.kind === 'query' && f.query.time?.parts).toBeFalsy();
    }
  });
  it('"December through February" is the winter before the latest March; "in December and January" every year\'s two months', () => {
    const span = planQuestion(ctx, 'average passengers for December through February', { dataset: 'travel' });
    expect(span.kind === 'query' && span.query.time?.range).toEqual({ from: '1959-12-01', to: '1960-03-01' });
    const two = planQuestion(ctx, 'average passengers in december and january', { dataset: 'travel' });
    expect(two.kind === 'query' && two.query.time?.parts).toEqual([{ part: 'month', values: [1, 12] }]);
  });
  it('a follow-up with a whole year keeps the month: "what about 1955?" is December 1955', () => {
    const p = planQuestion(ctx, 'average passengers in December', { dataset: 'travel' });
    const f = followUp(ctx, p, 'what about 1955?');
    expect(f.kind === 'query' && f.query.time).toMatchObject({ parts: [{ part: 'month', values: [12] }], range: { from: '1955-01-01', to: '1956-01-01' } });
  });
});
