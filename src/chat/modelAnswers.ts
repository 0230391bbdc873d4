import type { OutputColumn } from '../insights/compile.js';
import { measureName, type Filter, type InsightQuery } from '../insights/insightQuery.js';
import { formatNumber } from '../nlp/answer/result.js';
import type { VegaLiteSpec } from '../nlp/answer/chart.js';
import type { ModelPlan } from '../nlp/plan.js';
import type { ModelService } from '../models/modelService.js';
import type { StoredModel } from '../models/registry/modelRepository.js';
import { datesOf } from '../models/series/regularSeries.js';
import { trendVerdict } from '../models/trend/describeTrend.js';
import type { CatalogDataset } from '../shared/catalog.js';
import { AppError, ErrorCode } from '../shared/errors.js';
import type { AnswerResult } from './answer.js';

/** What a model question produces: rows for the table and chart, a sentence, notes. */
export interface ModelOutcome {
  result: AnswerResult;
  text: string;
  /** A chart of its own (forecast band, driver bars); undefined keeps the planner's line chart. */
  chart?: VegaLiteSpec | null;
  notes: string[];
}

/** Null: the question is better answered by the plan's own query (a comparison the drivers cannot split). */
export type ModelRunner = (plan: ModelPlan, ds: CatalogDataset) => Promise<ModelOutcome | null>;

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const unsupported = (why: string) => new AppError(ErrorCode.BAD_INPUT, why);

/**
 * The series spec a model plan reads: its first measure at its grain over its range, for at most
 * one value of one column (the models read one series at a time).
 */
export function seriesSpecOf(plan: ModelPlan): Record<string, unknown> {
  const q = plan.query;
  const m = q.measures[0];
  if (!m) throw unsupported('a model needs a measure to read over time');
  if (q.dimensions.length) throw unsupported(`a model reads one series at a time; ask for one value of ${q.dimensions.join(', ')} instead of a breakdown`);
  const seg = singleValue(q.filter);
  if (seg === undefined) throw unsupported('a model reads one series, optionally for one value of one column; this question has other conditions');
  return {
    dataset: q.dataset,
    measure: m.column ?? null,
    agg: m.agg,
    ...(m.percentile != null ? { percentile: m.percentile } : {}),
    ...(q.time?.grain ? { grain: q.time.grain } : {}),
    ...(q.time?.column ? { timeColumn: q.time.column } : {}),
    ...(q.time?.range ? { range: q.time.range } : {}),
    ...(seg ? { segmentBy: seg.column, segment: seg.value } : {}),
  };
}

/** null: no filter; a column and value: one equality; undefined: anything else. */
function singleValue(f: Filter | null | undefined): { column: string; value: string | number | boolean } | null | undefined {
  if (!f) return null;
  if ('and' in f) return f.and.length === 1 ? singleValue(f.and[0]) : undefined;
  if ('or' in f || 'not' in f) return undefined;
  return f.op === 'eq' && f.value != null ? { column: f.column, value: f.value } : undefined;
}

