// A table of years with a quarter-number column (1–4) and no dates: quarters said become a filter
// on that column ("in the second quarter of 1950" → quarter = 2 in 1950) and "by quarter" groups
// by it, instead of refusing for want of dates. Pure.
import type { CatalogColumn } from '../shared/catalog.js';
import type { Filter } from '../insights/insightQuery.js';
import type { Analysis, ColumnMention } from './analysisTypes.js';
import type { DateRange } from './timePhrases.js';
import { yearColumn } from './timeAxis.js';
import { perRowUnit } from './groupReadings.js';


/** The quarter (1–4) a range covers exactly, and its year; undefined for any other range. */
function quarterOf(range: DateRange | undefined): { q: number; year: number } | undefined {
  const from = /^(\d{4})-(\d{2})-01$/.exec(range?.from ?? '');
  const to = /^(\d{4})-(\d{2})-01$/.exec(range?.to ?? '');
  if (!from || !to) return undefined;
  const [y, m] = [Number(from[1]), Number(from[2])];
  const end = m + 3 > 12 ? [y + 1, m - 9] : [y, m + 3];
  if ((m - 1) % 3 !== 0 || Number(to[1]) !== end[0] || Number(to[2]) !== end[1]) return undefined;
  return { q: (m - 1) / 3 + 1, year: y };
}

export function applyQuarterColumn(a: Analysis, col: CatalogColumn): { analysis: Analysis; filters: Filter[]; notes: string[] } | undefined {
  const one = quarterOf(a.time.range);
  // "the average quarterly use" over a row per quarter is one figure (perRowUnit), not by quarter.
  const byQuarter = a.time.grain === 'quarter' && !perRowUnit(a);
  // Two periods named ("for 1973 and 1974") are left to the time phrases: one quarter filter cannot hold both.
  if ((!one && !byQuarter) || a.time.otherRange) return undefined;
  // Was a year said? Else the range's year is only the default anchor's.
  const yearSaid = [...a.time.consumed].some((i) => a.tokens[i]!.kind === 'number' && (a.tokens[i]!.value ?? 0) >= 1000);
  const range = one && yearSaid ? { from: `${one.year}-01-01`, to: `${one.year + 1}-01-01` } : byQuarter ? a.time.range : undefined;
  const time = { ...a.time, range, otherRange: undefined, grain: undefined, overTime: false };
  // "quarter of the year": the year word says which quarter, it names no column.
  const k = (i: number) => a.tokens[i]?.key ?? '';
  const ofYear = new Set(a.tokens.filter((t) => t.key === 'year' && k(t.index - 1) === 'the' && k(t.index - 2) === 'of' && /^quarters?$/.test(k(t.index - 3))).map((t) => t.index));
  const kept = a.dimensions.filter((d) => !ofYear.has(d.link.start));
  const grouped = (c: CatalogColumn, text: string): ColumnMention => ({ column: c, link: { start: -1, end: -1, text, candidates: [], match: 'exact' }, grouping: true, score: 1 });
  // "in the fourth quarter of each year", "first-quarter use by year", "… over the years": that
  // quarter, year by year.
  const yc = yearColumn(a.vocab.dataset);
  const yearly = a.time.grain === 'year' || a.time.overTime || a.tokens.some((t) => t.key === 'year' && /^(each|every|per)$/.test(k(t.index - 1)));
  const eachYear = yc && yearly && !a.dimensions.some((d) => d.column.name === yc.name) ? [grouped(yc, 'year')] : [];
  const dims: ColumnMention[] = [...eachYear, ...kept, ...(byQuarter ? [grouped(col, 'quarter')] : [])];
  const filters: Filter[] = one ? [{ column: col.name, op: 'eq', value: one.q }] : [];
  const notes = [...(one ? [`read quarter ${one.q} as ${col.label} = ${one.q}`] : []), ...(byQuarter ? [`by quarter is by ${col.label}`] : [])];
  return { analysis: { ...a, time, dimensions: dims, measures: a.measures.filter((m) => !ofYear.has(m.link.start)) }, filters, notes };
}
