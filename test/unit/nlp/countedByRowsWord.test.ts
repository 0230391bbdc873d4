// "which field has the most journals" in a table of journals, "the 3 publishers with the most titles"
// where a title names each row: the rows' own word after the ranking word asks for a count.
import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { ANSWER_THRESHOLD } from '../../../src/nlp/confidence.js';
import { planQuestion } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { col, table } from './catalogFixture.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;
const journals = table('journals', 180, [col('title', 'text', 'dimension', null, null, 180), col('publisher', 'text', 'dimension', null, null, 57), col('field', 'text', 'dimension', null, null, 12), col('price', 'double', 'measure', 20, 2500, 150)]);
const ctx = { vocabularies: [buildVocabulary(journals, { field: ['General', 'Finance'], publisher: ['Elsevier', 'Wiley'] }, [], { wordnet })] };
const plan = (q: string) => planQuestion(ctx, q, { dataset: 'journals' });

describe("a count asked by the rows' own word", () => {
  it('"which field has the most journals" counts journals per field, answered', () => {
    const p = plan('which field has the most journals');
    expect(p.kind === 'query' && p.query.measures).toEqual([{ agg: 'count' }]);
    expect(p.kind === 'query' && p.confidence).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
  });
  it('"the 3 publishers with the most titles" counts titles, answered', () => {
    const p = plan('Show me the 3 publishers with the most titles');
    expect(p.kind === 'query' && p.query.measures).toEqual([{ agg: 'count' }]);
    expect(p.kind === 'query' && p.confidence).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
  });
  it('stays off: "which field has the most" with nothing counted stays in doubt or asks', () => {
    const p = plan('which field has the most');
    expect(p.kind === 'query' && p.confidence >= ANSWER_THRESHOLD && p.query.measures.every((m) => m.agg === 'count')).toBe(false);
  });
});

describe('the table word of things that carry an amount (review)', () => {
  it('stays off: "which store had the most sales" over sales with totals is in doubt between count and sum', () => {
    const sales = table('online_sales', 9000, [col('store', 'text', 'dimension', null, null, 30), col('sale_date', 'date', 'time', null, null, 365, ['2020-01-01', '2020-12-31', 'day']), col('total', 'double', 'measure', 1, 900, 5000), col('items', 'integer', 'measure', 1, 20, 20)]);
    const p = planQuestion({ vocabularies: [buildVocabulary(sales, { store: ['A', 'B'] }, [], { wordnet })] }, 'which store had the most sales', { dataset: 'online_sales' });
    expect(p.kind === 'query' && p.confidence >= ANSWER_THRESHOLD && p.query.measures[0]?.agg === 'count').toBe(false);
  });
  it('"which island has the most penguins" counts penguins, answered', () => {
    const penguins = table('penguins', 344, [col('species', 'text', 'dimension', null, null, 3), col('island', 'text', 'dimension', null, null, 3), col('body_mass', 'double', 'measure', 2700, 6300, 94), col('bill_length', 'double', 'measure', 32, 60, 164)]);
    const p = planQuestion({ vocabularies: [buildVocabulary(penguins, { island: ['Biscoe', 'Dream', 'Torgersen'] }, [], { wordnet })] }, 'which island has the most penguins?', { dataset: 'penguins' });
    expect(p.kind === 'query' && p.query.measures).toEqual([{ agg: 'count' }]);
    expect(p.kind === 'query' && p.confidence).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
  });
});
