import { parse } from 'csv-parse/sync';
import { parseDateText } from './dateText.js';
import { isNullish } from './inferTypes.js';
import { parseNumberText } from './numberText.js';

/** Delimiters tried, in tie-break order. */
export const DELIMITERS = [',', '\t', ';', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** Rows the sniffers look at. */
const SNIFF_ROWS = 50;

/** Parses the first rows of a text sample leniently (bad rows dropped), for sniffing only. */
export function sampleRows(text: string, delimiter: string): string[][] {
  return parse(text, {
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    to: SNIFF_ROWS,
  }) as string[][];
}

/**
 * The delimiter whose field count is the most consistent across the first rows (more than one
 * field), then the one giving more fields, then the order `,` tab `;` `|`. ',' when none splits.
 */
export function sniffDelimiter(text: string): Delimiter {
  let best: { d: Delimiter; consistency: number; fields: number } | null = null;
  for (const d of DELIMITERS) {
    if (!text.includes(d)) continue;
    const rows = sampleRows(text, d);
    if (rows.length === 0) continue;
    const freq = new Map<number, number>();
    for (const r of rows) freq.set(r.length, (freq.get(r.length) ?? 0) + 1);
    let fields = 0;
    let top = 0;
    for (const [n, f] of freq) if (f > top || (f === top && n > fields)) [fields, top] = [n, f];
    if (fields < 2) continue;
    // Buckets of 5% so one odd row does not outweigh a delimiter giving more fields.
    const consistency = Math.floor((top / rows.length) * 20) / 20;
    if (!best || consistency > best.consistency || (consistency === best.consistency && fields > best.fields)) best = { d, consistency, fields };
  }
  return best?.d ?? ',';
}

type CellKind = 'null' | 'typed' | 'text';

function cellKind(s: string): CellKind {
  if (isNullish(s)) return 'null';
  const t = s.trim();
  if (/^(true|false|yes|no)$/i.test(t)) return 'typed';
  return parseNumberText(t) || parseDateText(t) ? 'typed' : 'text';
}

/**
 * Whether the first row is a header. Evidence, strongest first:
 * 1. a first-row cell is text while its column's later values are numbers, dates or booleans →
 *    header; a first-row cell that is typed like its column → data;
 * 2. all-text files: the first row is a header when its cells are non-empty, distinct and never
 *    repeated in their column below (headerless all-text files are rare; they get this wrong);
 * 3. a lone row is a header when every cell is text (a header-only file).
 * A first row typed like its columns is still a header when its typed cells are a run of
 * consecutive integers none of which recurs below in its column: the years of a wide table
 * ("Region,…,1990,1991,…,2020" over rates).
 */
export function detectHeader(rows: string[][]): boolean {
  const first = rows[0];
  if (!first || first.every((c) => c.trim() === '')) return false;
  const rest = rows.slice(1);
  const firstKinds = first.map(cellKind);
  if (rest.length === 0) return firstKinds.every((k) => k !== 'typed') && firstKinds.some((k) => k === 'text');
  let textOverTyped = 0;
  let typedOverTyped = 0;
  for (let c = 0; c < first.length; c++) {
    const later = rest.map((r) => r[c]).filter((v): v is string => v !== undefined).map(cellKind).filter((k) => k !== 'null');
    if (later.length === 0) continue;
    const typedShare = later.filter((k) => k === 'typed').length / later.length;
    if (typedShare < 0.9) continue;
    if (firstKinds[c] === 'text') textOverTyped++;
    else if (firstKinds[c] === 'typed') typedOverTyped++;
  }
  if (textOverTyped > 0) return textOverTyped >= typedOverTyped;
  if (typedOverTyped > 0) return periodLabels(first, rest);
  if (firstKinds.some((k) => k === 'typed')) return false;
  const cells = first.map((c) => c.trim());
  const nonEmpty = cells.filter((c) => c !== '');
  if (nonEmpty.length < cells.length || new Set(nonEmpty).size < nonEmpty.length) return false;
  return cells.every((h, c) => rest.every((r) => (r[c] ?? '').trim() !== h));
}

/** The first row's typed cells are years: at least 3 consecutive ones beside a text label, each absent from its column below. */
function periodLabels(first: string[], rest: string[][]): boolean {
  const typed = first.map((cell, c) => ({ cell: cell.trim(), c })).filter(({ cell }) => cellKind(cell) === 'typed');
  // A wide table names its rows in a text column ("country"); a row of bare numbers is data.
  if (!first.some((cell) => cellKind(cell) === 'text')) return false;
  if (typed.length < 3 || !typed.every(({ cell }) => /^\d{4}$/.test(cell))) return false;
  const run = typed.every(({ cell }, i) => i === 0 || Number(cell) === Number(typed[i - 1]!.cell) + 1);
  return run && typed.every(({ cell, c }) => rest.every((r) => (r[c] ?? '').trim() !== cell));
}
