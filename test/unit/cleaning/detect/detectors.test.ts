import { describe, expect, it } from 'vitest';
import { detectDisguisedNulls } from '../../../../src/cleaning/detect/disguisedNulls.js';
import { detectDuplicateKeys, detectDuplicateRows, detectNearDuplicates } from '../../../../src/cleaning/detect/duplicates.js';
import { detectFutureDates, detectImpossibleDates } from '../../../../src/cleaning/detect/impossibleDates.js';
import { assessQuality } from '../../../../src/cleaning/detect/index.js';
import { detectInconsistentSpellings } from '../../../../src/cleaning/detect/inconsistentSpellings.js';
import { detectOutliers } from '../../../../src/cleaning/detect/outlierValues.js';
import { detectSparseColumns } from '../../../../src/cleaning/detect/sparseColumns.js';
import { classifyText, detectWrongType } from '../../../../src/cleaning/detect/wrongType.js';
import { validateStep } from '../../../../src/cleaning/steps/index.js';
import type { CatalogDataset } from '../../../../src/shared/catalog.js';

describe('column detectors', () => {
  it('disguised nulls: counted per token, fix maps them to null', () => {
    const [f] = detectDisguisedNulls({ name: 'c', type: 'text', values: ['a', '', 'N/A', 'n/a', '  ', '-', 'null', 'none', '?', 'unknown', 'b', null] });
    expect(f).toMatchObject({ kind: 'disguised_nulls', count: 9, fix: { step: 'standardizeValues', params: { column: 'c', method: 'mapping' } } });
    expect(Object.values(f!.fix!.params.mapping as object).every((v) => v === null)).toBe(true);
    expect(detectDisguisedNulls({ name: 'c', type: 'text', values: ['a', null] })).toEqual([]);
  });

  it('wrong type: recoverable numbers vs garbage in a mostly numeric text column', () => {
    expect(['12', '1,234', '$5.00', '12%', '3 kg', 'hello', '2020-01-01', 'yes'].map(classifyText)).toEqual(['number', 'loose_number', 'loose_number', 'loose_number', 'loose_number', 'text', 'date', 'boolean']);
    const values = ['1', '2', '3', '4', '5', '6', '1,234', '$5.50', '12%', '3 kg', 'oops', null];
    const [f] = detectWrongType({ name: 'n', type: 'text', values });
    expect(f).toMatchObject({ kind: 'wrong_type', count: 5, details: { dominant: 'number', recoverable: 4, garbage: 1 }, fix: { step: 'coerceType', params: { column: 'n', to: 'double' } } });
    expect(detectWrongType({ name: 'n', type: 'text', values: ['a', 'b', '1'] })).toEqual([]);
    expect(detectWrongType({ name: 'n', type: 'double', values: [1, 2] })).toEqual([]);
  });

  it('inconsistent spellings: fingerprint then Levenshtein findings for a category', () => {
    const values = [...Array(30).fill('New York'), 'new york ', 'NEW YORK', ...Array(20).fill('Boston'), 'Bostn', ...Array(25).fill('Chicago'), 'NY', 'N.Y.'];
    const fs = detectInconsistentSpellings({ name: 'city', type: 'text', role: 'dimension', values });
    // Each count is what its own fix changes on the column as it is: Levenshtein also merges the two case variants.
    expect(fs.map((f) => [f.details?.method, f.count])).toEqual([['fingerprint', 3], ['levenshtein', 3]]);
    expect(fs[1]!.message).toMatch(/changes 3 row\(s\), 2 of them also merged by the fingerprint fix/);
    // Its examples are what it adds beyond the fingerprint fix.
    expect(fs[1]!.examples.map((e) => e.value)).toEqual(['Boston ← "Bostn"']);
    expect(fs[0]!.fix).toEqual({ step: 'standardizeValues', params: { column: 'city', method: 'fingerprint' } });
  });

  it('outliers: one finding per column (IQR, MAD when the IQR flags nothing) with a handleOutliers fix', () => {
    const values = [10, 11, 12, 12, 13, 13, 14, 15, 16, 500, null];
    const fs = detectOutliers({ name: 'x', type: 'double', values });
    expect(fs.map((f) => [f.details?.method, f.count, f.examples[0]?.value])).toEqual([['iqr', 1, '500']]);
    expect(fs[0]!.details?.flaggedBy).toEqual({ iqr: 1, mad: 1 });
    // Both methods flag here too: still one finding.
    const flat = detectOutliers({ name: 'y', type: 'double', values: [5, 5, 5, 5, 5, 5, 5, 5, 6, 9] });
    expect(flat).toHaveLength(1);
    expect(fs[0]!.fix).toEqual({ step: 'handleOutliers', params: { column: 'x', method: 'iqr', k: 1.5, action: 'flag' } });
    expect(detectOutliers({ name: 'x', type: 'double', values: ['1', '2', '3', '4', '5', '6', '7', '8'] })).toEqual([]);
  });

  it('impossible dates: Feb 30, month 13, years outside 1800–2200', () => {
    const values = ['2020-01-01', '2020-02-30', '2020-13-01', '1700-05-05', '2999-01-01', '2021-06-15', null];
    const [f] = detectImpossibleDates({ name: 'd', type: 'text', values });
    expect(f).toMatchObject({ count: 4, fix: { step: 'coerceType', params: { column: 'd', to: 'date' } } });
    expect(f!.message).toMatch(/February 30 does not exist in 2020/);
    const [g] = detectImpossibleDates({ name: 'd', type: 'timestamp', values: [new Date('1000-01-01T00:00:00Z'), new Date('2020-01-01')] });
    expect(g).toMatchObject({ count: 1, fix: null });
    expect(detectImpossibleDates({ name: 't', type: 'text', values: ['hello', 'world'] })).toEqual([]);
  });

  it('constant and almost-empty columns suggest dropping them', () => {
    expect(detectSparseColumns({ name: 'k', type: 'text', values: ['x', 'x', 'x', null] })[0]).toMatchObject({ kind: 'constant_column', fix: { step: 'dropColumns', params: { columns: ['k'] } } });
    const sparse = [...Array(96).fill(null), ...Array(2).fill('N/A'), 'a', 'b'];
    expect(detectSparseColumns({ name: 'e', type: 'text', values: sparse })[0]).toMatchObject({ kind: 'almost_empty_column', count: 98 });
    expect(detectSparseColumns({ name: 'ok', type: 'text', values: ['a', 'b'] })).toEqual([]);
  });
});

