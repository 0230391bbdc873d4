// "what share of the West's revenue came from Widgets": the part asked is named last and shown
// alone, with its percent of the whole; the whole is what is named first (a filter).
import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { planQuestion } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { col, table } from './catalogFixture.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;
const sales = table('sales', 5000, [col('region', 'text', 'dimension', null, null, 4), col('product', 'text', 'dimension', null, null, 20), col('revenue', 'double', 'measure', 1, 900, 4000)]);
const ctx = { vocabularies: [buildVocabulary(sales, { region: ['West', 'East'], product: ['Widgets', 'Gadgets'] }, [], { wordnet })] };
const plan = (q: string) => planQuestion(ctx, q, { dataset: 'sales' });

describe('the share of one part', () => {
  it('"what percentage of revenue came from Widgets" is Widgets\' share alone', () => {
    const p = plan('what percentage of revenue came from Widgets');
    expect(p.kind === 'query' && p.query.share).toBe(true);
    expect(p.kind === 'query' && p.query.focus).toEqual({ column: 'product', values: ['Widgets'] });
  });
  it('"what share of the West revenue came from Widgets" splits by product within the West', () => {
    const p = plan('what share of the West revenue came from Widgets');
    expect(p.kind === 'query' && p.query.dimensions).toEqual(['product']);
    expect(p.kind === 'query' && p.query.filter).toEqual({ column: 'region', op: 'eq', value: 'West' });
  });
  it('stays off: "share of revenue by product" shows every product', () => {
    const p = plan('share of revenue by product');
    expect(p.kind === 'query' ? p.query.focus ?? null : 'not a query').toBeNull();
  });
});
