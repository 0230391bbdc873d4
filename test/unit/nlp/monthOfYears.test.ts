// "which March had the most rain" over daily rows: every year's March, the years ranked.
import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { col, table } from './catalogFixture.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;
const daily = table('daily', 1461, [col('date', 'date', 'time', null, null, 1461, ['2012-01-01', '2015-12-31', 'day']), col('rainfall', 'double', 'measure', 0, 55, 100), col('low', 'double', 'measure', -7, 18, 200)]);
const ctx: PlannerContext = { vocabularies: [buildVocabulary(daily, {}, [], { wordnet })] };
const plan = (q: string) => planQuestion(ctx, q, { dataset: 'daily' });

describe('a month of every year, ranked', () => {
  it('"which March had the most rainfall" ranks the years\' Marches', () => {
    const p = plan('which March had the most rainfall');
    expect(p.kind === 'query' && p.query.time).toEqual({ grain: 'year', parts: [{ part: 'month', values: [3] }] });
    expect(p.kind === 'query' && p.query.limit).toBe(1);
  });
  it('stays off: "which day in March 2014 had the most rainfall" ranks days of that March', () => {
    const p = plan('which day in March 2014 had the most rainfall');
    expect(p.kind === 'query' && p.query.time?.grain).toBe('day');
  });
});
