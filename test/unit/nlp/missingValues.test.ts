// A text column that writes "no value" as NA (files written by R): no group of its own in a breakdown.
import { describe, expect, it } from 'vitest';
import { col, table } from './catalogFixture.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';

process.env.DOTENV_CONFIG_QUIET = 'true';

const pupils = table('pupils', 200, [col('score', 'double', 'measure', 0, 100, 150), col('gender', 'text', 'dimension', null, null, 3), col('house', 'text', 'dimension', null, null, 3)]);
const ctx: PlannerContext = { vocabularies: [buildVocabulary(pupils, { gender: ['F', 'M', 'NA'], house: ['North', 'South', 'None'] })] };

describe('missing-value markers in a text column', () => {
  it('a breakdown leaves the NA rows out and says so', () => {
    const p = planQuestion(ctx, 'average score by gender', { dataset: 'pupils' });
    expect(p.kind).toBe('query');
    if (p.kind !== 'query') return;
    expect(p.query.dimensions).toEqual(['gender']);
    expect(p.query.filter).toEqual({ column: 'gender', op: 'neq', value: 'NA' });
    expect(p.notes.join(' ')).toMatch(/left out the rows where gender is 'NA'/);
  });

  it('a word that can be a real category ("None") stays a group, and a figure over all rows filters nothing', () => {
    const byHouse = planQuestion(ctx, 'average score by house', { dataset: 'pupils' });
    expect(byHouse.kind === 'query' && byHouse.query.filter).toBeFalsy();
    const all = planQuestion(ctx, 'average score', { dataset: 'pupils' });
    expect(all.kind === 'query' && all.query.filter).toBeFalsy();
  });
});
