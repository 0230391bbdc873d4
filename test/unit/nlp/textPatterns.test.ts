// Patterns on a name: "whose name starts with New", "with South in the name", "names ending in -ton".
import { describe, expect, it } from 'vitest';
import { col, table } from './catalogFixture.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';

process.env.DOTENV_CONFIG_QUIET = 'true';

const states = table('arrests', 50, [col('state', 'text', 'identifier', null, null, 50), col('murder', 'double', 'measure', 0.8, 17.4, 43), col('assault', 'integer', 'measure', 45, 337, 45)]);
const ctx: PlannerContext = { vocabularies: [buildVocabulary(states, { state: ['New York', 'New Jersey', 'North Dakota', 'South Dakota', 'Texas', 'Washington'] })] };
const query = (q: string) => {
  const p = planQuestion(ctx, q, { dataset: 'arrests' });
  if (p.kind === 'clarify') throw new Error(`clarified: ${p.message}`);
  return p.query;
};

describe('patterns on a name', () => {
  it('"murder rate for the states whose name starts with North or South" lists those states with their rate', () => {
    const q = query('murder rate for the states whose name starts with North or South');
    expect(q.filter).toEqual({ or: [{ column: 'state', op: 'starts_with', value: 'north' }, { column: 'state', op: 'starts_with', value: 'south' }] });
    expect(q.dimensions).toEqual(['state', 'murder']);
    expect(q.measures).toEqual([]);
  });
  it('"with Carolina in the name" is a contains filter; "ending in ton" a suffix', () => {
    expect(query('average assault for states with Carolina in the name').filter).toEqual({ column: 'state', op: 'contains', value: 'carolina' });
    expect(query('how many states have names ending in ton').filter).toEqual({ column: 'state', op: 'ends_with', value: 'ton' });
  });
  it('an aggregation asked keeps one figure over the matching rows', () => {
    const q = query('average murder rate of states whose name begins with New');
    expect(q.measures).toEqual([{ column: 'murder', agg: 'avg' }]);
    expect(q.filter).toEqual({ column: 'state', op: 'starts_with', value: 'new' });
  });
  it('stays off: "starts" with no "with", and a value named plainly, are no patterns', () => {
    expect(JSON.stringify(query('murder rate in New York').filter)).not.toContain('starts_with');
    const p = planQuestion(ctx, 'when the season starts, what is the murder rate in Texas', { dataset: 'arrests' });
    expect(JSON.stringify(p)).not.toContain('starts_with');
  });
  it('stays off: a word a time phrase took is no pattern text ("the year ending in 2018")', () => {
    const stocks = table('stocks', 900, [col('date', 'date', 'time', null, null, 900, ['2015-01-02', '2019-12-31', 'day']), col('ticker', 'text', 'identifier', null, null, 5), col('close', 'double', 'measure', 10, 900, 850)]);
    const p = planQuestion({ vocabularies: [buildVocabulary(stocks, { ticker: ['AAPL', 'MSFT'] })] }, 'average close for the year ending in 2018', { dataset: 'stocks' });
    expect(JSON.stringify(p)).not.toContain('ends_with');
  });
  it('a pattern is about the noun before it, not a column said further back', () => {
    const withRegion = table('arrests2', 50, [col('state', 'text', 'identifier', null, null, 50), col('region', 'text', 'dimension', null, null, 4), col('murder', 'double', 'measure', 0.8, 17.4, 43)]);
    const p = planQuestion({ vocabularies: [buildVocabulary(withRegion, { region: ['South', 'West'] })] }, 'average murder by region for states starting with New', { dataset: 'arrests2' });
    expect(JSON.stringify(p)).not.toContain('"column":"region","op":"starts_with"');
  });
  it('quoted text is one pattern: "whose name starts with \'North D\'"', () => {
    expect(query("murder rate of states whose name starts with 'North D'").filter).toEqual({ column: 'state', op: 'starts_with', value: 'north d' });
  });
  it('stays off: "starting with the highest" is an order, not the letters "the"', () => {
    for (const q of ['list the states starting with the highest murder rate', 'show murder for all states, starting with the lowest']) {
      expect(JSON.stringify(planQuestion(ctx, q, { dataset: 'arrests' }))).not.toContain('starts_with');
    }
  });
});
