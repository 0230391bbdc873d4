import { mulberry32 } from '../../src/models/math/prng.js';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Dirty copies of real vega-datasets data with the ground truth kept: typos, case and spacing
 * variants, duplicate rows with small edits, disguised nulls, numbers as text, outliers.
 * Everything is driven by a seeded PRNG so a failure reproduces.
 */

// vega-datasets' exports map hides data/: build the path from the package folder (STACK.md trap 11).
export const VEGA_DATA = join(dirname(fileURLToPath(import.meta.url)), '../../node_modules/vega-datasets/data');

export type Rnd = () => number;

/** The models' seeded generator (mulberry32), so test data and simulations share one implementation. */
export const seeded = (seed: number): Rnd => mulberry32(seed);

export const pick = <T>(rnd: Rnd, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const int = (rnd: Rnd, n: number): number => Math.floor(rnd() * n);

export type Movie = Record<string, string | number | null>;

/** movies.json as rows. */
export function loadMovies(): Movie[] {
  return JSON.parse(readFileSync(join(VEGA_DATA, 'movies.json'), 'utf8')) as Movie[];
}

/** stocks.csv as rows {symbol, date, price}. */
export function loadStocks(): { symbol: string; date: string; price: number }[] {
  const lines = readFileSync(join(VEGA_DATA, 'stocks.csv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((l) => {
    const [symbol, date, price] = l.split(',');
    return { symbol: symbol!, date: date!, price: Number(price) };
  });
}

const KEYBOARD_NEIGHBOURS: Record<string, string> = {
  a: 'qwsz', b: 'vghn', c: 'xdfv', d: 'serfcx', e: 'wsdr', f: 'drtgvc', g: 'ftyhbv', h: 'gyujnb', i: 'ujko', j: 'huikmn',
  k: 'jiolm', l: 'kop', m: 'njk', n: 'bhjm', o: 'iklp', p: 'ol', q: 'wa', r: 'edft', s: 'awedxz', t: 'rfgy', u: 'yhji',
  v: 'cfgb', w: 'qase', x: 'zsdc', y: 'tghu', z: 'asx',
};

/**
 * One realistic typo inside one word of at least 4 letters (not its first letter): a neighbouring
 * key, a dropped letter, a doubled letter or two swapped letters. Returns null when no word qualifies.
 */
export function typo(s: string, rnd: Rnd): string | null {
  const words = [...s.matchAll(/\p{L}{4,}/gu)];
  if (words.length === 0) return null;
  const w = pick(rnd, words);
  const start = w.index!;
  const pos = start + 1 + int(rnd, w[0].length - 1);
  const ch = s[pos]!;
  const lower = ch.toLowerCase();
  const kind = int(rnd, 4);
  let out: string;
  if (kind === 0 && KEYBOARD_NEIGHBOURS[lower]) {
    const sub = pick(rnd, [...KEYBOARD_NEIGHBOURS[lower]!]);
    out = s.slice(0, pos) + (ch === lower ? sub : sub.toUpperCase()) + s.slice(pos + 1);
  } else if (kind === 1) out = s.slice(0, pos) + s.slice(pos + 1);
  else if (kind === 2) out = s.slice(0, pos) + ch + s.slice(pos);
  else {
    const p = pos < start + w[0].length - 1 ? pos : pos - 1;
    out = s.slice(0, p) + s[p + 1] + s[p] + s.slice(p + 2);
  }
  return out === s ? null : out;
}

/** A case or spacing variant: lower, UPPER, padded, doubled inner space. */
export function caseOrSpacing(s: string, rnd: Rnd): string {
  const forms = [s.toLowerCase(), s.toUpperCase(), ` ${s}`, `${s} `, s.replace(' ', '  '), `  ${s.toLowerCase()} `];
  const variants = forms.filter((f) => f !== s);
  return variants.length ? pick(rnd, variants) : `${s} `;
}

const DISGUISED = ['', 'N/A', 'n/a', '-', 'null', 'none', '?', 'unknown', '   ', 'NULL', 'None'];

/** A number written as text in a well-formed way, with the value it must parse to (default rules). */
export function numberAsText(v: number, rnd: Rnd): string {
  const abs = Math.abs(v);
  const fixed2 = abs.toFixed(2);
  const [ip, fp] = fixed2.split('.') as [string, string];
  const us = ip.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const eu = ip.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const sp = ip.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  const sign = v < 0 ? '-' : '';
  const forms = [
    `${sign}${us}.${fp}`,
    `${sign}$${us}.${fp}`,
    `${sign}${eu},${fp}`,
    `${sign}${sp}.${fp}`,
    `${sign}${fixed2} USD`,
    `${sign}€${us}.${fp}`,
    `  ${sign}${fixed2}  `,
    v < 0 ? `(${us}.${fp})` : `${us}.${fp} kg`,
  ];
  return pick(rnd, forms);
}

export interface DirtyMovies {
  rows: Movie[];
  /** For each dirty row, the index of the clean row it came from (duplicates share it). */
  origin: number[];
  /** Distributor: the clean value of each row; `variantRows` are the rows where it was altered. */
  distributorTruth: (string | null)[];
  variantRows: number[];
  /** Rows where Major Genre was replaced by a disguised null. */
  disguisedNullRows: number[];
  /** Rows whose Production Budget became text, with the number it stands for. */
  budgetAsText: { row: number; value: number }[];
  /** Rows whose US Gross (at least 1M) was blown up ×1000. */
  outlierRows: number[];
  duplicateRows: number[];
}

/**
 * A dirty movies table. Variants are injected per row (rate `variantRate`), so, as in real data,
 * a distributor's variants are rare next to its clean spelling. Duplicates copy a row with small
 * edits (a title typo or case change, a distributor case/spacing change, a dropped field).
 */
export function makeDirtyMovies(seed: number, opts: { duplicateRate?: number; variantRate?: number } = {}): DirtyMovies {
  const rnd = seeded(seed);
  const clean: Movie[] = loadMovies().map((m) => ({ ...m, Title: m.Title === null ? null : String(m.Title) }));
  const rows: Movie[] = [];
  const origin: number[] = [];
  const duplicateRows: number[] = [];
  clean.forEach((m, i) => {
    rows.push({ ...m });
    origin.push(i);
  });
  const dupRate = opts.duplicateRate ?? 0.1;
  clean.forEach((m, i) => {
    if (rnd() >= dupRate || typeof m.Title !== 'string') return;
    const copies = rnd() < 0.2 ? 2 : 1;
    for (let c = 0; c < copies; c++) {
      const d: Movie = { ...m };
      const r = rnd();
      if (r < 0.5) d.Title = typo(m.Title as string, rnd) ?? caseOrSpacing(m.Title as string, rnd);
      else if (r < 0.7) d.Title = caseOrSpacing(m.Title as string, rnd);
      if (typeof m.Distributor === 'string' && rnd() < 0.4) d.Distributor = caseOrSpacing(m.Distributor, rnd);
      if (rnd() < 0.3) d['IMDB Votes'] = null;
      duplicateRows.push(rows.length);
      rows.push(d);
      origin.push(i);
    }
  });
  // Shuffle so duplicates are not adjacent to their originals.
  const order = rows.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = int(rnd, i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const pos = new Map(order.map((old, now) => [old, now]));
  const out = order.map((old) => rows[old]!);
  const outOrigin = order.map((old) => origin[old]!);
  const dupOut = duplicateRows.map((d) => pos.get(d)!).sort((a, b) => a - b);

  const distributorTruth = outOrigin.map((o) => (typeof clean[o]!.Distributor === 'string' ? (clean[o]!.Distributor as string) : null));
  const disguisedNullRows: number[] = [];
  const budgetAsText: { row: number; value: number }[] = [];
  const outlierRows: number[] = [];
  const variantRate = opts.variantRate ?? 0.06;
  out.forEach((r, i) => {
    const d = r.Distributor;
    if (typeof d === 'string' && rnd() < variantRate) {
      const v = rnd() < 0.5 ? typo(d, rnd) : caseOrSpacing(d, rnd);
      if (v !== null) r.Distributor = v;
    }
    if (typeof r['Major Genre'] === 'string' && rnd() < 0.04) {
      r['Major Genre'] = pick(rnd, DISGUISED);
      disguisedNullRows.push(i);
    }
    const b = r['Production Budget'];
    if (typeof b === 'number' && rnd() < 0.15) {
      r['Production Budget'] = numberAsText(b, rnd);
      budgetAsText.push({ row: i, value: Math.round(b * 100) / 100 });
    }
    const g = r['US Gross'];
    if (typeof g === 'number' && g >= 1e6 && rnd() < 0.004) {
      r['US Gross'] = g * 1000;
      outlierRows.push(i);
    }
  });
  // Duplicates may carry distributor variants too, so variants are read off the result.
  const variantRows = out.flatMap((r, i) => (typeof r.Distributor === 'string' && r.Distributor !== distributorTruth[i] ? [i] : []));
  return { rows: out, origin: outOrigin, distributorTruth, variantRows, disguisedNullRows, budgetAsText, outlierRows, duplicateRows: dupOut };
}
