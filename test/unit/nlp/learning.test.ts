import { beforeAll, describe, expect, it } from 'vitest';
import { loadIntentModel, trainIntentModel } from '../../../src/nlp/classifier.js';
import { INTENT_CORPUS } from '../../../src/nlp/corpus/index.js';
import { intentOfQuery, learnFromCorrection, termMapping } from '../../../src/nlp/learning.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary, type LearnedSynonym } from '../../../src/nlp/vocabulary.js';
import type { InsightQuery } from '../../../src/insights/insightQuery.js';
import { demoDatasets } from '../../fixtures/nlp/demoCatalogs.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const all = demoDatasets();
const model = loadIntentModel(trainIntentModel(INTENT_CORPUS));
const ctxWith = (learned: LearnedSynonym[]): PlannerContext => ({
  vocabularies: Object.values(all).map((d) => buildVocabulary(d.dataset, d.dimensionValues, learned)),
  model,
});

describe('learning from corrections', () => {
  let before: PlannerContext;
  beforeAll(() => {
    before = ctxWith([]);
  });

  it("a corrected query teaches an unknown word and changes the next plan for the same and a similar question", () => {
    const q = 'what was the warmest temperature in 2014';
    expect(planQuestion(before, q, { dataset: 'seattle_weather' }).kind).toBe('clarify');
    const corrected: InsightQuery = { dataset: 'seattle_weather', measures: [{ column: 'temp_max', agg: 'max' }], dimensions: [], orderBy: [], time: { range: { from: '2014-01-01', to: '2015-01-01' } } };
    const lessons = learnFromCorrection(before.vocabularies.find((v) => v.dataset.name === 'seattle_weather')!, q, corrected);
    expect(lessons.synonyms).toEqual([{ datasetName: 'seattle_weather', phrase: 'warmest', target: { kind: 'column', column: 'temp_max', agg: 'max' } }]);
    expect(lessons.example.intent).toBe('aggregate');

    const after = ctxWith(lessons.synonyms);
    const same = planQuestion(after, q, { dataset: 'seattle_weather' });
    expect(same.kind === 'query' && same.query.measures).toEqual([{ column: 'temp_max', agg: 'max' }]);
    const similar = planQuestion(after, 'warmest day last year', { dataset: 'seattle_weather' });
    expect(similar.kind).toBe('query');
    if (similar.kind === 'query') {
      expect(similar.query.measures).toEqual([{ column: 'temp_max', agg: 'max' }]);
      expect(similar.query.time?.range).toEqual({ from: '2014-01-01', to: '2015-01-01' });
    }
  });

  it('a term mapping for a grouping word turns a clarification into a breakdown', () => {
    const q = 'unemployment rate by industry';
    expect(planQuestion(before, q).kind).toBe('clarify');
    const after = ctxWith([termMapping('unemployment', 'the industry', { kind: 'column', column: 'series' })]);
    const p = planQuestion(after, q);
    expect(p.kind === 'query' && p.query.dimensions).toEqual(['series']);
    const similar = planQuestion(after, 'total count per industry in 2009');
    expect(similar.kind === 'query' && similar.query.dimensions).toEqual(['series']);
  });

  it('a learned value mapping reaches names the catalog cannot know', () => {
    const after = ctxWith([termMapping('stocks', 'apple', { kind: 'value', column: 'symbol', value: 'AAPL' })]);
    const p = planQuestion(after, 'average price of apple in 2009');
    expect(p.kind === 'query' && p.query.filter).toEqual({ column: 'symbol', op: 'eq', value: 'AAPL' });
  });

  it('labels corrected queries with the intent their shape expresses', () => {
    const base = { dataset: 'd', dimensions: [] as string[], orderBy: [] as InsightQuery['orderBy'] };
    expect(intentOfQuery({ ...base, measures: [{ agg: 'count' }] })).toBe('count');
    expect(intentOfQuery({ ...base, measures: [{ column: 'x', agg: 'sum' }], time: { grain: 'month' } })).toBe('trend');
    expect(intentOfQuery({ ...base, measures: [{ column: 'x', agg: 'sum' }], dimensions: ['d'], orderBy: [{ field: 'sum_x', direction: 'desc' }], limit: 3 })).toBe('top_n');
  });
});
