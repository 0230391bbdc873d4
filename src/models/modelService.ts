import type { CatalogDataset } from '../shared/catalog.js';
import { AppError, ErrorCode, badInput } from '../shared/errors.js';
import { InsightService } from '../insights/insightService.js';
import type { CatalogRepository } from '../warehouse/catalogRepository.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { InsightScanner } from './autoInsights/insightScanner.js';
import { DriversService } from './driversService.js';
import { MODEL_KINDS, fitModel, type FitParams, type FittedModel, type ModelKind } from './fit/fitModel.js';
import { fitMany, type FitPoolOptions } from './fit/fitPool.js';
import { checkHorizon, forecastFromState } from './fit/forecastState.js';
import type { ForecastPoint } from './forecast/autoEts.js';
import { dateAt } from './series/regularSeries.js';
import { ModelRepository, type DatasetFingerprint, type NewModel, type StoredModel } from './registry/modelRepository.js';
import { SERIES_QUERY_ROWS, SeriesService, type ExtractedSeries } from './seriesService.js';
import type { ResolvedSeriesSpec } from './seriesSpec.js';

/** A request to train (or reuse) a model: which series, which kind, with which options. */
/** A forecast point with the start date of its period. */
export type DatedPoint = ForecastPoint & { date: string };

export interface TrainInput {
  series: unknown;
  kind: ModelKind;
  params?: FitParams;
}

/** A model served to a request: reused from the registry while fresh, else trained and stored now. */
export interface ServedModel {
  model: StoredModel;
  reused: boolean;
}

export interface TrainResult {
  models: StoredModel[];
  /** Segments asked for (all values of segmentBy), or 1. */
  totalSegments: number;
  /** Segments whose model could not be trained, with the reason. */
  failed: { segment: string; code: string; message: string }[];
  mode: 'workers' | 'in-thread';
  notes: string[];
  durationMs: number;
}

export interface ModelServiceOptions {
  /** Statement timeout of the series queries. */
  queryTimeoutMs: number;
  pool?: FitPoolOptions;
}

// Sorted keys, so equal requests give equal registry keys whatever order their fields came in.
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined && x !== null);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

// Infinity and NaN (an untestable model's AICc, say) become null, as they will once stored as jsonb.
const jsonSafe = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Options with their defaults filled and those of other kinds dropped, so equal models get equal keys. */
export function normalizeParams(kind: ModelKind, p: FitParams = {}): FitParams {
  switch (kind) {
    case 'changepoints':
      return { changeModel: p.changeModel ?? 'mean', deseasonalize: p.deseasonalize ?? true };
    case 'anomalies':
      return { anomalyMethod: p.anomalyMethod ?? 'robust-z' };
    case 'forecast':
      return p.horizon != null ? { horizon: p.horizon } : {};
    default:
      return {};
  }
}

function checkKind(kind: string): ModelKind {
  if (!(MODEL_KINDS as readonly string[]).includes(kind)) throw badInput(`unknown model kind '${kind}' (use one of ${MODEL_KINDS.join(', ')})`);
  return kind as ModelKind;
}

/**
 * The model registry as a service: trains models on series built by the insight compiler,
 * stores them with the dataset fingerprint they saw, and serves a stored model while that
 * fingerprint still matches.
 */
export class ModelService {
  readonly series: SeriesService;
  readonly repo: ModelRepository;
  /** Drivers of a change between two periods. */
  readonly drivers: DriversService;
  /** Auto insights. */
  readonly scanner: InsightScanner;

  constructor(
    wh: Warehouse,
    private readonly catalog: CatalogRepository,
    private readonly opts: ModelServiceOptions,
  ) {
    // Series and driver queries go through the insight compiler, with a row cap sized for series
    // (a user query's cap would cut a long or segmented series).
    const insights = new InsightService(wh, catalog, { queryTimeoutMs: opts.queryTimeoutMs, maxRows: SERIES_QUERY_ROWS });
    this.series = new SeriesService(insights, catalog);
    this.repo = new ModelRepository(wh);
    this.drivers = new DriversService(insights, catalog);
    this.scanner = new InsightScanner(this.series, this.drivers, catalog);
  }

  /** The registry key of a request: dataset, kind, series definition and options. */
  static key(datasetId: string, kind: ModelKind, spec: ResolvedSeriesSpec, params: FitParams): string {
    return canonical({
      d: datasetId,
      k: kind,
      m: spec.measure,
      a: spec.agg,
      p: spec.percentile,
      g: spec.grain,
      t: spec.timeColumn,
      sb: spec.segmentBy,
      s: spec.segment,
      r: spec.range,
      o: params,
    });
  }

  /** True when the model was trained on the dataset as it is now (same version, rows and table) and its range does not follow the clock. */
  static isFresh(m: StoredModel, fp: DatasetFingerprint): boolean {
    if (m.range?.anchor === 'now') return false;
    return m.datasetVersion === fp.version && m.datasetRows === fp.rowCount && m.datasetTable === fp.tableName;
  }

  private toNew(ds: CatalogDataset, fp: DatasetFingerprint, spec: ResolvedSeriesSpec, x: ExtractedSeries, fit: FittedModel, params: FitParams): NewModel {
    return {
      datasetId: ds.id,
      key: ModelService.key(ds.id, fit.kind, spec, params),
      kind: fit.kind,
      measure: spec.measure,
      agg: spec.agg,
      grain: spec.grain,
      timeColumn: spec.timeColumn,
      segmentBy: spec.segmentBy,
      segment: spec.segment,
      range: spec.range,
      params,
      state: jsonSafe(fit.state),
      series: { ...x.series, label: spec.label, query: x.query },
      selection: fit.selection,
      metrics: jsonSafe(fit.metrics),
      notes: [...x.notes, ...fit.notes],
      dataFrom: fit.dataFrom,
      dataTo: fit.dataTo,
      pointsUsed: fit.pointsUsed,
      rowsUsed: x.rowsUsed,
      datasetVersion: fp.version,
      datasetRows: fp.rowCount,
      datasetTable: fp.tableName,
    };
  }

