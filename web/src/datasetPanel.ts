import { h, replace } from './dom.js';
import type { Dataset, DatasetColumn } from './types.js';

const fmt = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

function profile(c: DatasetColumn): string {
  const s = c.stats;
  if (!s) return '';
  const parts: string[] = [];
  if (s.minTime || s.maxTime) parts.push(`${s.minTime?.slice(0, 10) ?? '?'} → ${s.maxTime?.slice(0, 10) ?? '?'}${s.grain ? `, ${s.grain.toLowerCase()}` : ''}`);
  else if (s.min !== null && s.max !== null) parts.push(`${fmt.format(s.min)} – ${fmt.format(s.max)}${s.mean !== null ? `, mean ${fmt.format(s.mean)}` : ''}`);
  if (s.topValues?.length && c.role !== 'MEASURE' && c.role !== 'TIME') parts.push(`top: ${s.topValues.slice(0, 3).map((t) => `${t.value} (${t.count})`).join(', ')}`);
  parts.push(`${s.distinctApprox ? '~' : ''}${fmt.format(s.distinctCount)} distinct`);
  if (s.nullCount) parts.push(`${fmt.format(s.nullCount)} missing`);
  return parts.join(' · ');
}

/** The columns of a dataset with their role, type and profile. */
export function datasetDetails(ds: Dataset): HTMLElement {
  return h(
    'div',
    { class: 'dataset-details' },
    h('p', {}, h('strong', {}, ds.label || ds.name), ` — ${fmt.format(ds.rowCount)} rows, ${ds.columns.length} columns`),
    h(
      'ul',
      { class: 'columns' },
      ds.columns.map((c) =>
        h('li', {}, h('span', { class: 'col-name' }, c.name), h('span', { class: `role role-${c.role.toLowerCase()}` }, c.role.toLowerCase()), h('span', { class: 'col-type' }, c.type.toLowerCase()), h('span', { class: 'col-profile' }, profile(c))),
      ),
    ),
  );
}

export interface DatasetPicker {
  element: HTMLElement;
  selected(): string | null;
  select(name: string | null): void;
  setDatasets(list: Dataset[]): void;
  find(name: string): Dataset | undefined;
  names(): string[];
}

/** A dataset picker (any, or one) with the chosen dataset's columns and profile underneath. */
export function datasetPicker(onChange: (name: string | null) => void): DatasetPicker {
  let datasets: Dataset[] = [];
  const select = h('select', { id: 'dataset', 'aria-label': 'Dataset' });
  const details = h('details', { class: 'dataset-panel' }, h('summary', {}, 'Columns and profile'));
  const body = h('div', {});
  details.append(body);
  const element = h('div', { class: 'dataset-picker' }, h('label', { for: 'dataset' }, 'Dataset'), select, details);
  const render = () => {
    const ds = datasets.find((d) => d.name === select.value);
    details.hidden = !ds;
    replace(body, ds ? datasetDetails(ds) : null);
  };
  select.addEventListener('change', () => {
    render();
    onChange(select.value || null);
  });
  return {
    element,
    selected: () => select.value || null,
    select(name) {
      select.value = name ?? '';
      render();
    },
    setDatasets(list) {
      const keep = select.value;
      datasets = list;
      replace(select, h('option', { value: '' }, 'Any (picked from the question)'), list.map((d) => h('option', { value: d.name }, `${d.label || d.name} (${fmt.format(d.rowCount)} rows)`)));
      select.value = list.some((d) => d.name === keep) ? keep : '';
      render();
    },
    find: (name) => datasets.find((d) => d.name === name),
    names: () => datasets.map((d) => d.name),
  };
}
