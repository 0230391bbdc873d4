import { describe, expect, it } from 'vitest';
import { clusterInRounds } from '../../../src/cleaning/cluster/clusterValues.js';
import { countValues } from '../../../src/cleaning/cluster/types.js';
import { parseNumberLoose } from '../../../src/cleaning/coerce.js';
import { assessQuality } from '../../../src/cleaning/detect/index.js';
import { findFuzzyDuplicates, impliedPairs } from '../../../src/cleaning/dedupe/fuzzyDuplicates.js';
import { isDisguisedNull } from '../../../src/cleaning/nulls.js';
import { iqrFences } from '../../../src/cleaning/outliers.js';
import { planStep } from '../../../src/cleaning/steps/index.js';
import type { CatalogColumn, CatalogDataset, ColumnRole, SqlType } from '../../../src/shared/catalog.js';
import { loadMovies, loadStocks, makeDirtyMovies, numberAsText, seeded } from '../../support/dirty.js';

/**
 * Quality proof on dirty copies of real data (vega-datasets movies and stocks) with known ground
 * truth. Figures are printed so a run shows how far above the bar each measure is.
 */

const SEEDS = [42, 7, 2024];

describe('dirty movies: duplicate detection', () => {
  it.each(SEEDS)('seed %i: precision ≥ 0.95 and recall ≥ 0.90 on duplicate pairs', (seed) => {
    const d = makeDirtyMovies(seed);
    const n = d.rows.length;
    const truthGroups = new Map<number, number[]>();
    d.origin.forEach((o, i) => truthGroups.set(o, [...(truthGroups.get(o) ?? []), i]));
    const truth = impliedPairs([...truthGroups.values()].filter((g) => g.length > 1).map((rows) => ({ rows })), n);
    const { groups, comparisons } = findFuzzyDuplicates(d.rows, {
      columns: [{ column: 'Title', weight: 3 }, { column: 'Distributor' }, { column: 'Release Date', method: 'exact' }],
      threshold: 0.9,
    });
    const predicted = impliedPairs(groups, n);
    let tp = 0;
    for (const p of predicted) if (truth.has(p)) tp++;
    const precision = tp / predicted.size;
    const recall = tp / truth.size;
    console.log(`dedupe seed ${seed}: rows ${n}, true pairs ${truth.size}, found ${predicted.size}, precision ${precision.toFixed(4)}, recall ${recall.toFixed(4)}, comparisons ${comparisons} (all pairs ${(n * (n - 1)) / 2})`);
    expect(truth.size).toBeGreaterThan(300);
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });
});

describe('dirty movies: standardization', () => {
  it.each(SEEDS)('seed %i: ≥ 95 percent of injected variants merged, no distinct real values merged', (seed) => {
    const d = makeDirtyMovies(seed);
    const column = d.rows.map((r) => r.Distributor);
    const { mapping, clusters } = clusterInRounds(countValues(column), ['fingerprint', 'levenshtein', 'jaro_winkler']);
    const fixed = (v: unknown): unknown => (typeof v === 'string' ? (mapping.get(v) ?? v) : v);
    // A variant is recoverable by clustering only if its true value still occurs somewhere.
    const present = new Set(column.filter((v, i) => v === d.distributorTruth[i]));
    const recoverable = d.variantRows.filter((i) => present.has(d.distributorTruth[i]!));
    const merged = recoverable.filter((i) => fixed(column[i]) === d.distributorTruth[i]).length;
    const rate = merged / recoverable.length;
    // Wrong merge: a cluster holding the clean spellings of two different real distributors.
    const realValues = new Set(d.distributorTruth.filter((v): v is string => v !== null));
    const wrongClusters = clusters.filter((c) => c.values.filter((v) => realValues.has(v.value)).length > 1);
    // And no clean row may be rewritten to anything but itself.
    const cleanRowsChanged = column.filter((v, i) => v === d.distributorTruth[i] && fixed(v) !== v).length;
    console.log(
      `standardize seed ${seed}: variant rows ${d.variantRows.length} (${recoverable.length} recoverable), merged ${merged} (${(100 * rate).toFixed(1)}%), ` +
        `clusters ${clusters.length}, wrong clusters ${wrongClusters.length}, clean rows changed ${cleanRowsChanged}`,
    );
    for (const c of wrongClusters) console.log('  wrong cluster:', c.values.map((v) => v.value).join(' | '));
    expect(recoverable.length).toBeGreaterThan(150);
    expect(rate).toBeGreaterThanOrEqual(0.95);
    expect(wrongClusters).toEqual([]);
    expect(cleanRowsChanged).toBe(0);
  });

  it('no cluster at all on the clean distinct values of real categorical columns', () => {
    const movies = loadMovies();
    for (const col of ['Distributor', 'Major Genre', 'Source', 'Creative Type', 'MPAA Rating', 'Director']) {
      const values = countValues(movies.map((r) => r[col]));
      const { clusters } = clusterInRounds(values, ['fingerprint', 'levenshtein', 'jaro_winkler']);
      expect(clusters.map((c) => c.values.map((v) => v.value)), col).toEqual([]);
    }
  });
});

