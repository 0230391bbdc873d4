// "the highest price for each region": the extreme within each group, not the groups ranked.
import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { col, table } from './catalogFixture.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;
const shop = table('shop', 500, [col('region', 'text', 'dimension', null, null, 4), col('product', 'text', 'dimension', null, null, 6), col('price', 'double', 'measure', 1, 90, 300), col('units', 'integer', 'measure', 0, 50, 50)]);
const ctx: PlannerContext = { vocabularies: [buildVocabulary(shop, { region: ['North', 'South', 'East', 'West'], product: ['Pens', 'Ink'] }, [], { wordnet })] };
const plan = (q: string) => planQuestion(ctx, q, { dataset: 'shop' });

describe('an extreme within each group', () => {
  it.each([
    ['the highest price for each region', 'max'],
    ['the lowest units in each region', 'min'],
  ])('"%s" is the %s per region', (q, agg) => {
    const p = plan(q);
    expect(p.kind === 'query' && p.intent).toBe('breakdown');
    expect(p.kind === 'query' && p.query.measures[0]?.agg).toBe(agg);
    expect(p.kind === 'query' && p.query.dimensions).toEqual(['region']);
  });
  it('stays off: "which region has the highest price" ranks the regions', () => {
    const p = plan('which region has the highest price');
    expect(p.kind === 'query' && p.intent).toBe('top_n');
  });
  it('stays off: "top 3 products by price" ranks products', () => {
    const p = plan('top 3 products by price');
    expect(p.kind === 'query' && p.intent).toBe('top_n');
  });
});

describe('"all" and a noun no column names', () => {
  it('"the average price across all stores" is the average over every row, answered', () => {
    const p = plan('What is the average price across all stores?');
    expect(p.kind === 'query' && p.query.measures).toEqual([{ column: 'price', agg: 'avg' }]);
    expect(p.kind === 'query' && p.confidence).toBeGreaterThanOrEqual(0.7);
  });
  it('stays off: "of all" names what a share is of ("what percentage of all customers")', () => {
    const p = plan('What percentage of all customers bought pens?');
    expect(p.kind === 'query' && p.confidence >= 0.7).toBe(false);
  });
  it('stays off: a noun with no "all" before it is still in doubt ("the average price of stores")', () => {
    const p = plan('What is the average price of stores?');
    expect(p.kind === 'query' && p.confidence >= 0.7).toBe(false);
  });
});
