// A text column that writes "no value" as NA (files written by R): no group of its own in a breakdown;
// a figure with empty cells, counted where it has a value.
import { describe, expect, it } from 'vitest';
import { col, table } from './catalogFixture.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { catalogFromRows, type ColSpec } from '../../fixtures/nlp/demoCatalogs.js';

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

// Made-up yearly figures, one of them with empty cells.
const spec = (name: string, type: ColSpec['type'], role: ColSpec['role']): ColSpec => ({ source: name, name, type, role });
const yearly = catalogFromRows(
  'ledger',
  'ledger.csv',
  Array.from({ length: 50 }, (_, i) => ({ year: 1600 + 5 * i, rent: i < 44 ? 5 + i / 3 : null, tithe: 40 + i / 7 })),
  [spec('year', 'integer', 'dimension'), spec('rent', 'double', 'measure'), spec('tithe', 'double', 'measure')],
);
const ledger: PlannerContext = { vocabularies: [buildVocabulary(yearly.dataset, yearly.dimensionValues)] };
const ask = (q: string) => {
  const p = planQuestion(ledger, q, { dataset: 'ledger' });
  if (p.kind !== 'query') throw new Error(`expected a query for '${q}', got ${p.kind}`);
  return p;
};

describe('"how many … have a recorded <figure>" counts the rows where it has a value', () => {
  it('a column with empty cells is filtered to its values', () => {
    const p = ask('How many years have a recorded rent?');
    expect(p.query.measures).toEqual([{ agg: 'count' }]);
    expect(p.query.filter).toEqual({ column: 'rent', op: 'not_null' });
    expect(p.notes.join(' ')).toContain('counted the rows where rent has a value');
  });
  it('stays off with a comparison on it, and on a column with no empty cell', () => {
    expect(ask('how many years had rent above 10').query.filter).toEqual({ column: 'rent', op: 'gt', value: 10 });
    expect(JSON.stringify(ask('how many years have a recorded tithe').query.filter ?? null)).not.toContain('not_null');
  });
});
