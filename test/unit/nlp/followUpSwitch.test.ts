// A follow-up moves to another dataset only on a sure reading there: "which station had the weakest
// reading?" is no question about a table of cities because "weakest" spells WA and Reading is a city.
import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { ANSWER_THRESHOLD } from '../../../src/nlp/confidence.js';
import { followUp } from '../../../src/nlp/conversation.js';
import { planQuestion } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { col, table } from './catalogFixture.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;
const quakes = table('attenu', 182, [col('event', 'integer', 'measure', 1, 23, 23), col('station', 'text', 'dimension', null, null, 117), col('dist', 'double', 'measure', 0.5, 370, 150), col('accel', 'double', 'measure', 0.003, 0.81, 150)]);
const towns = table('towns', 3000, [col('city', 'text', 'dimension', null, null, 2700), col('state', 'text', 'dimension', null, null, 56), col('population', 'integer', 'measure', 100, 8e6, 2900)]);
const ctx = { vocabularies: [buildVocabulary(quakes, { station: ['117', '1083'] }, [], { wordnet }), buildVocabulary(towns, { city: ['Reading', 'Austin'], state: ['WA', 'TX'] }, [], { wordnet })] };

describe('a follow-up whose words another dataset only guesses at', () => {
  it('is never answered there with confidence', () => {
    const first = planQuestion(ctx, 'average accel by station', { dataset: 'attenu' });
    const p = followUp(ctx, first, 'which station had the weakest reading?');
    expect(p.kind === 'query' && p.query.dataset === 'towns' && p.confidence >= ANSWER_THRESHOLD).toBe(false);
  });
  it('still moves on a sure reading: "and the population of Austin?"', () => {
    const first = planQuestion(ctx, 'average accel by station', { dataset: 'attenu' });
    const p = followUp(ctx, first, 'what is the population of Austin?');
    expect(p.kind === 'query' && p.query.dataset).toBe('towns');
  });
});
