/**
 * The real-time core's vocabulary: detector specs, the points they score, what they say back.
 * Everything here is plain data (JSON-safe), so a detector's state can be stored and resumed.
 */
export type DetectorKind = 'SERIES_ANOMALY' | 'ROW_ZSCORE' | 'VELOCITY' | 'FIRST_SEEN';
export type Agg = 'SUM' | 'AVG' | 'COUNT' | 'MIN' | 'MAX';
export type BucketGrain = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month';

export interface DetectorSpec {
  kind: DetectorKind;
  /** SERIES_ANOMALY / ROW_ZSCORE: the numeric column; FIRST_SEEN: the attribute whose new values alert. */
  measure: string | null;
  agg: Agg;
  /** SERIES_ANOMALY: bucket events per grain (null: each event is one point at its own time). */
  grain: BucketGrain | null;
  /** Scores each value of this column separately (a series or a peer group per segment). */
  segmentBy: string | null;
  /** VELOCITY / FIRST_SEEN: the entity (card, customer). */
  keyColumn: string | null;
  /** VELOCITY: seconds of the sliding window; ROW_ZSCORE: values kept per segment. */
  window: number;
  /** Alert when the score reaches this (z units; VELOCITY: events in the window; FIRST_SEEN: 1). */
  threshold: number;
  /** Points (per segment or key) that only train before any alert. */
  warmup: number;
}

/** One event as the detectors see it: its time (ms), and the columns they read. */
export interface ScorePoint {
  time: number;
  /** Column name → value as stored (numbers as numbers, text as text). */
  row: Readonly<Record<string, unknown>>;
}

/** What a detector says about one point (or a closed bucket). */
export interface Finding {
  /** Time of the point (bucket start for bucketed series). */
  time: number;
  segment: string;
  value: number | string | null;
  expected: number | null;
  lower: number | null;
  upper: number | null;
  /** Signed score in the detector's unit (z, count, 1). */
  score: number;
  /** The threshold in force for this segment when the point was scored. */
  threshold: number;
  /** 0.5 at the threshold, rising toward 1 at twice it. */
  severity: number;
  /** Model version of the segment's series model (SERIES_ANOMALY), else 0. */
  modelVersion: number;
  /**
   * Index (within its batch) of the event that made the point: the event itself, or for a
   * bucketed series the one that closed the bucket. A held point (SERIES_ANOMALY) is settled by a
   * later event but names its own, so the two never share an alert's key.
   */
  eventIndex: number;
  /**
   * The batch (as named to LiveDetector.score) of a held point's event, when batches are named:
   * it may be an earlier batch than the one being scored. Absent: the batch being scored.
   */
  batch?: string;
}

/** Severity in [0.5, 1) from a score at or past its threshold; monotone, comparable across kinds. */
export function severityOf(score: number, threshold: number): number {
  const over = Math.max(0, Math.abs(score) / Math.max(threshold, 1e-9) - 1);
  return Math.min(1, 0.5 + 0.5 * (1 - Math.exp(-2 * over)));
}

/** The segment key of a row ('' when the detector has no segmentBy). */
export function segmentOf(spec: { segmentBy: string | null }, row: Readonly<Record<string, unknown>>): string {
  if (!spec.segmentBy) return '';
  const v = row[spec.segmentBy];
  return v === null || v === undefined ? '∅' : String(v);
}

/** The numeric value of a column in a row, or null. */
export function numberOf(row: Readonly<Record<string, unknown>>, column: string | null): number | null {
  if (!column) return null;
  const v = row[column];
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}
