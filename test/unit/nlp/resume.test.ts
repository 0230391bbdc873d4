import { describe, expect, it } from 'vitest';
import { followUp } from '../../../src/nlp/conversation.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { demoDatasets } from '../../fixtures/nlp/demoCatalogs.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const all = demoDatasets();
const ctx: PlannerContext = { vocabularies: Object.values(all).map((d) => buildVocabulary(d.dataset, d.dimensionValues)) };

describe('conversation', () => {
  it('an option picked for an unknown word resumes the original question', () => {
    const c = planQuestion(ctx, 'average blustery by weather', { dataset: 'seattle_weather' });
    expect(c).toMatchObject({ kind: 'clarify', unknownTerms: ['blustery'], resume: { question: 'average blustery by weather' } });
    const p = followUp(ctx, c, 'wind');
    expect(p.kind).toBe('query');
    if (p.kind === 'query') {
      expect(p.query).toMatchObject({ dataset: 'seattle_weather', measures: [{ column: 'wind', agg: 'avg' }], dimensions: ['weather'] });
      expect(p.notes.some((n) => n.startsWith('resumed:'))).toBe(true);
    }
  });
  it('the reply teaches the unknown word: once learned, the question is answered without asking', () => {
    const c = planQuestion(ctx, 'average blustery by weather', { dataset: 'seattle_weather' });
    const p = followUp(ctx, c, 'wind');
    if (p.kind !== 'query') throw new Error('expected an answer');
    expect(p.learned).toEqual([{ datasetName: 'seattle_weather', phrase: 'blustery', target: { kind: 'column', column: 'wind' } }]);
    const d = all.seattle_weather!;
    const taught: PlannerContext = { vocabularies: [buildVocabulary(d.dataset, d.dimensionValues, p.learned)] };
    const next = planQuestion(taught, 'average blustery by weather');
    expect(next.kind === 'query' && next.query).toMatchObject({ measures: [{ column: 'wind', agg: 'avg' }], dimensions: ['weather'] });
  });
  it('teaches nothing when the reply names no single column or value, or two words were unknown', () => {
    const c = planQuestion(ctx, 'average blustery by weather', { dataset: 'seattle_weather' });
    const own = followUp(ctx, c, 'total precipitation in 2014 by weather');
    expect(own.kind === 'query' && own.learned).toBeFalsy();
    const two = planQuestion(ctx, 'average blustery gusty by weather', { dataset: 'seattle_weather' });
    expect(two).toMatchObject({ kind: 'clarify', unknownTerms: ['blustery', 'gusty'] });
    const p = followUp(ctx, two, 'wind');
    expect(p.kind !== 'clarify' && p.learned).toBeFalsy();
  });
  it('a question in reply to a question back is asked on its own, never pasted into the first', () => {
    const c = planQuestion(ctx, 'average blustery by weather', { dataset: 'seattle_weather' });
    for (const reply of ['which days were those?', 'which ones?']) {
      const p = followUp(ctx, c, reply);
      expect(p.kind === 'clarify' || !p.notes.some((n) => n.startsWith('resumed:')), reply).toBe(true);
    }
  });
  it('a reply by option number picks that option', () => {
    const c = planQuestion(ctx, 'average blustery by weather', { dataset: 'seattle_weather' });
    if (c.kind !== 'clarify') throw new Error('expected a clarification');
    const i = c.options.findIndex((o) => o === 'wind');
    expect(i).toBeGreaterThanOrEqual(0);
    const p = followUp(ctx, c, String(i + 1));
    expect(p.kind === 'query' && p.query.measures[0]).toMatchObject({ column: 'wind' });
  });
  it("a question whose words belong to another dataset switches to it; a short follow-up stays", () => {
    const first = planQuestion(ctx, 'total precipitation in 2014', { dataset: 'seattle_weather' });
    const other = followUp(ctx, first, 'top 5 directors by worldwide gross');
    expect(other.kind === 'query' && other.query.dataset).toBe('movies');
    const same = followUp(ctx, first, 'and in 2013?');
    expect(same.kind === 'query' && same.query.dataset).toBe('seattle_weather');
  });
  it('dataset options list every dataset, best match first', () => {
    const p = planQuestion(ctx, 'tell me something');
    expect(p.kind).toBe('clarify');
    if (p.kind === 'clarify' && p.options.length > 1) expect([...p.options].sort()).toEqual(ctx.vocabularies.map((v) => v.dataset.name).sort());
  });
});
