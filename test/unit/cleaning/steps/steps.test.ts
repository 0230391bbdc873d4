import { describe, expect, it } from 'vitest';
import { STEPS, getStep, planStep, validateStep } from '../../../../src/cleaning/steps/index.js';
import type { CatalogColumn, CatalogDataset, SqlType, ColumnRole } from '../../../../src/shared/catalog.js';
import { AppError } from '../../../../src/shared/errors.js';

const col = (name: string, type: SqlType, role: ColumnRole, position: number): CatalogColumn => ({ name, label: name, type, role, position, stats: null });
const ds: CatalogDataset = {
  id: '1', name: 'sales', label: 'sales', tableName: 'sales_v1', rowCount: 6,
  columns: [col('day', 'date', 'time', 0), col('city', 'text', 'dimension', 1), col('amount', 'double', 'measure', 2), col('units', 'integer', 'measure', 3), col('note', 'text', 'text', 4), col('paid', 'boolean', 'dimension', 5)],
};
const rows = [
  { day: '2024-01-01', city: 'New York', amount: 10, units: 1, note: 'ok', paid: true },
  { day: '2024-01-02', city: 'new york ', amount: null, units: 2, note: null, paid: true },
  { day: '2024-01-04', city: 'Boston', amount: 40, units: null, note: 'late', paid: false },
  { day: '2024-01-03', city: 'N/A', amount: '1,000', units: 4, note: 'x', paid: null },
  { day: '2024-01-01', city: 'New York', amount: 10, units: 1, note: 'ok', paid: true },
  { day: '2024-01-05', city: 'Boston', amount: 50, units: 6, note: 'a', paid: false },
];

