// Words the dataset's name is a kind of name its rows: "dogs" in a table called beagles, "trees" in
// one named after a pine (by the compound "loblolly pine").
import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { ANSWER_THRESHOLD } from '../../../src/nlp/confidence.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { rowKindsOf } from '../../../src/nlp/wordnet/rowKinds.js';
import { col, table } from './catalogFixture.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet())!;
const beagles = table('beagles', 120, [col('litter', 'integer', 'dimension', 1, 20, 20), col('age', 'integer', 'dimension', 1, 6, 6), col('weight', 'double', 'measure', 2, 15, 100)]);
const ctx: PlannerContext = { vocabularies: [buildVocabulary(beagles, {}, [], { wordnet })] };
const plan = (q: string) => planQuestion(ctx, q, { dataset: 'beagles' });

describe('words for what the rows are a kind of', () => {
  it('a dog and a tree are kinds of a beagle and a loblolly; food too general a thing is not', () => {
    expect(rowKindsOf(wordnet, beagles)('dogs')).toBe(true);
    const pines = rowKindsOf(wordnet, table('loblolly', 84, [col('height', 'double', 'measure', 1, 60, 80)]));
    expect(pines('trees')).toBe(true);
    expect(pines('object')).toBe(false);
  });
  it('"how many dogs weighed more than 10" counts the rows, answered', () => {
    const p = plan('How many dogs weighed more than 10?');
    expect(p.kind === 'query' && p.query.measures).toEqual([{ agg: 'count' }]);
    expect(p.kind === 'query' && p.confidence).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
  });
  it('"the 5 heaviest dogs" lists rows, with no doubt about counting', () => {
    const p = plan('the 5 heaviest dogs');
    expect(p.kind === 'query' && p.intent).toBe('list');
    expect(p.kind === 'query' && p.confidence).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
  });
  it('stays off: a word the name is no kind of stays unknown ("cats")', () => {
    expect(plan('How many cats weighed more than 10?').kind).toBe('clarify');
  });
  it('"how much heavier were the dogs at age 5 than at age 2" is no confident single figure', () => {
    const p = plan('How much heavier were the dogs on average at age 5 than at age 2?');
    expect(p.kind === 'query' && p.confidence >= ANSWER_THRESHOLD && !p.query.contrast).toBe(false);
  });
  it('"how does average weight change as the dogs get older" is no confident pair of figures', () => {
    const p = plan('how does average weight change as the dogs get older');
    expect(p.kind === 'query' && p.confidence >= ANSWER_THRESHOLD && p.intent === 'aggregate').toBe(false);
  });
});
