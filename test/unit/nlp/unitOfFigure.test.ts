// "the average hourly wage" in a table with no time: the adjective says what the figure is per.
import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { ANSWER_THRESHOLD } from '../../../src/nlp/confidence.js';
import { planQuestion } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { col, table } from './catalogFixture.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;
const workers = table('cps', 534, [col('wage', 'double', 'measure', 1, 45, 300), col('sector', 'text', 'dimension', null, null, 3), col('region', 'text', 'dimension', null, null, 2), col('population', 'integer', 'measure', 1, 5000, 400)]);
const ctx = { vocabularies: [buildVocabulary(workers, { sector: ['manufacturing', 'construction', 'other'], region: ['south', 'other'] }, [], { wordnet })] };
const plan = (q: string) => planQuestion(ctx, q, { dataset: 'cps' });

describe('a grain adjective before a figure where nothing is timed', () => {
  it('"the average hourly wage" is the average wage, answered', () => {
    const p = plan("What's the average hourly wage?");
    expect(p.kind === 'query' && p.query.measures).toEqual([{ column: 'wage', agg: 'avg' }]);
    expect(p.kind === 'query' ? p.query.time?.grain ?? null : 'not a query').toBeNull();
    expect(p.kind === 'query' && p.confidence).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
  });
  it('stays off: "wage by month" still says there is no time to split by', () => {
    expect(plan('wage by month').kind).toBe('clarify');
  });
  it('"how many people live in the south" sums the people, "live" being no unknown word', () => {
    const p = plan('how many people live in the south');
    expect(p.kind === 'query' && p.query.measures).toEqual([{ column: 'population', agg: 'sum' }]);
  });
});
