import type { AutoInsightReport } from '../../models/autoInsights/insightScanner.js';
import { lower } from './enums.js';
import type { FitParams, ModelKind } from '../../models/fit/fitModel.js';
import { ModelService, type ServedModel } from '../../models/modelService.js';
import type { DatasetFingerprint, StoredModel } from '../../models/registry/modelRepository.js';
import { datesOf } from '../../models/series/regularSeries.js';
import { trendVerdict } from '../../models/trend/describeTrend.js';
import { AppError, ErrorCode } from '../../shared/errors.js';
import type { Context } from '../context.js';
import { stripNulls } from './insight.js';

/** GraphQL enum values of the models section → the values the core uses. */
const enums = {
  ModelKind: lower(['trend', 'seasonality', 'changepoints', 'anomalies', 'forecast']),
  ChangeModel: { LEVEL: 'mean', SLOPE: 'slope' },
  AnomalyMethod: { ROBUST_Z: 'robust-z', SEASONAL_ESD: 'seasonal-esd' },
  TrendDirection: lower(['rising', 'falling', 'none']),
  SeasonalForm: lower(['additive', 'multiplicative']),
  AutoInsightKind: { TREND: 'trend', ANOMALY: 'anomaly', CHANGE_POINT: 'change_point', DRIVER: 'driver' },
};

function seriesOut(m: StoredModel) {
  const s = m.series;
  return {
    dataset: m.datasetName,
    measure: m.measure,
    agg: m.agg,
    label: s.label,
    grain: m.grain,
    timeColumn: m.timeColumn,
    segmentBy: m.segmentBy,
    segment: m.segment,
    dates: datesOf(s),
    values: s.values,
    missing: s.values.filter((v) => v === null).length,
    query: s.query,
  };
}

const use = (s: ServedModel) => ({ id: s.model.id, reused: s.reused, version: s.model.version, trainedAt: s.model.trainedAt, selection: s.model.selection });

const subject = (m: StoredModel): string => (m.segmentBy ? `${m.series.label} for ${m.segmentBy} = ${String(m.segment)}` : m.series.label);

function expect<K extends StoredModel['state']['kind']>(m: StoredModel, kind: K): Extract<StoredModel['state'], { kind: K }> {
  if (m.state.kind !== kind) throw new AppError(ErrorCode.INTERNAL_SERVER_ERROR, `model ${m.id} holds a ${m.state.kind} model, not ${kind}`);
  return m.state as Extract<StoredModel['state'], { kind: K }>;
}

// Freshness needs the dataset's fingerprint: read once per dataset per request.
const fingerprints = new WeakMap<Context, Map<string, Promise<DatasetFingerprint | null>>>();
async function freshIn(ctx: Context, m: StoredModel): Promise<boolean> {
  let cache = fingerprints.get(ctx);
  if (!cache) fingerprints.set(ctx, (cache = new Map()));
  let p = cache.get(m.datasetId);
  if (!p) cache.set(m.datasetId, (p = ctx.services.models.repo.fingerprint(m.datasetId).catch(() => null)));
  const fp = await p;
  return fp !== null && ModelService.isFresh(m, fp);
}

const serve = (ctx: Context, input: unknown, kind: ModelKind, params: FitParams = {}) => ctx.services.models.serve({ series: stripNulls(input), kind, params });

interface TrainArgs {
  input: { series: unknown; kind: ModelKind; horizon?: number | null; anomalyMethod?: FitParams['anomalyMethod'] | null; changeModel?: FitParams['changeModel'] | null; deseasonalize?: boolean | null };
}

