// "at 15 years": an age said as a point, on the column its unit names, over a figure named beside it.
import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { col, table } from './catalogFixture.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;
const growth = table('saplings', 84, [col('plot', 'integer', 'dimension', 301, 331, 14), col('age', 'integer', 'dimension', 3, 25, 6), col('height', 'double', 'measure', 3.4, 64, 84)]);
const ctx: PlannerContext = { vocabularies: [buildVocabulary(growth, {}, [], { wordnet })] };
const plan = (q: string) => planQuestion(ctx, q, { dataset: 'saplings' });
const filter = (q: string) => {
  const p = plan(q);
  return JSON.stringify(p.kind === 'query' ? p.query.filter : p.kind);
};

describe('an age at a point', () => {
  it('"average height at 10 years" filters age 10 and averages height', () => {
    const p = plan('average height at 10 years');
    expect(p.kind === 'query' && p.query.filter).toEqual({ column: 'age', op: 'eq', value: 10 });
    expect(p.kind === 'query' && p.query.measures).toEqual([{ column: 'height', agg: 'avg' }]);
  });
  it('"the shortest at 3 years old" is age 3 too', () => {
    expect(filter('which plot had the shortest height at 3 years old')).toContain('"column":"age","op":"eq","value":3');
  });
  it('stays off: "at 10 meters" names no age', () => {
    expect(filter('average height at 10 meters')).not.toContain('"age"');
  });
});
