import type { CatalogDataset } from '../../shared/catalog.js';
import { CONTRAST_SUFFIXES, measureName, type InsightQuery } from '../../insights/insightQuery.js';
import { measureText } from '../restate.js';
import { formatNumber, num } from './result.js';

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const signed = (n: number) => `${n > 0 ? '+' : n < 0 ? '−' : ''}${formatNumber(Math.abs(n))}`;

/**
 * A contrast in words: both figures and the difference between them, so a reader can check it
 * ("Sum of output: 2017 1,200, 2001 900; 2017 − 2001 = +300 (+33%)"). With groups, the three
 * largest differences.
 */
export function differenceText(q: InsightQuery, rows: readonly Record<string, unknown>[], ds: CatalogDataset): string {
  const c = q.contrast!;
  const m = q.measures[0]!;
  const name = measureName(m);
  const [sa, sb, sd, sp] = CONTRAST_SUFFIXES;
  const la = c.a.label ?? String(c.a.value ?? '');
  const lb = c.b.label ?? String(c.b.value ?? '');
  const one = (r: Record<string, unknown>) => {
    const [a, b, d, p] = [sa, sb, sd, sp].map((s) => num(r[name + s]));
    if (d === null || d === undefined) return `${la} ${a === null ? 'no value' : formatNumber(a!)}, ${lb} ${b === null ? 'no value' : formatNumber(b!)}, so no difference`;
    const pct = p === null || p === undefined ? '' : ` (${p > 0 ? '+' : p < 0 ? '−' : ''}${formatNumber(Math.abs(Math.round(p * 10) / 10))}%)`;
    return `${la} ${formatNumber(a!)}, ${lb} ${formatNumber(b!)}; ${la} − ${lb} = ${signed(d)}${pct}`;
  };
  const what = cap(measureText(ds, m));
  if (!q.dimensions.length) return `${what}: ${one(rows[0]!)}.`;
  const label = (r: Record<string, unknown>) => q.dimensions.map((d) => String(r[d] ?? '∅')).join(' / ');
  const top = rows.slice(0, 3).map((r) => `${label(r)}: ${one(r)}`);
  return `${what}, largest differences first — ${top.join('; ')}${rows.length > 3 ? `; and ${rows.length - 3} more` : ''}.`;
}
