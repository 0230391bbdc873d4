import { describe, expect, it } from 'vitest';
import { followUp } from '../../../src/nlp/conversation.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { demoDatasets } from '../../fixtures/nlp/demoCatalogs.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const all = demoDatasets();
const ctx: PlannerContext = { vocabularies: Object.values(all).map((d) => buildVocabulary(d.dataset, d.dimensionValues)) };

describe('bad input', () => {
  it.each([
    ['', /Ask a question/],
    ['   ', /Ask a question/],
    ['x'.repeat(10_000), /too long/],
    ['¿cuál fue la precipitación total?', /English/],
    ['🌧️☔🌈', /words/],
    ["'; drop table datasets; --", /SQL or GraphQL/],
    ['SELECT * FROM users', /SQL or GraphQL/],
    ['{ datasets { name } }', /SQL or GraphQL/],
    ['mutation { ingest(file: "x") }', /SQL or GraphQL/],
  ])('%s → clarification', (q, re) => {
    const p = planQuestion(ctx, q);
    expect(p.kind).toBe('clarify');
    if (p.kind === 'clarify') expect(p.message).toMatch(re);
  });
  it('answers an unknown dataset with the closest names', () => {
    const p = planQuestion(ctx, 'total precipitation', { dataset: 'seatle_weather' });
    expect(p).toMatchObject({ kind: 'clarify', options: ['seattle_weather'], unknownTerms: ['seatle_weather'] });
  });
  it('never throws on odd values and stays fast on long input', () => {
    const t = performance.now();
    for (const q of [null, undefined, 42, 'a'.repeat(499), 'by by by by', '2014 2015 2016', '??', 'top top 5 5'] as unknown[]) {
      expect(() => planQuestion(ctx, q as string)).not.toThrow();
    }
    expect(performance.now() - t).toBeLessThan(500);
  });
  it('a follow-up without a previous plan is a fresh question', () => {
    const p = followUp(ctx, null, 'total precipitation in 2014');
    expect(p.kind === 'query' && p.query.dataset).toBe('seattle_weather');
  });
});
