// "which state has the most zip codes?" — TX — "how many does it have?": "it" is the state picked.
import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { pickedOf } from '../../../src/nlp/answerReference.js';
import { followUp } from '../../../src/nlp/conversation.js';
import { planQuestion, type Plan } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { col, table } from './catalogFixture.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;
const zips = table('zipcodes', 42000, [col('zip_code', 'text', 'identifier', null, null, 42000), col('city', 'text', 'dimension', null, null, 19000), col('state', 'text', 'dimension', null, null, 52), col('latitude', 'double', 'measure', 18, 71, 40000)]);
const ctx = { vocabularies: [buildVocabulary(zips, { state: ['TX', 'CA', 'NY'] }, [], { wordnet })] };

function answered(q: string, rows: Record<string, unknown>[]): Plan {
  const p = planQuestion(ctx, q, { dataset: 'zipcodes' });
  if (p.kind !== 'query') throw new Error(`expected a query for ${q}`);
  const picked = pickedOf(p.query, rows);
  return picked ? { ...p, picked } : p;
}

describe('a follow-up that points back at the one thing answered', () => {
  it('"how many does it have?" counts the rows of the state picked', () => {
    const first = answered('which state has the most zip codes?', [{ state: 'TX', count: 2670 }]);
    expect(first.kind === 'query' && first.picked).toEqual({ column: 'state', value: 'TX' });
    const p = followUp(ctx, first, 'how many does it have?');
    expect(p.kind === 'query' && p.query.filter).toEqual({ column: 'state', op: 'eq', value: 'TX' });
    expect(p.kind === 'query' && p.query.dimensions).toEqual([]);
  });
  it('stays off: a ranking of several picks nothing', () => {
    const p = planQuestion(ctx, 'top 3 states by number of zip codes', { dataset: 'zipcodes' });
    expect(p.kind === 'query' && pickedOf(p.query, [{ state: 'TX' }, { state: 'CA' }, { state: 'NY' }])).toBeUndefined();
  });
  it('stays off: a follow-up naming another state is about that state', () => {
    const first = answered('which state has the most zip codes?', [{ state: 'TX', count: 2670 }]);
    const p = followUp(ctx, first, 'and how many does CA have?');
    expect(JSON.stringify(p.kind === 'query' && p.query.filter)).not.toContain('TX');
  });
});

describe('"what type is it" after one named row', () => {
  const stars = table('stars', 96, [col('star', 'text', 'dimension', null, null, 95), col('temp', 'integer', 'measure', 2500, 33600, 80), col('type', 'text', 'dimension', null, null, 7)]);
  const c = { vocabularies: [buildVocabulary(stars, { star: ['Deneb', 'Sun'], type: ['A', 'G'] }, [], { wordnet })] };
  it("shows that row's type", () => {
    const first = planQuestion(c, 'what is the temp of Deneb', { dataset: 'stars' });
    const p = followUp(c, first, 'what type is it');
    expect(p.kind === 'query' && p.query.dimensions).toEqual(['star', 'type']);
    expect(p.kind === 'query' && p.query.filter).toEqual({ column: 'star', op: 'eq', value: 'Deneb' });
    expect(p.kind === 'query' && p.query.measures).toEqual([]);
  });
  it('stays off: "what is it by type" after a figure splits the figure', () => {
    const first = planQuestion(c, 'what is the average temp', { dataset: 'stars' });
    const p = followUp(c, first, 'and by type?');
    expect(p.kind === 'query' && p.query.measures.length).toBe(1);
  });
});

describe('"that year" after a ranking picked one', () => {
  const spots = table('spots', 289, [col('year', 'integer', 'dimension', 1700, 1988, 289), col('activity', 'double', 'measure', 0, 190, 250)]);
  const c = { vocabularies: [buildVocabulary(spots, {}, [], { wordnet })] };
  it('"what was the number that year?" is the picked year\'s figure', () => {
    const query = { dataset: 'spots', measures: [{ column: 'activity', agg: 'avg' as const }], dimensions: ['year'], orderBy: [{ field: 'avg_activity', direction: 'desc' as const }], limit: 1 };
    const first: Plan = { kind: 'query', intent: 'top_n', query, restatement: 'top 1 year by average activity', confidence: 0.9, notes: [], picked: pickedOf(query, [{ year: 1957, avg_activity: 190.2 }])! };
    const p = followUp(c, first, 'what was the number that year?');
    expect(p.kind === 'query' && p.query.filter).toEqual({ column: 'year', op: 'eq', value: 1957 });
  });
});

describe('pointing words that are no pointing (review)', () => {
  const sales = table('sales', 5000, [col('region', 'text', 'dimension', null, null, 4), col('product', 'text', 'dimension', null, null, 20), col('order_date', 'date', 'time', null, null, 700, ['2023-01-01', '2024-12-31', 'day']), col('revenue', 'double', 'measure', 1, 900, 4000)]);
  const c = { vocabularies: [buildVocabulary(sales, { region: ['West', 'East'], product: ['Widgets', 'Gadgets'] }, [], { wordnet })] };
  it('stays off: "what about this year?" after the top region keeps the ranking', () => {
    const p0 = planQuestion(c, 'which region had the highest revenue?', { dataset: 'sales' });
    if (p0.kind !== 'query') throw new Error('expected a query');
    const first: Plan = { ...p0, picked: { column: 'region', value: 'West' } };
    const p = followUp(c, first, 'what about this year?');
    expect(JSON.stringify(p.kind === 'query' && p.query.filter ? p.query.filter : null)).not.toContain('West');
  });
  it('stays off: "which product was it?" after a figure for a region lists no product per row of the region', () => {
    const first = planQuestion(c, 'what was the highest revenue in the West?', { dataset: 'sales' });
    const p = followUp(c, first, 'which product was it?');
    expect(p.kind === 'query' && p.intent === 'list' && p.confidence >= 0.7).toBe(false);
  });
});
