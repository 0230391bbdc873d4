import type { Grain } from '../../shared/catalog.js';
import { currentPrincipal, currentTenant } from '../../auth/requestScope.js';
import { AppError, ErrorCode } from '../../shared/errors.js';
import type { Aggregation, InsightQuery, ScalarValue, TimeRange } from '../../insights/insightQuery.js';
import type { Warehouse } from '../../warehouse/warehouse.js';
import type { RegularSeries } from '../series/regularSeries.js';
import type { BacktestMetrics, FitParams, ModelKind, ModelState } from '../fit/fitModel.js';

/** What identifies the data a model was trained on: when any of it changes, the model is stale. */
export interface DatasetFingerprint {
  datasetId: string;
  version: number;
  rowCount: number;
  tableName: string;
}

/** The series a model was trained on, with its label and the InsightQuery that produced it. */
export interface StoredSeries extends RegularSeries {
  label: string;
  query: InsightQuery;
}

/** A model as the registry holds it. */
export interface StoredModel {
  id: string;
  datasetId: string;
  datasetName: string;
  key: string;
  kind: ModelKind;
  measure: string | null;
  agg: Aggregation;
  grain: Grain;
  timeColumn: string;
  segmentBy: string | null;
  segment: ScalarValue | null;
  range: TimeRange | null;
  params: FitParams;
  state: ModelState;
  series: StoredSeries;
  selection: string;
  metrics: BacktestMetrics | null;
  notes: string[];
  dataFrom: string | null;
  dataTo: string | null;
  pointsUsed: number;
  rowsUsed: number;
  datasetVersion: number;
  datasetRows: number;
  datasetTable: string;
  version: number;
  trainedAt: Date;
}

export type NewModel = Omit<StoredModel, 'id' | 'version' | 'trainedAt' | 'datasetName'>;

const COLUMNS = `m.id, m.dataset_id, d.name AS dataset_name, m.model_key, m.kind, m.measure, m.agg, m.grain, m.time_column,
  m.segment_column, m.segment_value, m.range_spec, m.params, m.state, m.series, m.selection, m.metrics, m.notes, m.data_from,
  m.data_to, m.points_used, m.rows_used, m.dataset_version, m.dataset_rows, m.dataset_table, m.version, m.trained_at`;

type Row = Record<string, unknown>;

// jsonb arrives parsed from both drivers; a string here means a driver returned text (parse it).
// Only for columns that always hold objects or arrays: a jsonb *string* (a text segment such as
// a ticker symbol) also arrives as a JS string, and parsing it again throws.
const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