  /** The model for one series: the stored one while fresh, else trained now and stored (a new version). */
  async serve(input: TrainInput): Promise<ServedModel> {
    const kind = checkKind(input.kind);
    const params = normalizeParams(kind, input.params);
    const { spec, dataset } = await this.series.resolve(input.series);
    if (spec.segmentBy && spec.segment === null) throw badInput(`segmentBy '${spec.segmentBy}' needs a 'segment' value; train one model per segment with trainModel`);
    const fp = await this.repo.fingerprint(dataset.id);
    const stored = await this.repo.latestByKey(ModelService.key(dataset.id, kind, spec, params));
    if (stored && ModelService.isFresh(stored, fp)) return { model: stored, reused: true };
    const model = await this.trainOne(dataset, fp, spec, kind, params);
    return { model, reused: false };
  }

  private async trainOne(ds: CatalogDataset, fp: DatasetFingerprint, spec: ResolvedSeriesSpec, kind: ModelKind, params: FitParams): Promise<StoredModel> {
    const x = await this.series.extract(spec, ds);
    const fit = fitModel(kind, x.series, params);
    const [stored] = await this.repo.insertMany([this.toNew(ds, fp, spec, x, fit, params)], ds.name);
    return stored!;
  }

  /**
   * Trains and stores a model now. With segmentBy and no segment value it trains one model per
   * segment (the values with the most rows, capped), in worker threads.
   */
  async trainModel(input: TrainInput): Promise<TrainResult> {
    const t0 = performance.now();
    const kind = checkKind(input.kind);
    const params = normalizeParams(kind, input.params);
    if (params.horizon !== undefined) checkHorizon(params.horizon, []);
    const { spec, dataset } = await this.series.resolve(input.series);
    const fp = await this.repo.fingerprint(dataset.id);
    if (!spec.segmentBy || spec.segment !== null) {
      const model = await this.trainOne(dataset, fp, spec, kind, params);
      return { models: [model], totalSegments: 1, failed: [], mode: 'in-thread', notes: [], durationMs: performance.now() - t0 };
    }
    const segs = await this.series.extractSegments(spec, dataset);
    const batch = await fitMany(
      segs.segments.map((s, i) => ({ id: String(i), kind, series: s.series.series, params })),
      this.opts.pool,
    );
    const fresh: NewModel[] = [];
    const failed: TrainResult['failed'] = [];
    for (const o of batch.outcomes) {
      const seg = segs.segments[Number(o.id)]!;
      if ('error' in o) failed.push({ segment: String(seg.value), code: o.error.code, message: o.error.message });
      else fresh.push(this.toNew(dataset, fp, seg.series.spec, seg.series, o.model, params));
    }
    const models = await this.repo.insertMany(fresh, dataset.name);
    const notes = [...segs.notes, ...batch.notes];
    if (failed.length) notes.push(`${failed.length} of ${segs.segments.length} segments could not be modelled (see failed)`);
    return { models, totalSegments: segs.totalSegments, failed, mode: batch.mode, notes, durationMs: performance.now() - t0 };
  }

  /** A forecast of `horizon` periods from the served forecast model (horizon checked before any training). */
  async forecast(series: unknown, horizon: number): Promise<ServedModel & { points: DatedPoint[]; benchmark: { method: string; mase: number | null; points: DatedPoint[] } | null; notes: string[] }> {
    checkHorizon(horizon, []);
    const served = await this.serve({ series, kind: 'forecast' });
    const st = served.model.state;
    if (st.kind !== 'forecast') throw new AppError(ErrorCode.INTERNAL_SERVER_ERROR, `model ${served.model.id} is not a forecast`);
    const fc = forecastFromState(st.forecast, horizon);
    const last = st.offset + st.forecast.n - 1;
    const dated = (p: ForecastPoint): DatedPoint => ({ ...p, date: dateAt(served.model.series, last + p.h) });
    const benchmark = fc.benchmark ? { method: fc.benchmark.method, mase: fc.benchmark.mase, points: fc.benchmark.points.map(dated) } : null;
    return { ...served, points: fc.points.map(dated), benchmark, notes: [...served.model.notes, ...fc.notes] };
  }

  /** One stored model by id; NOT_FOUND when there is none. */
  async model(id: string): Promise<StoredModel> {
    const m = await this.repo.byId(id);
    if (!m) throw new AppError(ErrorCode.NOT_FOUND, `no model with id '${id}'`, { id });
    return m;
  }

  /** The latest version of each model of a dataset, newest first. */
  async models(dataset: string, limit = 100): Promise<StoredModel[]> {
    const ds = await this.catalog.getCatalogDataset(dataset);
    return this.repo.latestByDataset(ds.id, Math.max(1, Math.min(1000, limit)));
  }

  /** Whether a stored model still matches its dataset. */
  async isFresh(m: StoredModel): Promise<boolean> {
    try {
      return ModelService.isFresh(m, await this.repo.fingerprint(m.datasetId));
    } catch (e) {
      if (e instanceof AppError && e.code === ErrorCode.DATASET_NOT_FOUND) return false;
      throw e;
    }
  }
}
