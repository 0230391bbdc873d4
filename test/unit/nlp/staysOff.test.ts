// Where the readings added for new tables must not fire: each case is a table shape on which the
// rule would give a confident wrong number. Made-up tables only.
import { describe, expect, it } from 'vitest';
import type { CatalogDataset } from '../../../src/shared/catalog.js';
import { col, table } from './catalogFixture.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { ANSWER_THRESHOLD } from '../../../src/nlp/confidence.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';

process.env.DOTENV_CONFIG_QUIET = 'true';

const wordnet = (await loadWordNet()) ?? undefined;
const ctxOf = (ds: CatalogDataset, values: Record<string, string[]> = {}): PlannerContext => ({ vocabularies: [buildVocabulary(ds, values, [], wordnet ? { wordnet } : {})] });
const settled = (p: ReturnType<typeof planQuestion>) => p.kind !== 'clarify' && p.confidence >= ANSWER_THRESHOLD;

describe.skipIf(!wordnet)('new readings stay off where they would be wrong', () => {
  it('"per day" over many rows a day stays a daily series', () => {
    const sales = table('sales', 50_000, [col('sold_at', 'date', 'time', null, null, 365, ['2015-01-01', '2015-12-31', 'day']), col('amount', 'double', 'measure', 1, 900, 40_000)]);
    const p = planQuestion(ctxOf(sales), 'average amount per day', { dataset: 'sales' });
    expect(p.kind).toBe('query');
    if (p.kind === 'query') expect(p.query.time?.grain).toBe('day');
  });

  it('a small count from 1 to 10 is summed, not counted as codes', () => {
    const houses = table('houses', 400, [col('bedrooms', 'integer', 'measure', 1, 10, 10), col('price', 'double', 'measure', 1e4, 1e6, 390)]);
    const p = planQuestion(ctxOf(houses), 'how many bedrooms are there', { dataset: 'houses' });
    if (p.kind === 'query') expect(p.query.measures).not.toEqual([{ column: 'bedrooms', agg: 'count_distinct' }]);
  });

  it('a superlative on a row noun keeps the extreme ("the team with the tallest player")', () => {
    const players = table('players', 500, [col('team', 'text', 'dimension', null, null, 30), col('height', 'double', 'measure', 160, 220, 300)]);
    const p = planQuestion(ctxOf(players, { team: ['Lions', 'Bears'] }), 'which team has the tallest player', { dataset: 'players' });
    if (p.kind === 'query') expect(p.query.measures).not.toEqual([{ column: 'height', agg: 'avg' }]);
  });

  it('a many-sense adjective column takes no similar words ("close" is not "approximate")', () => {
    const quotes = table('quotes', 2000, [col('day', 'date', 'time', null, null, 2000, ['2001-01-02', '2008-12-31', 'day']), col('close', 'double', 'measure', 10, 90, 1900), col('volume', 'double', 'measure', 1e5, 1e8, 1990)]);
    const p = planQuestion(ctxOf(quotes), 'what was the approximate average volume in 2008', { dataset: 'quotes' });
    if (p.kind === 'query') expect(p.query.measures.map((m) => m.column)).not.toContain('close');
  });

  it('a physical quantity word names a column only when its label is bare ("household size" is not household income)', () => {
    const homes = table('homes', 300, [col('household_income', 'double', 'measure', 1e4, 2e5, 290), col('region', 'text', 'dimension', null, null, 4)]);
    const p = planQuestion(ctxOf(homes, { region: ['North', 'South'] }), 'average household size', { dataset: 'homes' });
    expect(settled(p) && p.kind === 'query' && p.query.measures.some((m) => m.column === 'household_income')).toBe(false);
  });

  it('a trailing list of values is not dropped ("in (TX, CA, etc.)")', () => {
    const orders = table('orders', 900, [col('state', 'text', 'dimension', null, null, 40), col('amount', 'double', 'measure', 1, 500, 800)]);
    const p = planQuestion(ctxOf(orders, { state: ['TX', 'CA', 'NY'] }), 'total amount in (TX, CA, etc.)', { dataset: 'orders' });
    expect(settled(p) && p.kind === 'query' && !p.query.filter).toBe(false);
  });

  it('"busiest" over daily rows ranks months by their total, not their busiest day', () => {
    const visits = table('visits', 730, [col('day', 'date', 'time', null, null, 730, ['2014-01-01', '2015-12-31', 'day']), col('visitors', 'integer', 'measure', 0, 900, 600)]);
    const p = planQuestion(ctxOf(visits), 'busiest month in 2015', { dataset: 'visits' });
    expect(p.kind).toBe('query');
    if (p.kind === 'query') expect(p.query.measures).toEqual([{ column: 'visitors', agg: 'sum' }]);
  });

  it('an ordinary word is no code by its letters ("country" is not CO), a name still is ("georgia" → GA)', () => {
    const stores = table('stores', 900, [col('state', 'text', 'dimension', null, null, 4), col('sales', 'double', 'measure', 1, 1e5, 800)]);
    const c = ctxOf(stores, { state: ['CO', 'CT', 'GA', 'TX'] });
    const all = planQuestion(c, 'total sales across the country', { dataset: 'stores' });
    expect(all.kind === 'query' && all.query.filter).toBeFalsy();
    const tickers = table('tickers', 900, [col('symbol', 'text', 'dimension', null, null, 3), col('price', 'double', 'measure', 1, 900, 800)]);
    const amzn = planQuestion(ctxOf(tickers, { symbol: ['AMZN', 'GOOG', 'CO'] }), 'lowest price of amazon', { dataset: 'tickers' });
    expect(amzn.kind !== 'clarify' && amzn.query.filter).toEqual({ column: 'symbol', op: 'eq', value: 'AMZN' });
    const ga = planQuestion(c, 'total sales in georgia', { dataset: 'stores' });
    expect(ga.kind !== 'clarify' && ga.query.filter).toEqual({ column: 'state', op: 'eq', value: 'GA' });
  });
});
