import type { CatalogDataset } from '../../shared/catalog.js';
import { measureName } from '../../insights/insightQuery.js';
import { isModelIntent } from '../intents/index.js';
import type { ModelPlan, QueryPlan } from '../plan.js';
import { labelOf, measureText } from '../restate.js';
import { bucketColumn } from './text.js';
import type { ResultSet } from './result.js';

export type VegaLiteSpec = Record<string, unknown>;

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/**
 * A Vega-Lite v5 spec with the rows inlined, shaped by the intent: line for series, bars for
 * breakdowns and rankings, arc for shares, points for correlations, a binned histogram for
 * distributions. Null for a single figure (a sentence says it better) or a row list (a table).
 */
export function chartSpec(plan: QueryPlan | ModelPlan, result: ResultSet, ds: CatalogDataset): VegaLiteSpec | null {
  const q = plan.query;
  const m = q.measures[0];
  const mField = m ? measureName(m) : 'count';
  const mTitle = m ? measureText(ds, m) : 'rows';
  const base = { $schema: SCHEMA, data: { values: result.rows }, title: plan.restatement } as const;
  const dim = q.dimensions[0];
  const y = { field: mField, type: 'quantitative', title: mTitle };
  // A difference: one sentence says it; per group, the differences as bars.
  if (q.contrast) return dim ? bar(base, dim, ds, { ...y, field: `${mField}_difference`, title: `difference in ${mTitle}` }, '-x') : null;
  // A trend and every model's series are a line (the model intents are listed once, in intents/index.ts).
  if (plan.intent === 'trend' || isModelIntent(plan.intent)) return line(base, result, q.dimensions, mField, y, ds);
  switch (plan.intent) {
    case 'aggregate':
    case 'count':
    case 'list':
      if (!q.dimensions.length || plan.intent === 'list') return null;
      return bar(base, dim!, ds, y, q.orderBy[0]?.direction === 'asc' ? 'x' : '-x');
    case 'compare':
      if (dim) return bar(base, dim, ds, y, '-x');
      return null;
    case 'breakdown':
      if (q.time?.grain) return line(base, result, q.dimensions, mField, y, ds);
      return bar(base, dim!, ds, y, '-x');
    case 'top_n':
    case 'bottom_n':
      if (!dim) return bar(base, bucketColumn(result, [], mField), ds, y, plan.intent === 'top_n' ? '-x' : 'x', 'temporal');
      return bar(base, dim, ds, y, plan.intent === 'top_n' ? '-x' : 'x');
    case 'share':
      return {
        ...base,
        mark: { type: 'arc', innerRadius: 40 },
        encoding: {
          theta: { field: mField, type: 'quantitative', stack: true, title: mTitle },
          color: { field: dim!, type: 'nominal', title: labelOf(ds, dim!) },
          tooltip: [{ field: dim!, type: 'nominal' }, { field: mField, type: 'quantitative', format: ',.2f' }],
        },
      };
    case 'distribution': {
      const col = q.dimensions[0]!;
      const numeric = ds.columns.find((c) => c.name === col)?.role === 'measure';
      if (!numeric) return bar(base, col, ds, { field: 'count', type: 'quantitative', title: 'rows' }, '-x');
      return {
        ...base,
        mark: 'bar',
        encoding: {
          x: { field: col, type: 'quantitative', bin: { maxbins: 30 }, title: labelOf(ds, col) },
          y: { aggregate: 'sum', field: 'count', type: 'quantitative', title: 'rows' },
        },
      };
    }
    case 'correlation': {
      const [a, b] = q.dimensions as [string, string];
      return {
        ...base,
        mark: { type: 'point', filled: true, opacity: 0.6 },
        encoding: {
          x: { field: a, type: 'quantitative', title: labelOf(ds, a), scale: { zero: false } },
          y: { field: b, type: 'quantitative', title: labelOf(ds, b), scale: { zero: false } },
          size: { field: 'count', type: 'quantitative', title: 'rows' },
        },
      };
    }
  }
}

function bar(base: object, field: string, ds: CatalogDataset, y: object, sort: string, type = 'nominal'): VegaLiteSpec {
  return {
    ...base,
    mark: 'bar',
    encoding: {
      y: { field, type, sort, title: labelOf(ds, field) },
      x: y,
      tooltip: [{ field, type }, { ...y, format: ',.2f' }],
    },
  };
}

function line(base: object, result: ResultSet, dims: readonly string[], mField: string, y: object, ds: CatalogDataset): VegaLiteSpec {
  const t = bucketColumn(result, dims, mField);
  const enc: Record<string, unknown> = { x: { field: t, type: 'temporal', title: labelOf(ds, t) }, y, tooltip: [{ field: t, type: 'temporal' }, { ...y, format: ',.2f' }] };
  if (dims[0]) enc.color = { field: dims[0], type: 'nominal', title: labelOf(ds, dims[0]) };
  return { ...base, mark: { type: 'line', point: result.rows.length <= 60 }, encoding: enc };
}
