import { firstSeenEvent, type SeenKey } from './firstSeen.js';
import { type PeerPrior, newPeerPrior } from './peerScale.js';
import { rowZscoreEvent, type PeerSegment } from './rowZscore.js';
import { drifted, newSeriesSegment, seriesEvent, type SeriesSegment } from './seriesAnomaly.js';
import { segmentOf, type DetectorSpec, type Finding, type ScorePoint } from './types.js';
import { velocityEvent, velocityIdle, type VelocityKey } from './velocity.js';

export type SegmentState = SeriesSegment | PeerSegment | VelocityKey | SeenKey | PeerPrior;

/** The state key of what a detector keeps across all keys (FIRST_SEEN: values; ROW_ZSCORE: the typical scale); no key column value looks like it. */
export const ALL_KEYS = '\u27e8all keys\u27e9';

/** Keys held per detector; past it idle (VELOCITY) or oldest keys are forgotten. */
export const MAX_KEYS = 100_000;

/**
 * One live detector: its spec, a state per segment (or key), and the per-segment threshold
 * multipliers feedback has set. `score` runs a batch of events in order and returns what alerts;
 * the segments it touched are `dirty` until the adapter has stored them.
 */
export class LiveDetector {
  readonly states = new Map<string, SegmentState>();
  readonly multipliers = new Map<string, number>();
  readonly dirty = new Set<string>();

  /** `refitInline`: refit short-history series models in the scoring call (see refitDue) instead of leaving them to a worker. */
  constructor(
    readonly spec: DetectorSpec,
    readonly opts: { refitInline?: boolean } = {},
  ) {}

  /** The segment or key an event belongs to. */
  keyOf(p: ScorePoint): string {
    const s = this.spec;
    if (s.kind === 'VELOCITY' || s.kind === 'FIRST_SEEN') {
      const k = s.keyColumn ? p.row[s.keyColumn] : undefined;
      const key = k === null || k === undefined ? '∅' : String(k);
      return s.segmentBy ? `${segmentOf(s, p.row)}/${key}` : key;
    }
    return segmentOf(s, p.row);
  }

  /**
   * Scores events in order; `offset` is added to each event's index in the findings. `batch` names
   * the batch (the service: its event-log entry): a finding about an event of an earlier batch
   * carries that batch's name (Finding.batch).
   */
  score(points: readonly ScorePoint[], offset = 0, batch?: string): Finding[] {
    const out: Finding[] = [];
    for (const [i, p] of points.entries()) {
      const key = this.keyOf(p);
      const m = this.multipliers.get(key) ?? 1;
      const state = this.stateFor(key);
      const idx = offset + i;
      switch (this.spec.kind) {
        case 'SERIES_ANOMALY':
          out.push(...seriesEvent(this.spec, state as SeriesSegment, p, key, m, idx, this.opts.refitInline ?? false, batch));
          break;
        case 'ROW_ZSCORE': {
          const f = rowZscoreEvent(this.spec, state as PeerSegment, p, key, m, idx, this.allKeys(newPeerPrior));
          if (f) out.push(f);
          break;
        }
        case 'VELOCITY': {
          const f = velocityEvent(this.spec, state as VelocityKey, p, key, m, idx);
          if (f) out.push(f);
          break;
        }
        case 'FIRST_SEEN': {
          const f = firstSeenEvent(this.spec, state as SeenKey, this.allKeys((): SeenKey => ({ events: 0, values: [], counts: [] })), p, key, m, idx);
          if (f) out.push(f);
          break;
        }
      }
      this.dirty.add(key);
    }
    if (this.states.size > MAX_KEYS) this.forget(points[points.length - 1]?.time ?? Date.now());
    return out;
  }

  /** Segments whose series model has drifted past `factor` (SERIES_ANOMALY only). */
  drifted(factor: number): string[] {
    if (this.spec.kind !== 'SERIES_ANOMALY') return [];
    return [...this.states].filter(([, s]) => drifted(s as SeriesSegment, factor)).map(([k]) => k);
  }

  /**
   * What the detector keeps across all keys (FIRST_SEEN: the values counted across keys;
   * ROW_ZSCORE: the typical segment's scale), one more state under ALL_KEYS (stored like the
   * others). Forgetting skips it.
   */
  private allKeys<T extends SegmentState>(fresh: () => T): T {
    let all = this.states.get(ALL_KEYS) as T | undefined;
    if (!all) {
      all = fresh();
      this.states.set(ALL_KEYS, all);
    }
    this.dirty.add(ALL_KEYS);
    return all;
  }

  private stateFor(key: string): SegmentState {
    let s = this.states.get(key);
    if (!s) {
      s = this.fresh();
      this.states.set(key, s);
    }
    return s;
  }

  private fresh(): SegmentState {
    switch (this.spec.kind) {
      case 'SERIES_ANOMALY':
        return newSeriesSegment();
      case 'ROW_ZSCORE':
        return { values: [] };
      case 'VELOCITY':
        return { times: [], over: false };
      case 'FIRST_SEEN':
        return { events: 0, values: [] };
    }
  }

  /** Drops idle keys (VELOCITY), then the oldest, down to the cap. */
  private forget(now: number): void {
    if (this.spec.kind === 'VELOCITY') {
      for (const [k, s] of this.states) if (velocityIdle(this.spec, s as VelocityKey, now)) this.states.delete(k);
    }
    const excess = this.states.size - MAX_KEYS;
    if (excess <= 0) return;
    let n = 0;
    for (const k of this.states.keys()) {
      if (k === ALL_KEYS) continue;
      if (n++ >= excess) break;
      this.states.delete(k);
    }
  }
}
