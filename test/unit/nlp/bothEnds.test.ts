// "The lowest and highest X" asks for both ends of one figure, not a ranking by it.
import { describe, expect, it } from 'vitest';
import { col, table } from './catalogFixture.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;

const glass = table('glass', 214, [col('ri', 'double', 'measure', -7, 16, 180), col('na', 'double', 'measure', 10, 17, 180), col('type', 'text', 'dimension', null, null, 6)]);
// One row per named car: a noun before the ends can name the rows.
const autos = table('autos', 32, [col('model', 'text', 'identifier', null, null, 32), col('mpg', 'double', 'measure', 10, 34, 30)]);
const ctx: PlannerContext = { vocabularies: [buildVocabulary(glass, { type: ['float', 'head', 'tableware'] }, []), buildVocabulary(autos, { model: ['Valiant', 'Fiat 128', 'Camaro Z28'] }, [], { wordnet })] };
const measures = (q: string) => {
  const p = planQuestion(ctx, q, { dataset: 'glass' });
  return p.kind === 'query' ? p.query.measures : p.kind;
};

describe('both ends of a figure', () => {
  it.each(['What are the lowest and highest ri values?', 'min and max ri', 'highest and lowest ri', 'smallest and largest ri'])('"%s" → min and max of ri', (q) => {
    expect(measures(q)).toEqual([{ column: 'ri', agg: 'min' }, { column: 'ri', agg: 'max' }]);
  });
  it('per group too, with no ranking', () => {
    const p = planQuestion(ctx, 'lowest and highest na by type', { dataset: 'glass' });
    expect(p.kind === 'query' && p.query.measures).toEqual([{ column: 'na', agg: 'min' }, { column: 'na', agg: 'max' }]);
    expect(p.kind === 'query' && p.query.limit).toBeFalsy();
  });
  it('stays off: one end alone is one figure, a ranking stays a ranking', () => {
    expect(measures('lowest na')).toEqual([{ column: 'na', agg: 'min' }]);
    const p = planQuestion(ctx, 'which type has the highest na', { dataset: 'glass' });
    expect(p.kind === 'query' && p.query.limit).toBe(1);
    expect(p.kind === 'query' && p.query.measures.length).toBe(1);
  });
  it('stays off: "which type has the highest and lowest na" is not answered confidently with one end', () => {
    for (const q of ['which type has the highest and lowest na', 'the types with the most and least na']) {
      const p = planQuestion(ctx, q, { dataset: 'glass' });
      const oneEnd = p.kind === 'query' && (p.intent === 'top_n' || p.intent === 'bottom_n');
      expect(oneEnd && p.kind === 'query' && p.confidence >= 0.7, q).toBe(false);
    }
  });
  it('"show the cars with the lowest and highest mpg" asks for rows: two bare figures are in doubt', () => {
    const p = planQuestion(ctx, 'show the cars with the lowest and highest mpg', { dataset: 'autos' });
    expect(p.kind === 'query' && p.query.dimensions.length === 0 && p.confidence >= 0.7).toBe(false);
  });
  it('stays off: the rows named after the ends ("the lowest and highest mpg of the cars") are one figure each', () => {
    const p = planQuestion(ctx, 'what are the lowest and highest mpg of the cars', { dataset: 'autos' });
    expect(p.kind === 'query' && p.confidence).toBeGreaterThanOrEqual(0.7);
  });
});
