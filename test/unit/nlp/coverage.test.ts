import { describe, expect, it } from 'vitest';
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
});
