// "per month" over monthly rows, names written with an ampersand, quantity words beside a column,
// scale words of activity, and a singular period after a superlative. Made-up tables only.
import { describe, expect, it } from 'vitest';
import type { CatalogDataset } from '../../../src/shared/catalog.js';
import { col } from './catalogFixture.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { followUp } from '../../../src/nlp/conversation.js';
import { tokenize } from '../../../src/nlp/tokenize.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';

process.env.DOTENV_CONFIG_QUIET = 'true';

const monthly: CatalogDataset = {
  id: 'm',
  name: 'ab100',
  label: 'ab100.csv',
  tableName: 'ab100',
  rowCount: 120,
  columns: [col('month', 'date', 'time', null, null, 120, ['2001-01-01', '2010-12-01', 'month']), col('passengers', 'integer', 'measure', 100, 700, 110)],
};
const organs: CatalogDataset = {
  id: 'o',
  name: 'organs',
  label: 'organs.csv',
  tableName: 'organs',
  rowCount: 30,
  columns: [col('animal', 'text', 'identifier', null, null, 30), col('body', 'double', 'measure', 0.1, 9000, 30), col('brain', 'double', 'measure', 0.1, 6000, 30)],
};
const wordnet = (await loadWordNet()) ?? undefined;
const ctx: PlannerContext = { vocabularies: [buildVocabulary(monthly, {}, [], wordnet ? { wordnet } : {}), buildVocabulary(organs, { animal: ['Cow', 'Horse', 'Mouse'] }, [], wordnet ? { wordnet } : {})] };
const plan = (q: string, dataset: string) => planQuestion(ctx, q, { dataset });

describe('rates, names and scale words', () => {
  it('reads "per month" over monthly rows as the unit of an average, and keeps "by month" a series', () => {
    const p = plan('average passengers per month', 'ab100');
    expect(p.kind).toBe('query');
    if (p.kind === 'query') expect(p.query.time?.grain).toBeUndefined();
    const s = plan('average passengers by month', 'ab100');
    expect(s.kind).toBe('query');
    if (s.kind === 'query') expect(s.query.time?.grain).toBe('month');
    // Summed per year is a series whatever the rows are.
    const y = plan('total passengers per year', 'ab100');
    if (y.kind === 'query') expect(y.query.time?.grain).toBe('year');
  });

  it('keeps initials joined by an ampersand together, and a number that completes the dataset name', () => {
    expect(tokenize('the S&P 500 and AT&T').tokens.map((t) => t.key)).toEqual(['the', 'sp', '500', 'and', 'att']);
    // Examples that trail off are an illustration, not a filter.
    expect(tokenize('by calendar month (Jan, Feb, ...) across all years').tokens.map((t) => t.key)).toEqual(['by', 'calendar', 'month', 'across', 'all', 'years']);
    expect(tokenize('sales in (Jan, Feb)').tokens.map((t) => t.key)).toContain('jan');
    const p = plan('average A&B 100 level in 2005', 'ab100');
    expect(p.kind).toBe('query');
    if (p.kind === 'query') expect(p.query.measures).toEqual([{ column: 'passengers', agg: 'avg' }]);
  });

  it('reads a quantity word after a column as that column ("brain weight")', () => {
    const p = plan('average brain weight', 'organs');
    expect(p.kind).toBe('query');
    if (p.kind === 'query') expect(p.query.measures).toEqual([{ column: 'brain', agg: 'avg' }]);
  });

  it('ranks by activity words ("busiest") and asks for one period when the period word is singular', () => {
    const one = plan('busiest month in 2005', 'ab100');
    expect(one.kind).toBe('query');
    if (one.kind === 'query') {
      expect(one.query.limit).toBe(1);
      expect(one.query.orderBy[0]?.direction).toBe('desc');
    }
    const five = plan('the 3 quietest months', 'ab100');
    expect(five.kind).toBe('query');
    if (five.kind === 'query') {
      expect(five.query.limit).toBe(3);
      expect(five.query.orderBy[0]?.direction).toBe('asc');
    }
  });

  it('compares two months said without a year across every year, and keeps "between July and November" a span', () => {
    const p = plan('Compare July and November: average passengers', 'ab100');
    expect(p.kind).toBe('query');
    if (p.kind === 'query') {
      expect(p.query.time).toEqual({ parts: [{ part: 'month', values: [7, 11] }], by: 'month' });
      expect(p.query.compare ?? null).toBeNull();
    }
    const span = plan('total passengers between July and November', 'ab100');
    expect(span.kind).toBe('query');
    if (span.kind === 'query') {
      expect(span.query.time?.parts).toBeUndefined();
      expect(span.query.time?.range).toBeDefined();
    }
  });

  it('lists the rows a count counted when asked "which ones?", and leaves a split answer alone', () => {
    const first = plan('how many months had more than 500 passengers', 'ab100');
    expect(first.kind).toBe('query');
    const which = followUp(ctx, first, 'which months were those?');
    expect(which.kind).toBe('query');
    if (which.kind === 'query' && first.kind === 'query') {
      expect(which.intent).toBe('list');
      expect(which.query.measures).toEqual([]);
      expect(which.query.filter).toEqual(first.query.filter);
    }
    const split = plan('total passengers by year', 'ab100');
    const again = followUp(ctx, split, 'which ones?');
    if (again.kind === 'query') expect(again.intent).not.toBe('list');
  });
});