describe('row detectors', () => {
  const rows = [
    { id: 1, name: 'Ann', city: 'Oslo' },
    { id: 2, name: 'Bob', city: 'Rome' },
    { id: 1, name: 'Ann', city: 'Oslo' },
    { id: 2, name: 'Bobby', city: 'Rome' },
    { id: null, name: 'Cy', city: 'Rome' },
    { id: null, name: 'Di', city: 'Rome' },
  ];
  it('exact duplicate rows and duplicate keys (null keys never collide)', () => {
    expect(detectDuplicateRows(rows, ['id', 'name', 'city'])[0]).toMatchObject({ kind: 'duplicate_rows', count: 1, fix: { step: 'removeDuplicates', params: { mode: 'exact' } } });
    expect(detectDuplicateKeys(rows, ['id'])[0]).toMatchObject({ kind: 'duplicate_keys', count: 2, fix: { params: { mode: 'key', columns: ['id'], keep: 'most_complete' } } });
  });

  it('near duplicates in a free-text column, sequels kept apart', () => {
    const titles = ['The Matrix', 'The Matirx', 'Rocky II', 'Rocky III', 'Alien', 'Heat', 'Se7en', 'Fargo', 'Jaws', 'Up', 'Big', 'Lincoln'];
    const [f] = detectNearDuplicates({ name: 't', type: 'text', role: 'text', values: titles });
    expect(f).toMatchObject({ kind: 'near_duplicates', count: 1, examples: [{ value: '"The Matrix" ≈ "The Matirx"', count: 2 }] });
  });
});

