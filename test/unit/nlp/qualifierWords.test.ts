// "sodium content", "humidity level", "glass type": words that say how a column is spoken of.
import { describe, expect, it } from 'vitest';
import { col, table } from './catalogFixture.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';

const lab = table('lab', 214, [col('sodium', 'double', 'measure', 10, 17, 180), col('humidity', 'double', 'measure', 30, 90, 60), col('type', 'text', 'dimension', null, null, 6), col('site', 'text', 'dimension', null, null, 4)]);
const ctx: PlannerContext = { vocabularies: [buildVocabulary(lab, { type: ['float', 'head', 'tableware'], site: ['north', 'south'] }, [])] };
const plan = (q: string) => planQuestion(ctx, q, { dataset: 'lab' });

describe('words that qualify a column', () => {
  it('a measurement head noun after the column: "average sodium content", "the humidity level"', () => {
    for (const q of ['What is the average sodium content?', 'average humidity level']) {
      const p = plan(q);
      expect(p.kind, q).toBe('query');
      expect(p.kind === 'query' && p.notes.join(' '), q).not.toContain('ignored');
    }
  });
  it('"the amount of sodium by site"', () => {
    const p = plan('the average amount of sodium by site');
    expect(p.kind === 'query' && p.query.measures).toEqual([{ column: 'sodium', agg: 'avg' }]);
    expect(p.kind === 'query' && p.query.dimensions).toEqual(['site']);
  });
  it('the thing a column of kinds classifies: "average sodium by glass type" groups by type', () => {
    const p = plan('average sodium by glass type');
    expect(p.kind === 'query' && p.query.dimensions).toEqual(['type']);
    expect(p.kind === 'query' && p.confidence).toBeGreaterThanOrEqual(0.7);
  });
  it('stays off: an unknown word before a column that classifies nothing still asks', () => {
    expect(plan('average sodium by glass site').kind).toBe('clarify');
  });
  it('stays off: a head noun with no column beside it is still unknown', () => {
    expect(plan('average content of the lab').kind).toBe('clarify');
  });
});
