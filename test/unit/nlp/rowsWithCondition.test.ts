// "polls with a sample over 4,000": a plural noun for the rows and what they must be, with no
// question word, asks to see those rows; "how many polls …" still counts them.
import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { planQuestion } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { col, table } from './catalogFixture.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;
const polls = table('polls', 127, [col('pollster', 'text', 'dimension', null, null, 40), col('samplesize', 'integer', 'measure', 500, 4800, 120), col('remain', 'double', 'measure', 0.3, 0.6, 30)]);
const ctx = { vocabularies: [buildVocabulary(polls, {}, [], { wordnet })] };
const plan = (q: string) => planQuestion(ctx, q, { dataset: 'polls' });

describe('the rows that meet a condition', () => {
  it('"polls with a samplesize over 4,000" lists those polls', () => {
    const p = plan('polls with a samplesize over 4,000');
    expect(p.kind === 'query' && p.intent).toBe('list');
    expect(p.kind === 'query' && p.query.filter).toEqual({ column: 'samplesize', op: 'gt', value: 4000 });
    expect(p.kind === 'query' && p.query.dimensions).toContain('pollster');
  });
  it('stays off: "how many polls had a samplesize over 4,000" counts them', () => {
    const p = plan('how many polls had a samplesize over 4,000');
    expect(p.kind === 'query' && p.query.measures).toEqual([{ agg: 'count' }]);
  });
  it('stays off: "number of polls with a samplesize over 4,000" counts them', () => {
    const p = plan('number of polls with a samplesize over 4,000');
    expect(p.kind === 'query' && p.query.measures).toEqual([{ agg: 'count' }]);
  });
});
