import { robustSigma } from '../../src/models/math/stats.js';
import { mulberry32 } from '../../src/models/math/prng.js';
import { LiveDetector } from '../../src/realtime/core/detector.js';
import { bucketStart, nextBucket } from '../../src/realtime/core/buckets.js';
import type { DetectorSpec, ScorePoint } from '../../src/realtime/core/types.js';
import { burstEventStreams, burstPointSeries, type RealEvents } from './burstSeries.js';
import { run, seriesSpec, warmupOf, zSpec } from './evaluate.js';

/**
 * The burst tuning set: moderate bursts of several shapes injected into real series and real
 * event streams that neither the rest of the evaluation nor the blind set uses. A burst here is
 * what no single point gives away: each point 2.5–4.5 noise scales out (the spikes of the main
 * evaluation are 6–9), so it is found only by the evidence of the run. Run: npx tsx bench/realtimeDetection.ts
 */
export type Shape = 'flat' | 'rising' | 'peaked' | 'decaying';
const SHAPES: readonly Shape[] = ['flat', 'rising', 'peaked', 'decaying'];

/** A labelled burst: its first point (or bucket) and its length. */
export interface BurstLabel {
  at: number;
  len: number;
  shape: Shape;
}

export interface BurstRow {
  detector: string;
  stream: string;
  streams: number;
  labelled: number;
  /** Alerted within the burst or the 2 points after it. */
  found: number;
  /** Alerted by the burst's third point (within 2 points of its start). */
  early: number;
  alerts: number;
  truePositives: number;
  /** Alerts off every label that the uninjected stream raises at the same point. */
  background: number;
  delays: number[];
  cleanAlerts: number;
  cleanPoints: number;
}

/** The share of the burst's size at point i of len. */
function profile(shape: Shape, i: number, len: number): number {
  switch (shape) {
    case 'flat':
      return 1;
    case 'rising':
      return 0.6 + (0.6 * i) / Math.max(1, len - 1);
    case 'peaked':
      return 0.6 + 0.6 * (1 - Math.abs((2 * i) / Math.max(1, len - 1) - 1));
    case 'decaying':
      return 1.3 * Math.pow(0.8, i);
  }
}

/** Burst positions: one per `every` points after warmup (at least two), 25+ points apart. */
function plan(n: number, r: () => number, every = 120): BurstLabel[] {
  const w = warmupOf(n);
  const count = Math.max(2, Math.floor((n - w) / every));
  const gap = Math.floor((n - w - 10) / count);
  const out: BurstLabel[] = [];
  for (let k = 0; k < count; k++) {
    const len = 3 + Math.floor(r() * 6);
    const at = w + 10 + k * gap + Math.floor(r() * Math.max(1, gap - len - 25));
    if (at + len >= n) continue;
    out.push({ at, len, shape: SHAPES[Math.floor(r() * SHAPES.length)]! });
  }
  return out;
}

/**
 * Adds bursts to a series: each point `profile × size` noise scales out, on one side per burst.
 * The noise scale is the local one (the robust spread of the differences over the 100 points
 * before the burst): a series whose swings grow with its level (a stock index) would otherwise
 * get bursts lost in the noise early on and towering late.
 */
export function injectBursts(values: readonly number[], r: () => number): { values: number[]; labels: BurstLabel[] } {
  const v = values.slice();
  const labels = plan(v.length, r);
  for (const l of labels) {
    const size = (2.5 + 2 * r()) * diffScale(values.slice(Math.max(0, l.at - 100), l.at));
    const side = r() < 0.5 ? -1 : 1;
    for (let i = 0; i < l.len; i++) v[l.at + i] = v[l.at + i]! + side * profile(l.shape, i, l.len) * size;
  }
  return { values: v, labels };
}

const emptyRow = (detector: string, stream: string): BurstRow => ({ detector, stream, streams: 0, labelled: 0, found: 0, early: 0, alerts: 0, truePositives: 0, background: 0, delays: [], cleanAlerts: 0, cleanPoints: 0 });

function tally(t: BurstRow, labels: readonly BurstLabel[], alertsAt: readonly number[], cleanAt: ReadonlySet<number>): void {
  t.streams++;
  t.alerts += alertsAt.length;
  const inside = (a: number, l: BurstLabel) => a >= l.at && a <= l.at + l.len + 1;
  for (const a of alertsAt) {
    if (labels.some((l) => inside(a, l))) t.truePositives++;
    else if (cleanAt.has(a)) t.background++;
  }
  for (const l of labels) {
    t.labelled++;
    const first = alertsAt.filter((a) => inside(a, l)).sort((x, y) => x - y)[0];
    if (first === undefined) continue;
    t.found++;
    t.delays.push(first - l.at);
    if (first <= l.at + 2) t.early++;
  }
}

