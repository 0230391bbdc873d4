import type { CatalogColumn } from '../../shared/catalog.js';
import { isNumericType, primaryTimeColumn } from '../../shared/catalog.js';
import type { Plan } from '../plan.js';
import type { Vocabulary } from '../vocabulary.js';

/**
 * Two to four follow-up questions that make sense for this dataset and plan, written in the
 * words the planner itself understands, so each one plans cleanly when clicked.
 */
export function suggestions(plan: Plan, vocab: Vocabulary): string[] {
  const ds = vocab.dataset;
  const name = (c: CatalogColumn) => vocab.columnNames.get(c.name)?.[0] ?? c.label.toLowerCase();
  const measures = ds.columns.filter((c) => c.role === 'measure' && isNumericType(c.type));
  const dims = ds.columns.filter((c) => c.role === 'dimension' && c.type === 'text');
  const tc = primaryTimeColumn(ds);
  const out: string[] = [];
  const add = (s: string | undefined | false) => {
    if (s && !out.includes(s) && out.length < 4) out.push(s);
  };
  if (plan.kind === 'clarify') {
    const m = measures[0];
    if (m) add(`total ${name(m)}`);
    if (m && dims[0]) add(`${name(m)} by ${name(dims[0])}`);
    if (m && tc) add(`${name(m)} by month`);
    return out;
  }
  const q = plan.query;
  const mcol = ds.columns.find((c) => c.name === q.measures.find((x) => x.column)?.column) ?? measures[0];
  const otherDim = dims.find((d) => !q.dimensions.includes(d.name));
  const otherMeasure = measures.find((x) => x.name !== mcol?.name);
  const m = mcol ? name(mcol) : undefined;
  switch (plan.intent) {
    case 'aggregate':
    case 'count':
    case 'compare':
      add(m && otherDim && `${m} by ${name(otherDim)}`);
      add(m && tc && `${m} by month`);
      add(m && tc && !q.compare && `${m} year over year`);
      add(otherMeasure && `average ${name(otherMeasure)}`);
      break;
    case 'breakdown':
    case 'share':
      add(m && q.dimensions[0] && `top 3 ${name(ds.columns.find((c) => c.name === q.dimensions[0])!)} by ${m}`);
      add(m && tc && `${m} by month`);
      add(m && otherDim && `${m} by ${name(otherDim)}`);
      break;
    case 'top_n':
    case 'bottom_n':
      add(m && q.dimensions[0] && `${plan.intent === 'top_n' ? 'bottom' : 'top'} 3 ${name(ds.columns.find((c) => c.name === q.dimensions[0])!)} by ${m}`);
      add(m && tc && `${m} by month`);
      add(m && `distribution of ${m}`);
      break;
    case 'trend':
      add(m && `forecast ${m} for the next 6 months`);
      add(m && `any anomalies in ${m}`);
      add(m && otherDim && `${m} by month by ${name(otherDim)}`);
      add(m && `is ${m} seasonal`);
      break;
    case 'distribution':
    case 'correlation':
    case 'list':
      add(m && otherDim && `average ${m} by ${name(otherDim)}`);
      add(m && otherMeasure && `correlation between ${m} and ${name(otherMeasure)}`);
      add(m && tc && `${m} by month`);
      break;
    default:
      add(m && tc && `${m} by month`);
      add(m && plan.intent !== 'forecast' && `forecast ${m} for the next 6 months`);
      add(m && plan.intent !== 'anomalies' && `any anomalies in ${m}`);
      add(m && plan.intent !== 'change_points' && `when did ${m} change`);
  }
  if (out.length < 2 && measures[0]) add(`total ${name(measures[0])}`);
  if (out.length < 2 && measures[0] && dims[0]) add(`${name(measures[0])} by ${name(dims[0])}`);
  return out;
}