export const modelResolvers = {
  enums,
  Query: {
    trend: async (_: unknown, a: { input: unknown }, ctx: Context) => {
      const s = await serve(ctx, a.input, 'trend');
      const t = expect(s.model, 'trend').trend;
      const per = t.per.periods;
      return {
        series: seriesOut(s.model),
        model: use(s),
        direction: t.direction,
        verdict: trendVerdict(subject(s.model), t),
        per: t.per.label,
        ols: { slope: t.ols.slope, slopePer: t.ols.slope * per, intercept: t.ols.intercept, stdErr: t.ols.slopeStdErr, ciLow: t.ols.ci[0], ciHigh: t.ols.ci[1], pValue: t.ols.pValue, rSquared: t.ols.rSquared },
        mannKendall: {
          s: t.mannKendall.s,
          z: t.mannKendall.z,
          pValue: t.mannKendall.pValue,
          tau: t.mannKendall.tau,
          senSlope: t.mannKendall.slope,
          senSlopePer: t.mannKendall.slope * per,
          ciLow: t.mannKendall.ci[0],
          ciHigh: t.mannKendall.ci[1],
          varianceFactor: t.mannKendall.varianceFactor,
        },
        skippedNulls: t.skippedNulls,
        notes: s.model.notes,
      };
    },
    seasonality: async (_: unknown, a: { input: unknown }, ctx: Context) => {
      const s = await serve(ctx, a.input, 'seasonality');
      const r = expect(s.model, 'seasonality').seasonality;
      const d = r.decomposition;
      return {
        series: seriesOut(s.model),
        model: use(s),
        period: r.period,
        strength: r.strength,
        candidates: r.candidates,
        skippedPeriods: r.skipped.map((x) => x.period),
        form: r.form?.form ?? null,
        formReason: r.form?.reason ?? null,
        decomposition: d ? { dates: datesOf(s.model.series).slice(d.offset, d.offset + d.trend.length), trend: d.trend, seasonal: d.seasonal, remainder: d.remainder, trendStrength: d.trendStrength } : null,
        notes: s.model.notes,
      };
    },
    changePoints: async (_: unknown, a: { input: unknown; model?: 'mean' | 'slope'; deseasonalize?: boolean }, ctx: Context) => {
      const s = await serve(ctx, a.input, 'changepoints', { changeModel: a.model ?? 'mean', deseasonalize: a.deseasonalize ?? true });
      const r = expect(s.model, 'changepoints').changePoints;
      return { series: seriesOut(s.model), model: use(s), changePoints: r.changePoints, penalty: r.penalty, sigma: r.sigma, deseasonalized: r.deseasonalized, notes: s.model.notes };
    },
    anomalies: async (_: unknown, a: { input: unknown; method?: 'robust-z' | 'seasonal-esd' }, ctx: Context) => {
      const s = await serve(ctx, a.input, 'anomalies', { anomalyMethod: a.method ?? 'robust-z' });
      const r = expect(s.model, 'anomalies').anomalies;
      return {
        series: seriesOut(s.model),
        model: use(s),
        anomalies: r.anomalies.map((x) => ({ ...x, direction: x.direction.toUpperCase() })),
        period: r.period,
        notes: s.model.notes,
      };
    },
    forecast: async (_: unknown, a: { input: unknown; horizon: number }, ctx: Context) => {
      const f = await ctx.services.models.forecast(stripNulls(a.input), a.horizon);
      const st = expect(f.model, 'forecast').forecast;
      const p = st.params;
      const spec = st.spec;
      return {
        series: seriesOut(f.model),
        model: use(f),
        method: st.method,
        selected: st.model,
        period: st.period,
        params: p && spec ? { alpha: p.alpha, ...(spec.trend !== 'N' ? { beta: p.beta } : {}), ...(spec.season !== 'N' ? { gamma: p.gamma } : {}), ...(spec.trend === 'Ad' ? { phi: p.phi } : {}) } : null,
        aicc: st.aicc,
        horizon: f.points.length,
        points: f.points,
        backtest: f.model.metrics,
        benchmark: f.benchmark,
        candidates: st.candidates,
        notes: f.notes,
      };
    },
    explainChange: async (_: unknown, a: Record<string, unknown>, ctx: Context) => ctx.services.models.drivers.explain(stripNulls(a)),
    insights: async (_: unknown, a: { dataset: string; limit?: number }, ctx: Context) => {
      const r: AutoInsightReport = await ctx.services.models.scanner.scan(a.dataset, a.limit ?? 10);
      return { ...r, measuresScanned: r.scanned.measures, dimensionsScanned: r.scanned.dimensions, seriesScanned: r.scanned.series };
    },
    model: async (_: unknown, a: { id: string }, ctx: Context) => ctx.services.models.repo.byId(a.id),
    models: async (_: unknown, a: { dataset: string }, ctx: Context) => ctx.services.models.models(a.dataset),
  },
  Mutation: {
    trainModel: async (_: unknown, a: TrainArgs, ctx: Context) => {
      const i = a.input;
      const params: FitParams = {};
      if (i.horizon != null) params.horizon = i.horizon;
      if (i.anomalyMethod) params.anomalyMethod = i.anomalyMethod;
      if (i.changeModel) params.changeModel = i.changeModel;
      if (i.deseasonalize != null) params.deseasonalize = i.deseasonalize;
      return ctx.services.models.trainModel({ series: stripNulls(i.series), kind: i.kind, params });
    },
  },
  Model: {
    dataset: (m: StoredModel) => m.datasetName,
    range: (m: StoredModel) => m.range,
    fresh: (m: StoredModel, _: unknown, ctx: Context) => freshIn(ctx, m),
    series: (m: StoredModel) => seriesOut(m),
  },
};
