// Periods a question names or implies: the latest period, two periods side by side, the labels
// of "which year" answers, and forecast horizons.
import { primaryTimeColumn, type CatalogColumn, type CatalogDataset } from '../shared/catalog.js';
import type { Filter } from '../insights/insightQuery.js';
import type { Analysis } from './analyze.js';
import { addUnits, dayOf, iso, parseDay, startOf } from './calendar.js';
import { rowLabelColumn } from './options.js';

/** The calendar period (of `unit`) that holds the anchor: the default "current" period for comparisons. */
export function latestPeriod(a: Analysis, unit: 'year' | 'month' | 'quarter' | 'week' | 'day' | 'hour' | 'minute'): { from: string; to: string } {
  const tc = primaryTimeColumn(a.vocab.dataset);
  const anchor = parseDay(tc?.stats?.maxTime ?? '') ?? dayOf(new Date(0));
  const u = unit === 'hour' || unit === 'minute' ? 'day' : unit;
  const s = startOf(anchor, u);
  return { from: iso(s), to: iso(addUnits(s, 1, u)) };
}

export function seasonalGrain(ds: CatalogDataset): 'month' | 'week' | 'day' | 'quarter' {
  const g = primaryTimeColumn(ds)?.stats?.grain;
  return g === 'quarter' || g === 'year' ? 'quarter' : 'month';
}

export function defaultHorizon(grain: string): number {
  return grain === 'year' ? 3 : grain === 'quarter' ? 4 : grain === 'month' ? 6 : grain === 'week' ? 8 : 14;
}

/** A filter and grain that keep two whole periods (years, months or days) and report each as a row. */
export function twoPeriods(column: string, a: { from?: string; to?: string }, b: { from?: string; to?: string }): { filter: Filter; grain: 'year' | 'month' | 'day' } | undefined {
  if (!a.from || !a.to || !b.from || !b.to) return undefined;
  const days = Math.round((Date.parse(a.to) - Date.parse(a.from)) / 86_400_000);
  const grain = days >= 365 ? 'year' : days >= 28 ? 'month' : 'day';
  const part = (r: { from?: string; to?: string }): Filter => ({ and: [{ column, op: 'gte', value: r.from! }, { column, op: 'lt', value: r.to! }] });
  return { filter: { or: [part(b), part(a)] }, grain };
}

/**
 * The labels a "which …" question lists: "which years" → the year axis; "which countries", "which
 * cars" (the dataset's own word) → the row label or the named dimension. Undefined otherwise.
 */
export function whichLabels(a: Analysis, tc: CatalogColumn | undefined, yc: CatalogColumn | undefined): { column?: string; grain?: 'year' | 'month' | 'day' } | undefined {
  const k = (i: number) => a.tokens[i]?.key ?? '';
  const at = k(0) === 'in' || k(0) === 'on' ? 1 : 0;
  // "years when X was below N": the unit word first, then when/where/with.
  const unitFirst = /^(years|months|days|dates)$/.test(k(0)) && /^(when|where|with|in|that)$/.test(k(1));
  // "states with a murder rate under 5", "list the countries where …": the plural noun of the rows first.
  const lead = /^(list|show|name|give|find)$/.test(k(0)) ? (k(1) === 'the' || k(1) === 'all' ? 2 : 1) : 0;
  // Only a noun for the rows themselves: "quarters where …" in a table of several rows a quarter lists rows, not quarters.
  const names = (c: CatalogColumn) => c.role === 'identifier' || (c.stats?.distinctCount ?? 0) >= 0.9 * a.vocab.dataset.rowCount;
  const rowsFirst = /s$/.test(k(lead)) && /^(with|where|whose|that|having)$/.test(k(lead + 1)) && (a.dimensions.some((d) => d.link.start === lead && d.link.end === lead + 1 && names(d.column)) || a.rowNoun?.index === lead);
  if (k(at) !== 'which' && !(k(at) === 'what' && at === 0) && !unitFirst && !rowsFirst) return undefined;
  const i = unitFirst ? 0 : rowsFirst ? lead : at + 1;
  const unit = a.tokens[i];
  if (unit && /^(year|years|month|months|day|days|dates?)$/.test(unit.key)) {
    const g = unit.key.startsWith('year') ? 'year' : unit.key.startsWith('month') ? 'month' : 'day';
    if (yc && g === 'year') return { column: yc.name };
    if (tc) return { grain: g };
    return undefined;
  }
  const dim = a.dimensions.find((d) => d.link.start === i);
  if (dim) return { column: dim.column.name };
  const link = a.links.links.find((l) => l.start === i);
  if (link?.candidates.some((c) => c.target.kind === 'dataset') || a.rowNoun?.index === i) {
    const label = rowLabelColumn(a.vocab.dataset);
    return label ? { column: label.name } : undefined;
  }
  return undefined;
}

/** True when one range ends where the other starts. */
export function adjacent(a: { from?: string; to?: string }, b: { from?: string; to?: string }): boolean {
  return a.to === b.from || b.to === a.from;
}