function toModel(r: Row): StoredModel {
  return {
    id: String(r.id),
    datasetId: String(r.dataset_id),
    datasetName: String(r.dataset_name),
    key: String(r.model_key),
    kind: r.kind as ModelKind,
    measure: (r.measure as string | null) ?? null,
    agg: r.agg as Aggregation,
    grain: r.grain as Grain,
    timeColumn: String(r.time_column),
    segmentBy: (r.segment_column as string | null) ?? null,
    // A scalar: already the value (a text segment is a JS string, not JSON text).
    segment: r.segment_value == null ? null : (r.segment_value as ScalarValue),
    range: r.range_spec == null ? null : json<TimeRange>(r.range_spec),
    params: json<FitParams>(r.params),
    state: json<ModelState>(r.state),
    series: json<StoredSeries>(r.series),
    selection: String(r.selection),
    metrics: r.metrics == null ? null : json<BacktestMetrics>(r.metrics),
    notes: json<string[]>(r.notes),
    dataFrom: (r.data_from as string | null) ?? null,
    dataTo: (r.data_to as string | null) ?? null,
    pointsUsed: Number(r.points_used),
    rowsUsed: Number(r.rows_used),
    datasetVersion: Number(r.dataset_version),
    datasetRows: Number(r.dataset_rows),
    datasetTable: String(r.dataset_table),
    version: Number(r.version),
    trainedAt: new Date(r.trained_at as string | Date),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The row filters the current key's models were trained under ('' for none). */
function rowScope(): string {
  const f = currentPrincipal()?.rowFilters ?? [];
  return f.length ? JSON.stringify(f) : '';
}

/** Reads and writes catalog.models. */
export class ModelRepository {
  constructor(private readonly wh: Warehouse) {}

  /** The dataset's current version, row count and table (DATASET_NOT_FOUND when it is gone). */
  async fingerprint(datasetId: string): Promise<DatasetFingerprint> {
    const [r] = await this.wh.query<Row>(`SELECT id, version, row_count, table_name FROM catalog.datasets WHERE id = $1`, [datasetId]);
    if (!r) throw new AppError(ErrorCode.DATASET_NOT_FOUND, `dataset ${datasetId} no longer exists`);
    return { datasetId, version: Number(r.version), rowCount: Number(r.row_count), tableName: String(r.table_name) };
  }

  /** The latest version of the model with this key, if any. */
  async latestByKey(key: string): Promise<StoredModel | null> {
    const rows = await this.wh.query<Row>(
      `SELECT ${COLUMNS} FROM catalog.models m JOIN catalog.datasets d ON d.id = m.dataset_id WHERE m.model_key = $1 AND m.tenant_id = $2 AND m.row_scope = $3 ORDER BY m.version DESC LIMIT 1`,
      [key, currentTenant(), rowScope()],
    );
    return rows[0] ? toModel(rows[0]) : null;
  }

  /** One model by id; null for an unknown or malformed id. */
  async byId(id: string): Promise<StoredModel | null> {
    if (!UUID.test(id)) return null;
    const rows = await this.wh.query<Row>(`SELECT ${COLUMNS} FROM catalog.models m JOIN catalog.datasets d ON d.id = m.dataset_id WHERE m.id = $1 AND d.tenant_id = $2 AND m.row_scope = $3`, [id, currentTenant(), rowScope()]);
    return rows[0] ? toModel(rows[0]) : null;
  }

  /** The latest version of every model of a dataset, newest first. */
  async latestByDataset(datasetId: string, limit: number): Promise<StoredModel[]> {
    const rows = await this.wh.query<Row>(
      `SELECT * FROM (
         SELECT DISTINCT ON (m.model_key) ${COLUMNS}
         FROM catalog.models m JOIN catalog.datasets d ON d.id = m.dataset_id
         WHERE m.dataset_id = $1 AND m.tenant_id = $3 AND m.row_scope = $4 ORDER BY m.model_key, m.version DESC) x
       ORDER BY x.trained_at DESC, x.model_key LIMIT $2`,
      [datasetId, limit, currentTenant(), rowScope()],
    );
    return rows.map(toModel);
  }

  /**
   * Stores models in one statement; each gets the next version of its key. Two trainings of the
   * same key racing make the second statement hit the (key, version) unique index: it is retried.
   */
  async insertMany(models: readonly NewModel[], datasetName: string): Promise<StoredModel[]> {
    if (!models.length) return [];
    const payload = JSON.stringify(
      models.map((m, ord) => ({
        ord,
        dataset_id: m.datasetId,
        model_key: m.key,
        kind: m.kind,
        measure: m.measure,
        agg: m.agg,
        grain: m.grain,
        time_column: m.timeColumn,
        segment_column: m.segmentBy,
        segment_value: m.segment,
        range_spec: m.range,
        params: m.params,
        state: m.state,
        series: m.series,
        selection: m.selection,
        metrics: m.metrics,
        notes: m.notes,
        data_from: m.dataFrom,
        data_to: m.dataTo,
        points_used: m.pointsUsed,
        rows_used: m.rowsUsed,
        dataset_version: m.datasetVersion,
        dataset_rows: m.datasetRows,
        dataset_table: m.datasetTable,
      })),
    );
    const text = `INSERT INTO catalog.models (tenant_id, row_scope, dataset_id, model_key, kind, measure, agg, grain, time_column, segment_column, segment_value,
        range_spec, params, state, series, selection, metrics, notes, data_from, data_to, points_used, rows_used, dataset_version,
        dataset_rows, dataset_table, version)
      SELECT d.tenant_id, $3, x.dataset_id, x.model_key, x.kind, x.measure, x.agg, x.grain, x.time_column, x.segment_column, x.segment_value,
        x.range_spec, COALESCE(x.params, '{}'::jsonb), x.state, x.series, x.selection, x.metrics, COALESCE(x.notes, '[]'::jsonb),
        x.data_from, x.data_to, x.points_used, x.rows_used, x.dataset_version, x.dataset_rows, x.dataset_table,
        COALESCE((SELECT max(o.version) FROM catalog.models o WHERE o.model_key = x.model_key AND o.tenant_id = d.tenant_id AND o.row_scope = $3), 0) + 1
      FROM jsonb_to_recordset($1::jsonb) AS x(ord int, dataset_id uuid, model_key text, kind text, measure text, agg text, grain text,
        time_column text, segment_column text, segment_value jsonb, range_spec jsonb, params jsonb, state jsonb, series jsonb,
        selection text, metrics jsonb, notes jsonb, data_from text, data_to text, points_used int, rows_used bigint,
        dataset_version int, dataset_rows bigint, dataset_table text)
      JOIN catalog.datasets d ON d.id = x.dataset_id AND d.tenant_id = $2
      ORDER BY x.ord
      RETURNING id, model_key, version, trained_at`;
    for (let attempt = 0; ; attempt++) {
      try {
        const rows = await this.wh.transaction((tx) => tx.query<Row>(text, [payload, currentTenant(), rowScope()]));
        const byKey = new Map(rows.map((r) => [String(r.model_key), r]));
        return models.map((m) => {
          const r = byKey.get(m.key)!;
          return { ...m, id: String(r.id), version: Number(r.version), trainedAt: new Date(r.trained_at as string | Date), datasetName };
        });
      } catch (e) {
        if (attempt < 3 && e instanceof AppError && e.code === ErrorCode.CONFLICT) continue;
        if (attempt < 3 && /duplicate key|unique/i.test(String((e as Error).message))) continue;
        throw e;
      }
    }
  }
}
