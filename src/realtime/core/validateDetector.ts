import { isNumericType, type CatalogColumn } from '../../shared/catalog.js';
import { AppError, ErrorCode, badInput } from '../../shared/errors.js';
import type { Agg, BucketGrain, DetectorKind, DetectorSpec } from './types.js';

export const KINDS: readonly DetectorKind[] = ['SERIES_ANOMALY', 'ROW_ZSCORE', 'VELOCITY', 'FIRST_SEEN'];
const AGGS: readonly Agg[] = ['SUM', 'AVG', 'COUNT', 'MIN', 'MAX'];
const GRAINS: readonly BucketGrain[] = ['second', 'minute', 'hour', 'day', 'week', 'month'];

/** Defaults per kind: z 4.5 for series, 5 for peer groups (see bench/realtimeDetection.ts), 5 events a minute. */
export const DEFAULTS: Record<DetectorKind, { threshold: number; window: number; warmup: number }> = {
  SERIES_ANOMALY: { threshold: 4.5, window: 0, warmup: 30 },
  ROW_ZSCORE: { threshold: 5, window: 200, warmup: 20 },
  VELOCITY: { threshold: 5, window: 60, warmup: 0 },
  FIRST_SEEN: { threshold: 0, window: 0, warmup: 3 },
};

export interface DetectorInputShape {
  kind: string;
  measure?: string | null;
  agg?: string | null;
  grain?: string | null;
  segmentBy?: string | null;
  keyColumn?: string | null;
  window?: number | null;
  threshold?: number | null;
  warmup?: number | null;
}

/**
 * Checks a detector against its dataset's columns and fills defaults. `historyPoints` is the
 * default warmup of a series detector on a dataset that already holds history (its rows are the
 * training data); a new stream trains on its first 15%, at least the kind's default.
 */
export function validateDetector(input: DetectorInputShape, columns: readonly CatalogColumn[], historyPoints: number): DetectorSpec {
  const kind = input.kind as DetectorKind;
  if (!KINDS.includes(kind)) throw badInput(`kind must be one of ${KINDS.join(', ')}`, { field: 'kind' });
  const col = (field: string, name: string | null | undefined): string | null => {
    if (name === null || name === undefined || name === '') return null;
    const c = columns.find((x) => x.name === name) ?? columns.find((x) => x.name.toLowerCase() === name.toLowerCase() || x.label.toLowerCase() === name.toLowerCase());
    if (!c) throw new AppError(ErrorCode.UNKNOWN_COLUMN, `${field}: no column '${name}'; the columns are ${columns.map((x) => x.name).join(', ')}`, { field, column: name });
    return c.name;
  };
  const agg = (input.agg ?? (kind === 'VELOCITY' ? 'COUNT' : 'SUM')).toUpperCase() as Agg;
  if (!AGGS.includes(agg)) throw badInput(`agg must be one of ${AGGS.join(', ')}`, { field: 'agg' });
  const grain = input.grain ? (input.grain.toLowerCase() as BucketGrain) : null;
  if (grain && !GRAINS.includes(grain)) throw badInput(`grain must be one of ${GRAINS.join(', ')}`, { field: 'grain' });
  const measure = col('measure', input.measure);
  const segmentBy = col('segmentBy', input.segmentBy);
  const keyColumn = col('keyColumn', input.keyColumn);
  const needsNumber = kind === 'ROW_ZSCORE' || (kind === 'SERIES_ANOMALY' && agg !== 'COUNT');
  if (needsNumber) {
    if (!measure) throw badInput(`${kind} needs a measure (a numeric column)`, { field: 'measure' });
    const c = columns.find((x) => x.name === measure)!;
    if (!isNumericType(c.type)) throw new AppError(ErrorCode.TYPE_MISMATCH, `measure '${measure}' is a ${c.type} column; ${kind} needs a numeric one`, { field: 'measure', column: measure, type: c.type });
  }
  if ((kind === 'VELOCITY' || kind === 'FIRST_SEEN') && !keyColumn) throw badInput(`${kind} needs a keyColumn (the entity whose events are counted or compared)`, { field: 'keyColumn' });
  if (kind === 'FIRST_SEEN' && !measure) throw badInput('FIRST_SEEN needs a measure: the column whose new values alert (a country, a device)', { field: 'measure' });
  const d = DEFAULTS[kind];
  const num = (field: string, v: number | null | undefined, fallback: number, min: number, max: number) => {
    const x = v ?? fallback;
    if (!Number.isFinite(x) || x < min || x > max) throw badInput(`${field} must be between ${min} and ${max}; got ${String(v)}`, { field });
    return x;
  };
  const seriesWarmup = Math.max(d.warmup, historyPoints);
  return {
    kind,
    measure,
    agg,
    grain: kind === 'SERIES_ANOMALY' ? grain : null,
    segmentBy,
    keyColumn,
    window: Math.round(num('window', input.window, d.window, 0, 1_000_000)),
    threshold: num('threshold', input.threshold, d.threshold, kind === 'VELOCITY' ? 1 : kind === 'FIRST_SEEN' ? 0 : 0.5, 1_000_000),
    warmup: Math.round(num('warmup', input.warmup, kind === 'SERIES_ANOMALY' ? seriesWarmup : d.warmup, 0, 1_000_000)),
  };
}
