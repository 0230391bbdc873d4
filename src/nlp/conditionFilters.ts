// Values and numeric comparisons as the query's filters: one filter per column's values, codes of
// one column compared side by side, percentages scaled to a column that holds fractions.
import type { CatalogDataset } from '../shared/catalog.js';
import type { Filter } from '../insights/insightQuery.js';
import type { Analysis } from './analyze.js';
import type { ValuesByColumn } from './intentShape.js';
import { percentScale } from './measureRules.js';
import { clarify, fmt, measureColumns, optionLabels } from './options.js';
import type { ClarifyPlan } from './plan.js';

export function valuesByColumn(values: Analysis['values']): ValuesByColumn {
  const byColumn: ValuesByColumn = new Map();
  for (const v of values) {
    const e = byColumn.get(v.column) ?? { vals: [], negated: v.negated };
    if (!e.vals.includes(v.value)) e.vals.push(v.value);
    byColumn.set(v.column, e);
  }
  return byColumn;
}

/** Adds the comparisons to `filters`; returns the columns whose codes are compared side by side. */
export function conditionFilters(a: Analysis, ds: CatalogDataset, filters: Filter[], notes: string[]): { sideBySide: string[] } | { clarify: ClarifyPlan } {
  // Codes of one column ("district 1 and district 4", even "zone 2 and zone 2") are one filter;
  // with two or more, a comparison shows one row each.
  const codes = new Map<string, number[]>();
  for (const c of a.conditions) {
    if (!c.column) return { clarify: clarify(`Which measure should be compared with ${fmt(c.value)}?`, optionLabels(measureColumns(ds)), [], 0.3, ds.name) };
    const k = percentScale(a, c);
    if (k !== 1) notes.push(`read ${fmt(c.value)}% as ${fmt(c.value * k)}, as ${c.column.label} holds fractions`);
    if (c.op === 'eq') {
      const vals = codes.get(c.column.name) ?? [];
      if (!vals.includes(c.value * k)) codes.set(c.column.name, [...vals, c.value * k]);
      continue;
    }
    filters.push(c.op === 'between' ? { column: c.column.name, op: 'between', values: [c.value * k, c.upper! * k] } : { column: c.column.name, op: c.op, value: c.value * k });
  }
  // Words that name several rows each ("owls vs hawks") are alternatives, as two values of one
  // column are: no name is both an owl and a hawk.
  const named = new Map<string, Filter[]>();
  for (const p of a.patterns) {
    const one = (text: string): Filter => ({ column: p.column.name, op: p.op, value: text });
    if (!p.via) {
      filters.push(p.texts.length === 1 ? one(p.texts[0]!) : { or: p.texts.map(one) });
      continue;
    }
    named.set(p.column.name, [...(named.get(p.column.name) ?? []), ...p.texts.map(one)]);
  }
  for (const alts of named.values()) filters.push(alts.length === 1 ? alts[0]! : { or: alts });
  const sideBySide = [...codes].filter(([, vals]) => vals.length > 1).map(([column]) => column);
  for (const [column, vals] of codes) filters.push(vals.length > 1 ? { column, op: 'in', values: vals } : { column, op: 'eq', value: vals[0]! });
  return { sideBySide };
}
