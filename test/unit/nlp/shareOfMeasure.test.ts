// "the average share of undecideds": a share averaged, or of a column holding fractions, is that
// column's own figure; "state with the highest income": a singular word the ranking is said of asks for one.
import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { ANSWER_THRESHOLD } from '../../../src/nlp/confidence.js';
import { planQuestion } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { col, table } from './catalogFixture.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;
const polls = table('opinion_polls', 127, [col('pollster', 'text', 'dimension', null, null, 40), col('mode', 'text', 'dimension', null, null, 2), col('samplesize', 'integer', 'measure', 500, 4800, 120), col('undecided', 'double', 'measure', 0, 0.3, 30)]);
const ctx = { vocabularies: [buildVocabulary(polls, { mode: ['Online', 'Telephone'] }, [], { wordnet })] };
const plan = (q: string) => planQuestion(ctx, q, { dataset: 'opinion_polls' });
const regions = table('regions', 300, [col('state', 'text', 'dimension', null, null, 48), col('income', 'double', 'measure', 9000, 22000, 300)]);
const rctx = { vocabularies: [buildVocabulary(regions, { state: ['tx', 'ca'] }, [], { wordnet })] };

describe('a share that is a column of its own', () => {
  it('"the average share of undecideds in online polls" averages the column over online polls', () => {
    const p = plan('What was the average share of undecideds in online polls?');
    expect(p.kind === 'query' && p.intent).toBe('aggregate');
    expect(p.kind === 'query' && p.query.measures).toEqual([{ column: 'undecided', agg: 'avg' }]);
    expect(p.kind === 'query' && p.query.filter).toEqual({ column: 'mode', op: 'eq', value: 'Online' });
    expect(p.kind === 'query' && p.confidence).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
  });
  it('stays off: "what share of polls were online" still splits the polls into parts', () => {
    const p = plan('what share of polls were online');
    expect(p.kind === 'query' && p.intent).toBe('share');
  });
  it('stays off: "share of samplesize by mode" (whole numbers, not averaged) is shares of a whole', () => {
    const p = plan('share of samplesize by mode');
    expect(p.kind === 'query' && p.intent).toBe('share');
  });
});

describe('a singular word the ranking is said of', () => {
  it('"state with the highest average income" is one state', () => {
    const p = planQuestion(rctx, 'state with the highest average income', { dataset: 'regions' });
    expect(p.kind === 'query' && p.query.limit).toBe(1);
  });
  it('stays off: "states with the highest average income" are several', () => {
    const p = planQuestion(rctx, 'states with the highest average income', { dataset: 'regions' });
    expect(p.kind === 'query' && p.query.limit).toBeGreaterThan(1);
  });
});