/** The earlier period a change is explained against: the same length just before, or a year before. */
export function earlierPeriod(range: { from: string; to: string }, mode: 'previous_period' | 'same_period_last_year'): { from: string; to: string } {
  const d = (s: string) => new Date(`${s.slice(0, 10)}T00:00:00Z`);
  const iso = (x: Date) => x.toISOString().slice(0, 10);
  const from = d(range.from);
  const to = d(range.to);
  const shiftMonths = (x: Date, n: number) => new Date(Date.UTC(x.getUTCFullYear(), x.getUTCMonth() + n, x.getUTCDate()));
  if (mode === 'same_period_last_year') return { from: iso(shiftMonths(from, -12)), to: iso(shiftMonths(to, -12)) };
  // Whole months shift by months ("March" before "April"), anything else by its length in days.
  if (from.getUTCDate() === 1 && to.getUTCDate() === 1) {
    const months = (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + to.getUTCMonth() - from.getUTCMonth();
    return { from: iso(shiftMonths(from, -months)), to: range.from.slice(0, 10) };
  }
  const days = to.getTime() - from.getTime();
  return { from: iso(new Date(from.getTime() - days)), to: range.from.slice(0, 10) };
}

/** Answers model plans with the models service: the stored model while fresh, else trained now. */
export function modelRunner(models: ModelService): ModelRunner {
  return async (plan, ds) => {
    if (plan.intent === 'explain_change') return explain(models, plan, ds);
    const spec = seriesSpecOf(plan);
    switch (plan.intent) {
      case 'forecast': {
        const horizon = Math.max(1, Math.min(1000, Math.round(plan.horizon ?? 12)));
        const f = await models.forecast(spec, horizon);
        const base = seriesRows(f.model, plan.query);
        const rows = [...base.rows, ...f.points.map((p) => ({ [base.time]: p.date, [base.value]: null, forecast: p.mean, lo95: p.lo95, hi95: p.hi95 }))];
        const first = f.points[0]!;
        const last = f.points[f.points.length - 1]!;
        const text = `${cap(f.model.series.label)}, forecast with ${f.model.selection}: ${formatNumber(first.mean)} for ${first.date}${f.points.length > 1 ? ` to ${formatNumber(last.mean)} for ${last.date}` : ''} (95% interval ${formatNumber(last.lo95)} to ${formatNumber(last.hi95)} at the end).${benchmarkSentence(f)}`;
        const cols = [...base.columns, ...['forecast', 'lo95', 'hi95'].map((n): OutputColumn => ({ name: n, label: n, type: 'double', role: 'measure' }))];
        return { result: { columns: cols, rows, totalRows: rows.length, truncated: false }, text, chart: forecastChart(plan, rows, base.time, base.value), notes: f.notes };
      }
      case 'anomalies': {
        const { model } = await models.serve({ series: spec, kind: 'anomalies' });
        if (model.state.kind !== 'anomalies') throw new AppError(ErrorCode.INTERNAL_SERVER_ERROR, 'the anomalies model has another state');
        const found = model.state.anomalies.anomalies;
        const at = new Set(found.map((a) => a.index));
        const base = seriesRows(model, plan.query, (i) => ({ anomaly: at.has(i) }));
        const top = [...found].sort((a, b) => Math.abs(b.score) - Math.abs(a.score)).slice(0, 3);
        const text = found.length
          ? `${found.length} unusual value${found.length === 1 ? '' : 's'} in ${model.series.label}: ${top.map((a) => `${a.date.slice(0, 10)} ${formatNumber(a.value)} (expected about ${formatNumber(a.expected)})`).join('; ')}.`
          : `No unusual values in ${model.series.label} over ${model.pointsUsed} periods.`;
        return { result: base.result([{ name: 'anomaly', label: 'unusual', type: 'boolean', role: 'dimension' }]), text, notes: model.notes };
      }
      case 'change_points': {
        const { model } = await models.serve({ series: spec, kind: 'changepoints' });
        if (model.state.kind !== 'changepoints') throw new AppError(ErrorCode.INTERNAL_SERVER_ERROR, 'the change-point model has another state');
        const cps = model.state.changePoints.changePoints;
        const starts = new Set(cps.map((c) => c.index + 1));
        const base = seriesRows(model, plan.query, (i) => ({ change_point: starts.has(i) }));
        const text = cps.length
          ? `${cap(model.series.label)} changed ${cps.length} time${cps.length === 1 ? '' : 's'}: ${cps.slice(0, 3).map((c) => `from ${c.firstDateAfter.slice(0, 10)}, ${formatNumber(c.before)} → ${formatNumber(c.after)}`).join('; ')}${cps.length > 3 ? '; …' : ''}.`
          : `No lasting change in ${model.series.label} over ${model.pointsUsed} periods.`;
        return { result: base.result([{ name: 'change_point', label: 'change starts', type: 'boolean', role: 'dimension' }]), text, notes: model.notes };
      }
      case 'seasonality': {
        const { model } = await models.serve({ series: spec, kind: 'seasonality' });
        if (model.state.kind !== 'seasonality') throw new AppError(ErrorCode.INTERNAL_SERVER_ERROR, 'the seasonality model has another state');
        const s = model.state.seasonality;
        const text = s.period
          ? `${cap(model.series.label)} repeats every ${s.period} ${model.grain}s (seasonal strength ${s.strength.toFixed(2)} on a 0–1 scale)${s.form ? `; the season is ${s.form.form}: ${s.form.reason}` : ''}.`
          : `${cap(model.series.label)} shows no clear seasonal cycle${s.note ? ` (${s.note})` : ''}.`;
        return { result: seriesRows(model, plan.query).result([]), text, notes: model.notes };
      }
      case 'trend_test': {
        const { model } = await models.serve({ series: spec, kind: 'trend' });
        if (model.state.kind !== 'trend') throw new AppError(ErrorCode.INTERNAL_SERVER_ERROR, 'the trend model has another state');
        return { result: seriesRows(model, plan.query).result([]), text: `${cap(trendVerdict(model.series.label, model.state.trend))}.`, notes: model.notes };
      }
    }
  };
}

/** The model's series as rows named like the query's output (time bucket, measure), plus extra columns per point. */
function seriesRows(model: StoredModel, q: InsightQuery, extra: (i: number) => Record<string, unknown> = () => ({})) {
  const time = model.grain;
  const value = q.measures[0] ? measureName(q.measures[0]) : 'value';
  const dates = datesOf(model.series);
  const rows = dates.map((d, i) => ({ [time]: d, [value]: model.series.values[i] ?? null, ...extra(i) }));
  const columns: OutputColumn[] = [
    { name: time, label: time, type: 'date', role: 'time' },
    { name: value, label: model.series.label, type: 'double', role: 'measure' },
  ];
  return {
    time,
    value,
    rows,
    columns,
    result: (more: OutputColumn[]): AnswerResult => ({ columns: [...columns, ...more], rows, totalRows: rows.length, truncated: false }),
  };
}

/**
 * Drivers split a change of a total or a count over the whole dataset; an average, or a change
 * within a subset, is answered by the comparison itself (null).
 */
async function explain(models: ModelService, plan: ModelPlan, ds: CatalogDataset): Promise<ModelOutcome | null> {
  const q = plan.query;
  const m = q.measures[0];
  const range = q.time?.range;
  if (!range?.from || !range.to) throw unsupported('name the period whose change you want explained');
  if (!m || (m.agg !== 'sum' && m.agg !== 'count') || q.filter || q.dimensions.length) return null;
  const later = { from: range.from, to: range.to };
  const earlier = earlierPeriod(later, q.compare?.to ?? 'previous_period');
  const r = await models.drivers.explain({ dataset: ds.name, measure: m.column ?? null, agg: m.agg, from: earlier, to: later });
  const rows = r.drivers.map((d) => ({ dimension: d.dimension, value: d.value, before: d.before, after: d.after, contribution: d.contribution, share: d.share }));
  const columns: OutputColumn[] = [
    { name: 'dimension', label: 'column', type: 'text', role: 'dimension' },
    { name: 'value', label: 'value', type: 'text', role: 'dimension' },
    ...['before', 'after', 'contribution', 'share'].map((n): OutputColumn => ({ name: n, label: n, type: 'double', role: 'measure' })),
  ];
  const chart: VegaLiteSpec = {
    $schema: SCHEMA,
    title: plan.restatement,
    data: { values: rows.slice(0, 15).map((x) => ({ ...x, driver: `${x.dimension} = ${x.value}` })) },
    mark: 'bar',
    encoding: { y: { field: 'driver', type: 'nominal', sort: '-x', title: null }, x: { field: 'contribution', type: 'quantitative', title: 'contribution to the change' } },
  };
  return { result: { columns, rows, totalRows: rows.length, truncated: false }, text: `${cap(r.sentence)}.`, chart, notes: r.notes };
}

function forecastChart(plan: ModelPlan, rows: Record<string, unknown>[], time: string, value: string): VegaLiteSpec {
  const x = { field: time, type: 'temporal', title: null };
  return {
    $schema: SCHEMA,
    title: plan.restatement,
    data: { values: rows },
    layer: [
      { mark: { type: 'area', opacity: 0.25 }, encoding: { x, y: { field: 'lo95', type: 'quantitative' }, y2: { field: 'hi95' } } },
      { mark: 'line', encoding: { x, y: { field: value, type: 'quantitative', title: value } } },
      { mark: { type: 'line', strokeDash: [4, 3] }, encoding: { x, y: { field: 'forecast', type: 'quantitative' } } },
    ],
  };
}

/** Beside a flat forecast that backtests badly: say the series is hard to forecast and give the benchmark's figures. */
function benchmarkSentence(f: Awaited<ReturnType<ModelService['forecast']>>): string {
  const b = f.benchmark;
  const mase = f.model.metrics?.mase;
  if (!b || b.points.length === 0 || mase === undefined) return '';
  const end = b.points[b.points.length - 1]!;
  return ` This series is hard to forecast: in backtests the flat forecast missed by ${mase.toFixed(1)} times its typical step (MASE ${mase.toFixed(2)}). ` +
    `A ${b.method} forecast (the average change so far, continued) gives ${formatNumber(end.mean)} for ${end.date}${b.mase !== null ? ` (backtest MASE ${b.mase.toFixed(2)})` : ''}.`;
}
