import { h } from './dom.js';
import type { ResultColumn } from './types.js';

const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 3 });

function cell(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return numberFormat.format(v);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** A result table: a caption, sticky headers, numbers right-aligned, at most `max` rows shown. */
export function resultTable(columns: readonly ResultColumn[], rows: readonly Record<string, unknown>[], caption: string, max = 200): HTMLElement {
  const numeric = new Set(columns.filter((c) => c.role === 'MEASURE' || ['INTEGER', 'BIGINT', 'DOUBLE', 'NUMERIC'].includes(c.type)).map((c) => c.name));
  const table = h(
    'table',
    { class: 'result' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: numeric.has(c.name) ? 'num' : null }, c.label || c.name)))),
    h(
      'tbody',
      {},
      rows.slice(0, max).map((r) => h('tr', {}, columns.map((c) => h('td', { class: numeric.has(c.name) ? 'num' : null }, cell(r[c.name]))))),
    ),
  );
  return h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': caption }, table);
}