const diffScale = (v: readonly number[]) => {
  const s = robustSigma(v.slice(1).map((x, i) => x - v[i]!));
  return s > 0 ? s : 1;
};

/** SERIES_ANOMALY and ROW_ZSCORE (default thresholds) on the point series with bursts. */
export function evaluatePointBursts(threshold = { series: 4.5, zscore: 5 }): BurstRow[] {
  const series = burstPointSeries().filter((s) => s.values.length >= 100);
  const out: BurstRow[] = [];
  for (const [name, make] of [
    ['SERIES_ANOMALY', (n: number) => seriesSpec(n, threshold.series)],
    ['ROW_ZSCORE', () => zSpec(threshold.zscore)],
  ] as const) {
    const t = emptyRow(name, `${series.length} real series`);
    for (const [i, s] of series.entries()) {
      const clean = run(make(s.values.length), s.values).map((f) => f.eventIndex);
      t.cleanAlerts += clean.length;
      t.cleanPoints += s.values.length - warmupOf(s.values.length);
      const inj = injectBursts(s.values, mulberry32(7000 + i));
      tally(t, inj.labels, run(make(s.values.length), inj.values).map((f) => f.eventIndex), new Set(clean));
    }
    out.push(t);
  }
  return out;
}

/** Bucket counts of an event stream, from its first bucket to its last (empty buckets as 0). */
function bucketsOf(e: RealEvents): { starts: number[]; counts: number[] } {
  const starts: number[] = [];
  const counts: number[] = [];
  let b = bucketStart(e.times[0]!, e.grain);
  let i = 0;
  while (i < e.times.length) {
    const next = nextBucket(b, e.grain);
    let c = 0;
    while (i < e.times.length && e.times[i]! < next) {
      c++;
      i++;
    }
    starts.push(b);
    counts.push(c);
    b = next;
  }
  return { starts, counts };
}

/** SERIES_ANOMALY counting events per bucket: the alerts' bucket indices. */
function bucketAlerts(e: RealEvents, times: readonly number[], starts: readonly number[]): number[] {
  const spec: DetectorSpec = { kind: 'SERIES_ANOMALY', measure: null, agg: 'COUNT', grain: e.grain, segmentBy: null, keyColumn: null, window: 0, threshold: 4.5, warmup: warmupOf(starts.length) };
  const points: ScorePoint[] = times.map((t) => ({ time: t, row: {} }));
  const index = new Map(starts.map((s, i) => [s, i]));
  return new LiveDetector(spec, { refitInline: true }).score(points).map((f) => index.get(f.time) ?? -1);
}

/**
 * Surges of events: for a few buckets in a row, extra events (2.5–4.5 noise scales of the
 * bucket counts, shaped as above) spread over each bucket. Scored by SERIES_ANOMALY with COUNT per grain.
 */
export function evaluateEventBursts(): BurstRow[] {
  const out: BurstRow[] = [];
  for (const [i, e] of burstEventStreams().entries()) {
    const { starts, counts } = bucketsOf(e);
    const t = emptyRow('SERIES_ANOMALY COUNT', `${e.name} (${starts.length} buckets)`);
    const clean = bucketAlerts(e, e.times, starts);
    t.cleanAlerts = clean.length;
    t.cleanPoints = starts.length - warmupOf(starts.length);
    const r = mulberry32(9000 + i);
    const labels = plan(starts.length, r, 60);
    const scale = Math.max(1, diffScale(counts));
    const extra: number[] = [];
    for (const l of labels) {
      const size = (2.5 + 2 * r()) * scale;
      for (let k = 0; k < l.len; k++) {
        const n = Math.round(profile(l.shape, k, l.len) * size);
        const b = starts[l.at + k]!;
        const width = nextBucket(b, e.grain) - b;
        for (let j = 0; j < n; j++) extra.push(b + Math.floor(((j + 0.5) / n) * width));
      }
    }
    const times = [...e.times, ...extra].sort((a, b) => a - b);
    tally(t, labels, bucketAlerts(e, times, starts), new Set(clean));
    out.push(t);
  }
  return out;
}
