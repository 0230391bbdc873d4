// A table's own name names the figure it holds: "traffic fatalities" holds them in `fatal`, "gun
// murders" counts them in `total`; a table named for the things its rows are (cars, crabs) does not.
import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { ANSWER_THRESHOLD } from '../../../src/nlp/confidence.js';
import { planQuestion } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import type { CatalogDataset } from '../../../src/shared/catalog.js';
import { col, table } from './catalogFixture.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;
const ask = (t: CatalogDataset, values: Record<string, string[]>, q: string) => planQuestion({ vocabularies: [buildVocabulary(t, values, [], { wordnet })] }, q, { dataset: t.name });

const fatalities = table('traffic_fatalities', 336, [col('state', 'text', 'dimension', null, null, 48), col('year', 'integer', 'measure', 1982, 1988, 7), col('fatal', 'integer', 'measure', 79, 5504, 300), col('nfatal', 'integer', 'measure', 13, 1049, 300), col('income', 'double', 'measure', 9000, 22000, 300)]);
const murders = table('gun_murders', 51, [col('state', 'text', 'dimension', null, null, 51), col('region', 'text', 'dimension', null, null, 4), col('population', 'integer', 'measure', 563626, 37253956, 51), col('total', 'integer', 'measure', 2, 1257, 48)]);
const states = { state: ['Texas', 'Georgia', 'Ohio'], region: ['South', 'West', 'Northeast', 'North Central'] };

describe("the figure a table's name names", () => {
  it('"fatalities in 1985" in a table named for them sums the column they are clipped to', () => {
    const p = ask(fatalities, { state: ['tx', 'ca'] }, 'total fatalities in 1985');
    expect(p.kind === 'query' && p.query.measures).toEqual([{ column: 'fatal', agg: 'sum' }]);
  });
  it('"deaths in tx" reaches it through what a fatality is a kind of', () => {
    const p = ask(fatalities, { state: ['tx', 'ca'] }, 'deaths in tx in 1987');
    expect(p.kind === 'query' && p.query.measures).toEqual([{ column: 'fatal', agg: 'sum' }]);
  });
  it('"murders by region" sums the count column, not the population', () => {
    const p = ask(murders, states, 'murders by region');
    expect(p.kind === 'query' && p.query.measures).toEqual([{ column: 'total', agg: 'sum' }]);
    expect(p.kind === 'query' && p.query.dimensions).toEqual(['region']);
  });
  it('"gun murders in Georgia": the whole name asks for the same figure', () => {
    const p = ask(murders, states, 'gun murders in Georgia?');
    expect(p.kind === 'query' && p.query.measures).toEqual([{ column: 'total', agg: 'sum' }]);
    expect(p.kind === 'query' && p.confidence).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
  });
  it('stays off: a table named for the things its rows are counts rows, its "total" column aside', () => {
    const cars = table('used_cars', 300, [col('model', 'text', 'dimension', null, null, 300), col('make', 'text', 'dimension', null, null, 20), col('total', 'integer', 'measure', 1, 40, 30)]);
    const p = ask(cars, { make: ['Ford', 'Honda'] }, 'how many cars are there');
    expect(p.kind === 'query' && p.query.measures.some((m) => m.column === 'total')).toBe(false);
  });
  it('stays off: "how many states" in the murders table counts states', () => {
    const p = ask(murders, states, 'how many states are in the south');
    expect(p.kind === 'query' && p.query.measures.some((m) => m.column === 'total' || m.column === 'population')).toBe(false);
  });
  it("stays off (review): in a table of orders each row is an order, and its 'total' is what it cost", () => {
    const orders = table('orders', 5000, [col('order_id', 'text', 'identifier', null, null, 5000), col('customer', 'text', 'dimension', null, null, 800), col('order_date', 'date', 'time', null, null, 365, ['2024-01-01', '2024-12-31', 'day']), col('total', 'integer', 'measure', 5, 900, 600)]);
    const p = ask(orders, {}, 'how many orders in March');
    expect(p.kind === 'query' && p.query.measures.some((m) => m.column === 'total')).toBe(false);
  });
  it('stays off (review): "rentals" only begins like rent; it is no word of it', () => {
    const rentals = table('rentals', 900, [col('city', 'text', 'dimension', null, null, 12), col('bedrooms', 'integer', 'measure', 0, 5, 6), col('rent', 'integer', 'measure', 500, 6000, 700)]);
    const p = ask(rentals, { city: ['Boston', 'Austin'] }, 'how many rentals are in Boston');
    expect(p.kind === 'query' && p.query.measures.some((m) => m.column === 'rent')).toBe(false);
  });
});