function error(f: () => unknown): AppError {
  try {
    f();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('step registry and validation', () => {
  it('has the eight steps, each with a schema, validate and plan', () => {
    expect(Object.keys(STEPS).sort()).toEqual(['coerceType', 'dropColumns', 'handleOutliers', 'imputeMissing', 'removeDuplicates', 'renameColumn', 'standardizeValues', 'trimAndCase']);
    expect(error(() => getStep('removeDuplicate')).message).toMatch(/unknown cleaning step 'removeDuplicate'; did you mean 'removeDuplicates'\?/);
  });

  it('unknown column: UNKNOWN_COLUMN naming step, parameter and a suggestion', () => {
    const e = error(() => validateStep('standardizeValues', { column: 'citty', method: 'fingerprint' }, ds));
    expect(e.code).toBe('UNKNOWN_COLUMN');
    expect(e.message).toBe("standardizeValues: column 'citty' (parameter 'column') does not exist in dataset 'sales'; did you mean 'city'?");
    expect(error(() => validateStep('dropColumns', { columns: ['note', 'nope'] }, ds)).details).toMatchObject({ parameter: 'columns.1' });
  });

  it('wrong column type: TYPE_MISMATCH', () => {
    expect(error(() => validateStep('standardizeValues', { column: 'amount', method: 'fingerprint' }, ds)).code).toBe('TYPE_MISMATCH');
    expect(error(() => validateStep('handleOutliers', { column: 'city', action: 'flag' }, ds)).message).toMatch(/column 'city' is text; outliers are found in numeric columns/);
    expect(error(() => validateStep('imputeMissing', { column: 'city', method: 'mean' }, ds)).code).toBe('TYPE_MISMATCH');
    expect(error(() => validateStep('imputeMissing', { column: 'amount', method: 'constant', value: 'zero' }, ds)).code).toBe('TYPE_MISMATCH');
    expect(error(() => validateStep('coerceType', { column: 'day', to: 'integer' }, ds)).code).toBe('TYPE_MISMATCH');
    expect(error(() => validateStep('removeDuplicates', { mode: 'fuzzy', columns: ['amount'] }, ds)).code).toBe('TYPE_MISMATCH');
  });

  it('parameters out of range: BAD_INPUT naming the parameter', () => {
    const cases: [string, unknown, RegExp][] = [
      ['removeDuplicates', { mode: 'fuzzy', columns: ['city'], threshold: 0 }, /parameter 'threshold'/],
      ['removeDuplicates', { mode: 'fuzzy', columns: ['city'], threshold: 1.5 }, /parameter 'threshold'/],
      ['removeDuplicates', { mode: 'key' }, /parameter 'columns': mode 'key' needs/],
      ['standardizeValues', { column: 'city', method: 'levenshtein', threshold: -0.1 }, /parameter 'threshold'/],
      ['standardizeValues', { column: 'city', method: 'mapping' }, /parameter 'mapping'/],
      ['standardizeValues', { column: 'city', method: 'soundex' }, /parameter 'method'/],
      ['handleOutliers', { column: 'amount', action: 'cap', k: 0 }, /parameter 'k'/],
      ['handleOutliers', { column: 'amount', action: 'cap', method: 'percentile', lower: 0.9, upper: 0.1 }, /parameter 'lower'/],
      ['imputeMissing', { column: 'amount', method: 'constant' }, /parameter 'value'/],
      ['renameColumn', { column: 'city', newName: 'drop table' }, /parameter 'newName'/],
      ['renameColumn', { column: 'city', newName: 'Note' }, /already a column/],
      ['dropColumns', { columns: ['city', 'city'] }, /lists a column twice/],
      ['dropColumns', { columns: ds.columns.map((c) => c.name) }, /cannot drop every column/],
      ['trimAndCase', { columns: ['city'], colour: 'red' }, /unknown parameter 'colour'/],
    ];
    for (const [step, params, msg] of cases) {
      const e = error(() => validateStep(step, params, ds));
      expect(e.code, `${step} ${JSON.stringify(params)}`).toBe('BAD_INPUT');
      expect(e.message, step).toMatch(msg);
    }
  });

  it('defaults are filled in by validate', () => {
    expect(validateStep('removeDuplicates', { mode: 'exact' }, ds)).toMatchObject({ mode: 'exact', keep: 'first', threshold: 0.9 });
  });
});

describe('step plans', () => {
  const table = { rows };

  it('removeDuplicates exact / key / fuzzy with keep policies', () => {
    expect(planStep('removeDuplicates', { mode: 'exact' }, ds, table)).toMatchObject({ kind: 'deleteRows', rows: [4] });
    expect(planStep('removeDuplicates', { mode: 'exact', keep: 'last' }, ds, table)).toMatchObject({ rows: [0] });
    // Key 'city' (raw values): Boston twice (rows 2, 5); New York twice (0, 4).
    const byKey = planStep('removeDuplicates', { mode: 'key', columns: ['city'], keep: 'most_complete' }, ds, table);
    expect(byKey).toMatchObject({ kind: 'deleteRows', rows: [2, 4] });
    const fuzzy = planStep('removeDuplicates', { mode: 'fuzzy', columns: ['city'], threshold: 0.95 }, ds, table);
    expect(fuzzy).toMatchObject({ rows: [1, 4, 5] });
  });

  it('standardizeValues: clusters become a mapping to the canonical value; explicit mapping passes through', () => {
    const plan = planStep('standardizeValues', { column: 'city', method: 'fingerprint' }, ds, table);
    expect(plan).toMatchObject({ kind: 'mapValues', mappings: [{ column: 'city', entries: [{ from: 'new york ', to: 'New York', count: 1 }] }] });
    const map = planStep('standardizeValues', { column: 'city', method: 'mapping', mapping: { 'N/A': null } }, ds, table);
    expect(map).toMatchObject({ mappings: [{ entries: [{ from: 'N/A', to: null, count: 1 }] }] });
  });

  it('trimAndCase maps only the values that change', () => {
    // Title case starts a word after a space, hyphen, slash or parenthesis: "N/A" stays.
    const plan = planStep('trimAndCase', { columns: ['city'], case: 'title' }, ds, table);
    expect(plan).toEqual({ kind: 'mapValues', mappings: [{ column: 'city', entries: [{ from: 'new york ', to: 'New York', count: 1 }] }] });
    const lower = planStep('trimAndCase', { columns: ['city'], case: 'lower' }, ds, table);
    expect(lower).toMatchObject({ mappings: [{ entries: [{ from: 'New York', to: 'new york', count: 2 }, { from: 'new york ', to: 'new york' }, { from: 'Boston', to: 'boston' }, { from: 'N/A', to: 'n/a' }] }] });
  });

  it('coerceType counts failures, turns them to null, or refuses with onError reject', () => {
    const ds2: CatalogDataset = { ...ds, columns: [...ds.columns, col('price', 'text', 'measure', 6)] };
    const t2 = { rows: [{ price: '$1,200.50' }, { price: '12%' }, { price: 'abc' }, { price: 'N/A' }, { price: 'abc' }, { price: null }] };
    const plan = planStep('coerceType', { column: 'price', to: 'double' }, ds2, t2);
    expect(plan).toMatchObject({ kind: 'coerce', failedRows: 2, failures: [{ value: 'abc', count: 2 }] });
    if (plan.kind !== 'coerce') throw new Error('kind');
    expect(Object.fromEntries(plan.mapping.entries.map((e) => [e.from, e.to]))).toEqual({ '$1,200.50': 1200.5, '12%': 12, abc: null, 'N/A': null });
    const e = error(() => planStep('coerceType', { column: 'price', to: 'double', onError: 'reject' }, ds2, t2));
    expect(e.message).toMatch(/2 value\(s\) of 'price' cannot become double \(e\.g\. "abc"/);
    const ints = planStep('coerceType', { column: 'price', to: 'integer', percent: 'fraction' }, ds2, t2);
    expect(ints).toMatchObject({ failedRows: 4 });
  });

  it('imputeMissing: mean, linear along the time column (rows out of order), all-null column refused', () => {
    expect(planStep('imputeMissing', { column: 'amount', method: 'mean' }, ds, table)).toMatchObject({ kind: 'fillValues', fill: (10 + 40 + 1000 + 10 + 50) / 5, fills: [{ row: 1 }] });
    // Along day: 01-01 10, 01-02 ?, 01-03 1000 → 505
    expect(planStep('imputeMissing', { column: 'amount', method: 'linear' }, ds, table)).toMatchObject({ fills: [{ row: 1, value: 505 }] });
    // integer column: the median fill is rounded
    expect(planStep('imputeMissing', { column: 'units', method: 'median' }, ds, table)).toMatchObject({ fill: 2, fills: [{ row: 2, value: 2 }] });
    const empty = { rows: rows.map((r) => ({ ...r, amount: null })) };
    const e = error(() => planStep('imputeMissing', { column: 'amount', method: 'median' }, ds, empty));
    expect(e.code).toBe('NOT_ENOUGH_DATA');
    expect(e.message).toMatch(/'amount' has no non-null values/);
  });

  it('handleOutliers: IQR cap reports fences and capped rows', () => {
    const big = { rows: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100].map((amount) => ({ amount })) };
    const plan = planStep('handleOutliers', { column: 'amount', action: 'cap' }, ds, big);
    expect(plan).toMatchObject({ kind: 'outliers', fences: { lower: -4, upper: 16 }, rows: [10], capped: [{ row: 10, from: 100, to: 16 }] });
    expect(planStep('handleOutliers', { column: 'amount', action: 'flag' }, ds, big)).toMatchObject({ flagColumn: 'amount_outlier' });
  });

  it('renameColumn and dropColumns are schema changes', () => {
    expect(planStep('renameColumn', { column: 'note', newName: 'comment' }, ds, table)).toEqual({ kind: 'renameColumn', from: 'note', to: 'comment' });
    expect(planStep('dropColumns', { columns: ['note'] }, ds, table)).toEqual({ kind: 'dropColumns', columns: ['note'] });
  });
});