describe('assessQuality', () => {
  it('every suggested fix validates against the dataset it was found in', () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({
      city: ['Oslo', 'Rome', 'Paris'][i % 3] + (i === 5 ? ' ' : ''),
      price: i === 7 ? '$1,200' : i === 8 ? 'n/a' : String(10 + (i % 5)),
      qty: i === 9 ? 9999 : i % 7,
      flag: 'same',
      when: i === 3 ? '2021-02-29' : `2021-03-${String((i % 28) + 1).padStart(2, '0')}`,
    }));
    rows.push({ ...rows[0]! });
    const columns = [
      { name: 'city', type: 'text' as const, role: 'dimension' as const },
      { name: 'price', type: 'text' as const, role: 'measure' as const },
      { name: 'qty', type: 'integer' as const, role: 'measure' as const },
      { name: 'flag', type: 'text' as const, role: 'dimension' as const },
      { name: 'when', type: 'text' as const, role: 'time' as const },
    ];
    const report = assessQuality({ columns, rows });
    const kinds = report.findings.map((f) => `${f.kind}:${f.column ?? '*'}`);
    expect(kinds).toEqual(expect.arrayContaining(['duplicate_rows:*', 'inconsistent_spellings:city', 'wrong_type:price', 'disguised_nulls:price', 'outliers:qty', 'constant_column:flag', 'impossible_dates:when']));
    const ds: CatalogDataset = { id: '1', name: 't', label: 't', tableName: 't', rowCount: rows.length, columns: columns.map((c, position) => ({ ...c, label: c.name, position, stats: null })) };
    for (const f of report.findings) if (f.fix) expect(() => validateStep(f.fix!.step, f.fix!.params, ds), `${f.kind} ${JSON.stringify(f.fix)}`).not.toThrow();
  });
});

describe('wrong type and future dates', () => {
  it('wrong_type counts the values coerceType rewrites, not every row whose type changes', () => {
    const values = ['7', '12', '1,234', '$5', 'abc', 'N/A', '8', '9', '10', '11', null];
    const [f] = detectWrongType({ name: 'n', type: 'text', values });
    // '1,234' and '$5' are rewritten, 'abc' and 'N/A' become null; '7', '12', '8'… stay as they read.
    expect(f!.count).toBe(4);
    expect(f!.message).toMatch(/converting rewrites 4 value\(s\)/);
    const [plain] = detectWrongType({ name: 'n', type: 'text', values: ['1', '2', '3', '4', '5'] });
    expect(plain!.count).toBe(0);
    expect(plain!.message).toMatch(/only the type changes/);
  });
  it('future dates: after the given day, in date columns and in text columns of dates; none without days ahead', () => {
    const now = new Date('2026-12-06T12:00:00Z');
    const [f] = detectFutureDates({ name: 'd', type: 'date', values: ['2020-01-01', '2026-12-06', '2026-12-07', '2046-03-01', '2999-01-01', null] }, now);
    // Today is not the future; 2999 is an impossible date, reported by its own detector.
    expect(f).toMatchObject({ kind: 'future_dates', count: 2, fix: null, details: { asOf: '2026-12-06', latest: '2046-03-01' } });
    const [g] = detectFutureDates({ name: 'r', type: 'text', values: ['Jun 12 1998', 'Jan 01 2046', 'Aug 07 1998', 'Mar 03 2001'] }, now);
    expect(g?.count).toBe(1);
    expect(detectFutureDates({ name: 'd', type: 'date', values: ['2020-01-01', '2026-12-06'] }, now)).toEqual([]);
    expect(detectFutureDates({ name: 'n', type: 'text', values: ['a', 'b'] }, now)).toEqual([]);
  });
});