describe('dirty data: coercion, nulls, outliers', () => {
  it('every well-formed number written as text is recovered (movies budgets)', () => {
    const d = makeDirtyMovies(42);
    let wrong = 0;
    for (const { row, value } of d.budgetAsText) {
      const r = parseNumberLoose(d.rows[row]!['Production Budget']);
      if (!r.ok || Math.abs(r.value - value) > 1e-6 * Math.max(1, Math.abs(value))) wrong++;
    }
    console.log(`coercion: ${d.budgetAsText.length} budgets as text, ${d.budgetAsText.length - wrong} recovered`);
    expect(d.budgetAsText.length).toBeGreaterThan(300);
    expect(wrong).toBe(0);
  });

  it('every well-formed number written as text is recovered (all stocks prices, signed)', () => {
    const rnd = seeded(99);
    const stocks = loadStocks();
    let wrong = 0;
    const bad: string[] = [];
    for (const s of stocks) {
      const v = rnd() < 0.2 ? -s.price : s.price;
      const text = numberAsText(v, rnd);
      const r = parseNumberLoose(text);
      const want = Math.round(v * 100) / 100;
      if (!r.ok || Math.abs(r.value - want) > 1e-9 * Math.max(1, Math.abs(want))) (wrong++, bad.push(text));
    }
    console.log(`coercion: ${stocks.length} stock prices as text, ${stocks.length - wrong} recovered`);
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('the quality report finds the injected disguised nulls, numbers as text and outliers, each with a fix', () => {
    const d = makeDirtyMovies(42);
    const report = assessQuality({
      columns: [
        { name: 'Title', type: 'text', role: 'text' },
        { name: 'Distributor', type: 'text', role: 'dimension' },
        { name: 'Major Genre', type: 'text', role: 'dimension' },
        { name: 'Production Budget', type: 'text', role: 'measure' },
        { name: 'US Gross', type: 'double', role: 'measure' },
      ],
      rows: d.rows,
    });
    const find = (kind: string, column: string) => report.findings.find((f) => f.kind === kind && f.column === column);
    const nulls = find('disguised_nulls', 'Major Genre');
    const injectedNulls = d.disguisedNullRows.length;
    const existing = d.rows.filter((r, i) => isDisguisedNull(r['Major Genre']) && !d.disguisedNullRows.includes(i)).length;
    expect(nulls?.count).toBe(injectedNulls + existing);
    expect(nulls?.fix?.step).toBe('standardizeValues');
    const wrongType = find('wrong_type', 'Production Budget');
    expect(wrongType?.fix).toEqual({ step: 'coerceType', params: { column: 'Production Budget', to: 'bigint', onError: 'null' } });
    expect(wrongType?.details?.recoverable).toBeGreaterThanOrEqual(d.budgetAsText.filter((b) => /[^\d.]/.test(String(d.rows[b.row]!['Production Budget']))).length);
    expect(wrongType?.details?.garbage).toBe(0);
    const spellings = report.findings.filter((f) => f.kind === 'inconsistent_spellings' && f.column === 'Distributor');
    expect(spellings.map((f) => f.fix?.params.method)).toEqual(['fingerprint', 'levenshtein']);
    const outliers = find('outliers', 'US Gross');
    // Every injected ×1000 value is outside the IQR fences of the dirty column.
    const fences = iqrFences(d.rows.map((r) => r['US Gross'] as number | null));
    expect(d.outlierRows.every((i) => (d.rows[i]!['US Gross'] as number) > fences.upper)).toBe(true);
    expect(outliers?.count).toBeGreaterThanOrEqual(d.outlierRows.length);
    expect(report.findings.find((f) => f.kind === 'near_duplicates' && f.column === 'Title')?.fix?.step).toBe('removeDuplicates');
    console.log(`quality report: ${report.findings.length} findings: ${report.findings.map((f) => `${f.kind}(${f.column ?? '*'}: ${f.count})`).join(', ')}`);
  });
});

/** The movies columns as a catalog would class them, with Title as a dimension (the case that hid near-duplicate rows). */
const MOVIE_COLUMNS: CatalogColumn[] = [
  ['Title', 'text', 'dimension'], ['US Gross', 'double', 'measure'], ['Worldwide Gross', 'double', 'measure'], ['US DVD Sales', 'double', 'measure'],
  ['Production Budget', 'double', 'measure'], ['Release Date', 'text', 'dimension'], ['MPAA Rating', 'text', 'dimension'], ['Running Time min', 'double', 'measure'],
  ['Distributor', 'text', 'dimension'], ['Source', 'text', 'dimension'], ['Major Genre', 'text', 'dimension'], ['Creative Type', 'text', 'dimension'],
  ['Director', 'text', 'dimension'], ['Rotten Tomatoes Rating', 'double', 'measure'], ['IMDB Rating', 'double', 'measure'], ['IMDB Votes', 'double', 'measure'],
].map(([name, type, role], position) => ({ name: name!, label: name!, type: type as SqlType, role: role as ColumnRole, position, stats: null }));
const moviesDataset: CatalogDataset = { id: '1', name: 'movies', label: 'movies', tableName: 'movies_v1', rowCount: 0, columns: MOVIE_COLUMNS };

describe('dirty movies: the quality report', () => {
  // Only the duplicates are dirty here: the other detectors stay quiet about Title.
  const d = makeDirtyMovies(42, { variantRate: 0 });
  const rows = d.rows.map((r) => ({ ...r, 'Production Budget': typeof r['Production Budget'] === 'number' ? r['Production Budget'] : null }));
  const report = assessQuality({ columns: MOVIE_COLUMNS, rows, now: new Date('2026-12-06T00:00:00Z') });

  it('near-duplicate rows are reported as such when the name column is a dimension, not as its spellings', () => {
    const near = report.findings.filter((f) => f.kind === 'near_duplicates');
    expect(near).toHaveLength(1);
    expect(near[0]!.column).toBe('Title');
    expect(near[0]!.fix).toMatchObject({ step: 'removeDuplicates', params: { mode: 'fuzzy', keep: 'most_complete' } });
    expect(report.findings.filter((f) => f.kind === 'inconsistent_spellings' && f.column === 'Title')).toEqual([]);
    // The count is what the fix removes, and the rows it removes are the injected copies.
    const plan = planStep('removeDuplicates', near[0]!.fix!.params, moviesDataset, { rows });
    if (plan.kind !== 'deleteRows') throw new Error('not a row deletion');
    expect(plan.rows.length).toBe(near[0]!.count);
    const dup = new Set(d.duplicateRows);
    const originals = new Set(d.duplicateRows.map((r) => d.origin[r]));
    const wrong = plan.rows.filter((r) => !dup.has(r) && !originals.has(d.origin[r]!));
    console.log(`near-duplicate rows: ${d.duplicateRows.length} injected, ${near[0]!.count} found, ${wrong.length} outside any injected group`);
    expect(near[0]!.count).toBeGreaterThanOrEqual(0.9 * d.duplicateRows.length);
    expect(wrong).toEqual([]);
  });

  it('one outlier finding per column', () => {
    const perColumn = new Map<string, number>();
    for (const f of report.findings.filter((x) => x.kind === 'outliers')) perColumn.set(f.column!, (perColumn.get(f.column!) ?? 0) + 1);
    expect(perColumn.size).toBeGreaterThan(3);
    expect([...perColumn.values()].every((n) => n === 1)).toBe(true);
  });

  it('a column already flagged by handleOutliers is not reported again', () => {
    const flagged = rows.map((r) => ({ ...r, 'US Gross_outlier': false }));
    const cols = [...MOVIE_COLUMNS, { name: 'US Gross_outlier', label: 'US Gross_outlier', type: 'boolean' as SqlType, role: 'dimension' as ColumnRole, position: 16, stats: null }];
    const again = assessQuality({ columns: cols, rows: flagged });
    expect(again.findings.filter((f) => f.kind === 'outliers' && f.column === 'US Gross')).toEqual([]);
    expect(again.findings.filter((f) => f.kind === 'outliers' && f.column === 'Worldwide Gross')).toHaveLength(1);
  });

  it('release dates after today are flagged (the clean data runs to 2046)', () => {
    const future = report.findings.find((f) => f.kind === 'future_dates' && f.column === 'Release Date');
    const after = rows.map((r) => (r as Record<string, unknown>)['Release Date']).filter((v) => typeof v === 'string' && Number(/\d{4}$/.exec(v)?.[0]) >= 2027).length;
    expect(after).toBeGreaterThan(10);
    expect(future?.count).toBe(after);
    expect(future?.details?.latest).toMatch(/2046/);
  });
});

describe('dirty movies: finding counts equal what their fixes do', () => {
  it.each(SEEDS)('seed %i: each spelling finding counts the rows its standardizeValues fix changes', (seed) => {
    const d = makeDirtyMovies(seed);
    const report = assessQuality({ columns: [{ name: 'Distributor', type: 'text', role: 'dimension' }], rows: d.rows });
    const spellings = report.findings.filter((f) => f.kind === 'inconsistent_spellings');
    expect(spellings.length).toBeGreaterThan(0);
    const ds: CatalogDataset = { ...moviesDataset, columns: [MOVIE_COLUMNS.find((c) => c.name === 'Distributor')!] };
    for (const f of spellings) {
      const plan = planStep('standardizeValues', f.fix!.params, ds, { rows: d.rows });
      if (plan.kind !== 'mapValues') throw new Error('not a value mapping');
      const changed = plan.mappings[0]!.entries.reduce((n, e) => n + e.count, 0);
      expect(f.count, String(f.fix!.params.method)).toBe(changed);
    }
  });
});
