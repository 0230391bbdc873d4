// An amount asked of a value ("how much did it rain") is not answered confidently by counting its rows.
import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { ANSWER_THRESHOLD } from '../../../src/nlp/confidence.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { col, table } from './catalogFixture.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;
// Daily weather: a kind-of-day column beside the amounts that fell.
const days = table('daily', 1400, [col('date', 'date', 'time', null, null, 1400, ['2012-01-01', '2015-12-31', 'day']), col('rainfall_mm', 'double', 'measure', 0, 55, 100), col('high', 'double', 'measure', -1, 35, 200), col('sky', 'text', 'dimension', null, null, 5)]);
const ctx: PlannerContext = { vocabularies: [buildVocabulary(days, { sky: ['rain', 'sun', 'snow', 'fog', 'drizzle'] }, [], { wordnet })] };
const plan = (q: string) => planQuestion(ctx, q, { dataset: 'daily' });
const countedConfidently = (q: string) => {
  const p = plan(q);
  return p.kind === 'query' && p.confidence >= ANSWER_THRESHOLD && p.query.measures.length === 1 && p.query.measures[0]!.agg === 'count' && !p.query.measures[0]!.column;
};

describe('an amount of a value is no count of its rows', () => {
  it('"how much did it rain in 2015" is not answered confidently with the number of rainy days', () => {
    expect(countedConfidently('how much did it rain in 2015')).toBe(false);
  });
  it('"total snow in 2014" is not either', () => {
    expect(countedConfidently('total snow in 2014')).toBe(false);
  });
  it('stays off: "how many rainy days in 2015" and "total number of sunny days" count rows', () => {
    expect(countedConfidently('how many rainy days in 2015')).toBe(true);
    expect(countedConfidently('total number of sunny days')).toBe(true);
  });
});
