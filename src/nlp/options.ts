// Clarification plans and the option lists they offer: column labels told apart, closest names first.
import type { CatalogColumn, CatalogDataset } from '../shared/catalog.js';
import { isNumericType } from '../shared/catalog.js';
import { closest } from '../shared/suggest.js';
import type { Analysis } from './analyze.js';
import type { ClarifyPlan } from './plan.js';
import { isScaleWord } from './learning.js';

export function uniqueColumns(cols: CatalogColumn[]): CatalogColumn[] {
  return cols.filter((c, i) => cols.findIndex((d) => d.name === c.name) === i);
}

/** The column that names a row's entity: an identifier, else the most distinct text column (half its values distinct or more). */
export function rowLabelColumn(ds: CatalogDataset): CatalogColumn | undefined {
  const id = ds.columns.find((c) => c.role === 'identifier' && c.type === 'text') ?? ds.columns.find((c) => c.role === 'identifier');
  if (id) return id;
  const rows = Math.max(1, ds.rowCount);
  const text = ds.columns.filter((c) => c.type === 'text' && c.role === 'dimension' && (c.stats?.distinctCount ?? 0) / rows >= 0.5);
  return text.sort((a, b) => (b.stats?.distinctCount ?? 0) - (a.stats?.distinctCount ?? 0))[0];
}

/** True when a column other than a measure holds its own value on (nearly) every row: it names rows ("title", a state's name). */
export function namesRows(c: CatalogColumn | undefined, ds: CatalogDataset, share = 0.9): boolean {
  return !!c && c.role !== 'measure' && (c.stats?.distinctCount ?? 0) >= ds.rowCount * share;
}

/**
 * A text column that also names each row (a "name" beside a short code): shown with the row label
 * the planner chose, so a ranked row reads as a name, not a bare code. Only beside a label that is
 * unique, so the added column never splits a group; a column called a name first, else the most varied.
 */
export function namesBeside(id: CatalogColumn, ds: CatalogDataset): string[] {
  const rows = Math.max(1, ds.rowCount);
  if ((id.stats?.distinctCount ?? 0) !== ds.rowCount) return [];
  const named = ds.columns.filter((c) => c !== id && c.type === 'text' && (c.stats?.distinctCount ?? 0) / rows >= 0.9);
  const best = named.find((c) => /(^|_)(name|title)($|_)/.test(c.name)) ?? [...named].sort((x, y) => (y.stats?.distinctCount ?? 0) - (x.stats?.distinctCount ?? 0))[0];
  return best ? [best.name] : [];
}

/** Option labels for columns, told apart by their column names when two share a label ("Amount ($)" twice). */
export function optionLabels(cols: readonly CatalogColumn[]): string[] {
  const n = new Map<string, number>();
  for (const c of cols) n.set(c.label, (n.get(c.label) ?? 0) + 1);
  return cols.map((c) => ((n.get(c.label) ?? 0) > 1 ? `${c.label} (${c.name})` : c.label));
}

export function measureColumns(ds: CatalogDataset): CatalogColumn[] {
  return ds.columns.filter((c) => c.role === 'measure' && isNumericType(c.type));
}

export function dimensionColumns(ds: CatalogDataset): CatalogColumn[] {
  return ds.columns.filter((c) => c.role === 'dimension' || (c.role === 'time' && false));
}

export function unknownMessage(terms: string[]): string {
  const list = terms.map((t) => `'${t}'`).join(', ');
  return terms.length === 1 ? `I don't know what ${list} refers to in this dataset.` : `I don't know what ${list} refer to in this dataset.`;
}

/** Closest columns and values to the unknown words, then the dataset's measures. */
export function optionsFor(a: Analysis, terms: string[]): string[] {
  const ds = a.vocab.dataset;
  const labels = ds.columns.map((c) => c.label);
  const out: string[] = [];
  for (const t of terms) for (const c of closest(t, labels, 3)) if (!out.includes(c)) out.push(c);
  for (const c of measureColumns(ds)) if (out.length < 4 && !out.includes(c.label)) out.push(c.label);
  for (const c of dimensionColumns(ds)) if (out.length < 5 && !out.includes(c.label)) out.push(c.label);
  return out.slice(0, 5);
}

/**
 * A question back about one unknown adjective of degree ("thickest", "heavier"): which end of which
 * numeric column it ranks by, so the reply keeps the ranking (and teaches the adjective), where a bare
 * column name would turn "the 3 thickest trees" into an average.
 */
export function scaleOptions(a: Analysis, term: string): string[] | null {
  if (!isScaleWord(a.vocab, term)) return null;
  const numeric = measureColumns(a.vocab.dataset);
  if (!numeric.length) return null;
  const near = closest(term, numeric.map((c) => c.label), 3);
  const labels = [...near, ...numeric.map((c) => c.label).filter((l) => !near.includes(l))].slice(0, 3);
  return labels.flatMap((l) => [`highest ${l}`, `lowest ${l}`]);
}

/** A clarification plan. */
export function clarify(message: string, options: string[], unknownTerms: string[], confidence = 0.1, dataset?: string): ClarifyPlan {
  const p: ClarifyPlan = { kind: 'clarify', message, options, unknownTerms, confidence };
  if (dataset) p.dataset = dataset;
  return p;
}

/** A question about a time the data does not cover. */
export function outsideData(ds: CatalogDataset, from: string | undefined, to: string | undefined): ClarifyPlan {
  return clarify(`The data covers ${from ?? '?'} to ${to ?? '?'}; there is nothing for the time you asked about. Ask about a time in that span?`, [], [], 0.2, ds.name);
}

export function fmt(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}
