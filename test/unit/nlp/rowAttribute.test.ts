// "what type of star is Polaris?": one named row's value in a column of words, not a count of it.
import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { ANSWER_THRESHOLD } from '../../../src/nlp/confidence.js';
import { planQuestion } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { col, table } from './catalogFixture.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;
const stars = table('stars', 96, [col('star', 'text', 'dimension', null, null, 95), col('magnitude', 'double', 'measure', -8, 17, 80), col('temp', 'integer', 'measure', 2500, 33600, 80), col('type', 'text', 'dimension', null, null, 7)]);
const ctx = { vocabularies: [buildVocabulary(stars, { star: ['Sun', 'Polaris', 'Vega', 'Rigel'], type: ['O', 'B', 'A', 'F', 'G', 'K', 'M'] }, [], { wordnet })] };
const plan = (q: string) => planQuestion(ctx, q, { dataset: 'stars' });

describe("a named row's value in a column of words", () => {
  it('"what type of star is Polaris?" shows Polaris and its type, answered', () => {
    const p = plan('what type of star is Polaris?');
    expect(p.kind === 'query' && p.query.dimensions).toEqual(['star', 'type']);
    expect(p.kind === 'query' && p.query.filter).toEqual({ column: 'star', op: 'eq', value: 'Polaris' });
    expect(p.kind === 'query' && p.query.measures).toEqual([]);
    expect(p.kind === 'query' && p.confidence).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
  });
  it('stays off: "how many stars are of type G" counts', () => {
    const p = plan('how many stars are of type G');
    expect(p.kind === 'query' && p.intent).toBe('count');
  });
  it('stays off: "what is the temp of Polaris" is the figure, not a list', () => {
    const p = plan('what is the temp of Polaris');
    expect(p.kind === 'query' && p.query.measures.map((m) => m.column)).toEqual(['temp']);
  });
  it('stays off: a word read as a code of many rows ("LaGuardia" → LA) names no one row', () => {
    const airports = table('airports', 3376, [col('iata', 'text', 'identifier', null, null, 3376), col('name', 'text', 'dimension', null, null, 3300), col('city', 'text', 'dimension', null, null, 2700), col('state', 'text', 'dimension', null, null, 56)]);
    const c = { vocabularies: [buildVocabulary(airports, { state: ['LA', 'NY', 'TX'], city: ['New York', 'Abbeville'] }, [], { wordnet })] };
    const p = planQuestion(c, 'What city is LaGuardia in?', { dataset: 'airports' });
    expect(p.kind === 'query' && p.intent === 'list' && p.confidence >= ANSWER_THRESHOLD).toBe(false);
  });
  it('"how many stars are listed" counts the rows, a name listed twice twice', () => {
    const p = plan('how many stars are listed');
    expect(p.kind === 'query' && p.query.measures).toEqual([{ agg: 'count' }]);
  });
  it('stays off: "how many different stars" counts the distinct names', () => {
    const p = plan('how many different stars are there');
    expect(p.kind === 'query' && p.query.measures).toEqual([{ column: 'star', agg: 'count_distinct' }]);
  });
});
