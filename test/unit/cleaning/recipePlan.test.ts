import { describe, expect, it } from 'vitest';
import { laterName, lineage, planRecipe, sameShape, stepsInEffect } from '../../../src/cleaning/recipePlan.js';
import type { RecipeStep } from '../../../src/cleaning/versionStore.js';
import type { CatalogColumn, SqlType } from '../../../src/shared/catalog.js';

const column = (name: string, type: SqlType, position = 0): CatalogColumn => ({ name, label: name, type, role: type === 'text' ? 'dimension' : 'measure', position, stats: null });
const RAW = [column('id', 'integer'), column('city', 'text'), column('price', 'text'), column('day', 'date')];
let pos = 0;
const step = (name: string, params: Record<string, unknown>, enabled = true): RecipeStep => ({ position: ++pos, step: name, params, enabled, resolved: null });
const RECIPE: RecipeStep[] = [
  step('trimAndCase', { columns: ['city'], case: 'title' }),
  step('coerceType', { column: 'price', to: 'double' }),
  step('renameColumn', { column: 'city', newName: 'town' }),
  step('handleOutliers', { column: 'price', action: 'flag' }),
  step('dropColumns', { columns: ['id'] }),
  step('removeDuplicates', { mode: 'key', columns: ['town', 'day'] }),
  step('imputeMissing', { column: 'nope', method: 'mean' }, false),
];
const shape = (cols: CatalogColumn[]) => cols.map((c) => `${c.name}:${c.type}`);

describe('planRecipe', () => {
  it('walks the columns through renames, drops, coercions and flags', () => {
    const plan = planRecipe(RAW, RECIPE);
    expect(plan.steps.map((s) => s.run)).toEqual([true, true, true, true, true, true]);
    expect(shape(plan.final)).toEqual(['town:text', 'price:double', 'day:date', 'price_outlier:boolean']);
    // Defaults are filled in by the step's own validation.
    expect(plan.steps[1]!.params).toMatchObject({ onError: 'null', percent: 'number' });
  });

  it('leaves out a step whose column is missing, saying which', () => {
    const plan = planRecipe(RAW.filter((c) => c.name !== 'price'), RECIPE);
    expect(plan.steps.map((s) => s.run)).toEqual([true, false, true, false, true, true]);
    expect(plan.steps[1]!.reason).toMatch(/'price'/);
  });

  it('with keepShape, skips column-changing steps and finds renamed columns by their later names', () => {
    const clean = planRecipe(RAW, RECIPE).final;
    const plan = planRecipe(clean, RECIPE, 'shop', { keepShape: true });
    expect(plan.steps.map((s) => `${s.step}:${s.run}`)).toEqual(['trimAndCase:true', 'coerceType:true', 'renameColumn:false', 'handleOutliers:true', 'dropColumns:false', 'removeDuplicates:true']);
    expect(plan.steps[0]!.params.columns).toEqual(['town']);
    expect(sameShape(plan.final, clean)).toBe(true);
    // On the raw columns the original name still exists and is kept; the coercion would change a type.
    const raw = planRecipe(RAW, RECIPE, 'shop', { keepShape: true });
    expect(raw.steps[0]!.params.columns).toEqual(['city']);
    expect(raw.steps[1]!.run).toBe(false);
    expect(raw.steps[1]!.reason).toMatch(/would change the columns/);
  });

  it('laterName follows renames and drops from a step on', () => {
    const plan = planRecipe(RAW, RECIPE);
    expect(laterName(plan, 0, 'city')).toBe('town');
    expect(laterName(plan, 3, 'city')).toBe('city');
    expect(laterName(plan, 0, 'id')).toBeNull();
    expect(laterName(plan, 5, 'id')).toBe('id');
  });

  it('sameShape compares names and types in any order', () => {
    expect(sameShape([column('a', 'text'), column('b', 'integer')], [column('b', 'integer'), column('a', 'text')])).toBe(true);
    expect(sameShape([column('a', 'text')], [column('a', 'double')])).toBe(false);
    expect(sameShape([column('a', 'text')], [column('a', 'text'), column('b', 'text')])).toBe(false);
  });
});

describe('lineage and stepsInEffect', () => {
  const v = (version: number, parentVersion: number | null, step: string, params: Record<string, unknown> = {}) => ({ version, parentVersion, step, params, columns: [column(`c${version}`, 'text')] });
  const VERSIONS = [
    v(1, null, 'ingest'),
    v(2, 1, 'trimAndCase', { columns: ['city'], case: 'title' }),
    v(3, 2, 'coerceType', { column: 'price', to: 'double' }),
    v(4, 3, 'revert', { toVersion: 2 }),
    v(5, 4, 'dropColumns', { columns: ['id'] }),
    v(6, 5, 'ingest'),
  ];

  it('follows parents to the load and reverts to the version they restored', () => {
    expect(lineage(VERSIONS, 3)).toMatchObject({ steps: [{ step: 'trimAndCase' }, { step: 'coerceType' }], root: { version: 1 } });
    expect(lineage(VERSIONS, 5).steps.map((s) => s.step)).toEqual(['trimAndCase', 'dropColumns']);
    expect(lineage(VERSIONS, 4).steps.map((s) => s.step)).toEqual(['trimAndCase']);
    // A replacing load starts a lineage of its own.
    expect(lineage(VERSIONS, 6)).toMatchObject({ steps: [], root: { version: 6 } });
    expect(lineage(VERSIONS, 9)).toEqual({ steps: [], root: null });
  });

  it('matches lineage steps to recipe positions by step and parameters in any key order', () => {
    const recipe = [
      { position: 1, step: 'trimAndCase', params: { case: 'title', columns: ['city'] }, enabled: true, resolved: null },
      { position: 2, step: 'coerceType', params: { column: 'price', to: 'double' }, enabled: true, resolved: null },
      { position: 3, step: 'dropColumns', params: { columns: ['id'] }, enabled: true, resolved: null },
    ];
    expect(stepsInEffect(recipe, lineage(VERSIONS, 5).steps)).toEqual([1, 3]);
    expect(stepsInEffect(recipe, lineage(VERSIONS, 1).steps)).toEqual([]);
    // A step no longer in the recipe (it was edited) matches nothing.
    expect(stepsInEffect(recipe, [{ step: 'coerceType', params: { column: 'price', to: 'integer' } }])).toEqual([]);
  });
});
