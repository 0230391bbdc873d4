import { describe, expect, it } from 'vitest';
import { ANSWER_THRESHOLD } from '../../../src/nlp/confidence.js';
import { explain } from '../../../src/nlp/explain.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { demoDatasets } from '../../fixtures/nlp/demoCatalogs.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const all = demoDatasets();
const ctx: PlannerContext = { vocabularies: Object.values(all).map((d) => buildVocabulary(d.dataset, d.dimensionValues)) };

describe('coverage: no word dropped silently', () => {
  it('only function words → clarification', () => {
    expect(planQuestion(ctx, 'what is the of and', { dataset: 'seattle_weather' }).kind).toBe('clarify');
  });
  it('a number with no column near it → asks which column it applies to', () => {
    const p = planQuestion(ctx, 'total precipitation 12345', { dataset: 'seattle_weather' });
    expect(p).toMatchObject({ kind: 'clarify', unknownTerms: ['12345'] });
  });
  it('a year outside the data → says which span the data covers', () => {
    const p = planQuestion(ctx, 'total precipitation in 1850', { dataset: 'seattle_weather' });
    expect(p.kind).toBe('clarify');
    if (p.kind === 'clarify') expect(p.message).toMatch(/covers/);
  });
  it('explain() shows every stage and what each word became', () => {
    const e = explain(ctx, 'average wind in 2014', 'seattle_weather');
    expect(e.tokens.map((t) => t.text)).toEqual(['average', 'wind', 'in', '2014']);
    expect(e.spans.find((s) => s.text === 'wind')).toMatchObject({ kind: 'column' });
    expect(e.spans.find((s) => s.text === '2014')).toMatchObject({ kind: 'time' });
    expect(e.unused).toEqual([]);
    expect(e.plan.kind).toBe('query');
    if (e.plan.kind === 'query') expect(e.plan.notes.some((n) => n.startsWith("understood: 'average'"))).toBe(true);
  });
  it('a word the plan did not use is named and keeps the answer below the threshold', () => {
    // With no second side ("than …"), "more" reads as nothing the plan can use.
    const p = planQuestion(ctx, 'how much more precipitation in 2014', { dataset: 'seattle_weather' });
    expect(p.kind).toBe('query');
    if (p.kind === 'query') {
      expect(p.notes).toContain("ignored 'more'");
      expect(p.confidence).toBeLessThan(ANSWER_THRESHOLD);
    }
  });
  it('a fragment with nothing to follow is not answered as settled', () => {
    const p = planQuestion(ctx, 'and in 2013?', { dataset: 'seattle_weather' });
    expect(p.kind === 'clarify' || p.confidence < ANSWER_THRESHOLD).toBe(true);
  });
  it('a plain question with every word used is answered above the threshold', () => {
    const p = planQuestion(ctx, 'average wind in 2014', { dataset: 'seattle_weather' });
    expect(p.kind).toBe('query');
    expect(p.confidence).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
  });
});
