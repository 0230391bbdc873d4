import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { catalogFromRows, type ColSpec } from '../../fixtures/nlp/demoCatalogs.js';

// A made-up table whose rows stand for many (a head count per group): "how many groups" counts the
// rows, "how many people" sums the head count.
process.env.DOTENV_CONFIG_QUIET = 'true';
const spec = (name: string, type: ColSpec['type'], role: ColSpec['role']): ColSpec => ({ source: name, name, type, role });
const wordnet = (await loadWordNet()) ?? undefined;
const crews = catalogFromRows(
  'crews',
  'crews.csv',
  ['a', 'b', 'c', 'd'].flatMap((deck, i) => [
    { deck, shift: 'day', headcount: 10 + 50 * i },
    { deck, shift: 'night', headcount: 120 + i },
  ]),
  [spec('deck', 'text', 'dimension'), spec('shift', 'text', 'dimension'), spec('headcount', 'integer', 'measure')],
);
const ctx: PlannerContext = { vocabularies: [buildVocabulary(crews.dataset, crews.dimensionValues, [], { wordnet })] };
const query = (q: string) => {
  const p = planQuestion(ctx, q, { dataset: 'crews' });
  if (p.kind !== 'query') throw new Error(`expected a query for '${q}', got ${p.kind}`);
  return p.query;
};

describe('a word for the records after "how many" counts rows, not what they stand for', () => {
  it('"how many groups have at least 100 people" counts the groups', () => {
    const q = query('How many groups have at least 100 people in them?');
    expect(q.measures).toEqual([{ agg: 'count' }]);
    expect(q.filter).toEqual({ column: 'headcount', op: 'gte', value: 100 });
  });
  it('"number of rows with a headcount above 100" counts the rows', () => {
    expect(query('number of rows with a headcount above 100').measures).toEqual([{ agg: 'count' }]);
  });
  it('stays off for people: "number of people on deck a" sums the head count', () => {
    expect(query('number of people on deck a').measures).toEqual([{ column: 'headcount', agg: 'sum' }]);
  });
});
