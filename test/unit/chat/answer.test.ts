import { describe, expect, it } from 'vitest';
import { clarificationAnswer, clarifyPlan, resultAnswer, STORED_ROWS, storedAnswer } from '../../../src/chat/answer.js';
import { ownerKey } from '../../../src/chat/askService.js';
import { questionKey } from '../../../src/chat/questionKey.js';
import type { QueryPlan } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { demoDatasets } from '../../fixtures/nlp/demoCatalogs.js';

const ids = { conversationId: 'c', messageId: 'm' };

describe('answers', () => {
  const demo = demoDatasets().seattle_weather!;
  const vocab = buildVocabulary(demo.dataset, demo.dimensionValues);
  const trend: QueryPlan = {
    kind: 'query',
    intent: 'trend',
    query: { dataset: 'seattle_weather', measures: [{ column: 'precipitation', agg: 'sum' }], dimensions: [], orderBy: [], time: { grain: 'day' } },
    restatement: 'total precipitation per day',
    confidence: 0.9,
    notes: [],
  };
  const rows = demo.rows.map((r) => ({ day: r.date, sum_precipitation: r.precipitation }));
  const result = { columns: [{ name: 'day', label: 'day', type: 'date' as const, role: 'time' as const }, { name: 'sum_precipitation', label: 'p', type: 'double' as const, role: 'measure' as const }], rows, totalRows: rows.length, truncated: false };

  it('a result answer carries the sentence, the interpretation, the rows and a line chart', () => {
    const a = resultAnswer(trend, result, vocab, ids);
    expect(a.clarification).toBeNull();
    expect(a.interpretation).toEqual({ intent: 'trend', query: trend.query, restatement: 'total precipitation per day', notes: [] });
    expect(a.result!.rows).toHaveLength(1461);
    expect((a.chart as any).mark.type).toBe('line');
    expect(a.text).toMatch(/^Total precipitation per day/);
    expect(a).toMatchObject(ids);
  });

  it('below the answer threshold the rows come with a clarification naming what was doubted', () => {
    const unsure: QueryPlan = { ...trend, confidence: 0.5, notes: ["ignored 'more'", "not sure: ignored 'more'; a difference was asked for"] };
    const a = resultAnswer(unsure, result, vocab, ids);
    expect(a.lowConfidence).toBe(true);
    expect(a.result!.rows.length).toBeGreaterThan(0);
    expect(a.clarification).toMatchObject({ unknownTerms: ['more'] });
    expect(a.clarification!.message).toMatch(/not sure.*ignored 'more'.*total precipitation per day/);
    expect(resultAnswer(trend, result, vocab, ids).lowConfidence).toBe(false);
  });

  it('stored answers keep at most STORED_ROWS rows, in the chart too, and say they were cut', () => {
    const a = resultAnswer(trend, result, vocab, ids);
    const s = storedAnswer(a);
    expect(s.result!.rows).toHaveLength(STORED_ROWS);
    expect(s.result!.rows[0]).toEqual(rows[0]);
    expect(s.result!.truncated).toBe(true);
    expect(s.result!.totalRows).toBe(1461);
    expect((s.chart as any).data.values).toHaveLength(STORED_ROWS);
    expect(a.result!.rows).toHaveLength(1461); // the live answer is untouched
    const small = resultAnswer(trend, { ...result, rows: rows.slice(0, 5), totalRows: 5 }, vocab, ids);
    expect(storedAnswer(small)).toBe(small);
  });

  it('a clarification keeps what was understood, and has no rows', () => {
    const c = clarifyPlan('Model questions are not available yet.', ['precipitation by month'], 'seattle_weather');
    const a = clarificationAnswer(c, vocab, ids, trend);
    expect(a.result).toBeNull();
    expect(a.clarification).toEqual({ message: 'Model questions are not available yet.', options: ['precipitation by month'], unknownTerms: [] });
    expect(a.interpretation!.intent).toBe('trend');
    expect(a.dataset).toBe('seattle_weather');
    expect(a.suggestions.length).toBeGreaterThan(0);
    expect(clarificationAnswer(c, undefined, ids).suggestions).toEqual([]);
  });
});

describe('question keys and owner keys', () => {
  it('a question key ignores case, punctuation and spacing but not words or numbers', () => {
    expect(questionKey('What was the  total precipitation in 2014?')).toBe(questionKey('what was the total precipitation in 2014'));
    expect(questionKey('Total soaking, in 2014!')).toBe('total soaking in 2014');
    expect(questionKey('total soaking in 2014')).not.toBe(questionKey('total soaking in 2013'));
    expect(questionKey('   ')).toBe('');
  });

  it('owner keys are trimmed, empty means anonymous, and over-long keys are refused', () => {
    expect(ownerKey('  alice ')).toBe('alice');
    expect(ownerKey('')).toBeNull();
    expect(ownerKey(undefined)).toBeNull();
    expect(() => ownerKey('k'.repeat(201))).toThrow(/longer than 200/);
  });
});
