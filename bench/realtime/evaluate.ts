import { robustSigma } from '../../src/models/math/stats.js';
import { LiveDetector } from '../../src/realtime/core/detector.js';
import { SURPRISING } from '../../src/realtime/core/firstSeen.js';
import type { DetectorSpec, Finding, ScorePoint } from '../../src/realtime/core/types.js';
import { flightEvents, rSeries, vegaSeries, type RealSeries } from './series.js';
import { mulberry32 } from '../../src/models/math/prng.js';

/** A labelled anomaly: where it starts and the points after it in which an alert counts as finding it. */
export interface Label {
  kind: 'spike' | 'level shift' | 'variance' | 'burst' | 'amount' | 'new value';
  at: number;
  window: number;
}

export interface EvalRow {
  detector: string;
  anomaly: string;
  streams: number;
  labelled: number;
  found: number;
  alerts: number;
  recall: number;
  precision: number;
  /** Precision leaving out alerts the series raises without injection too (its own real anomalies); NaN when not measured. */
  precisionInjected: number;
  meanDelay: number;
  falsePer1k: number;
}

const gauss = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());

/** Points that only train: 15% of the stream (the default for a new stream), at least 30. */
export const warmupOf = (n: number) => Math.max(30, Math.floor(n * 0.15));

/** The series' noise scale: robust spread of its first differences. */
function noiseScale(v: readonly number[]): number {
  const d = v.slice(1).map((x, i) => x - v[i]!);
  const s = robustSigma(d);
  return s > 0 ? s : Math.sqrt(d.reduce((a, x) => a + x * x, 0) / Math.max(1, d.length)) || 1;
}

interface Injected {
  values: number[];
  labels: Label[];
}

/** The injected kinds of the series evaluation. */
export const SERIES_KINDS = ['spike', 'level shift', 'variance', 'burst'] as const;
export type SeriesKind = (typeof SERIES_KINDS)[number];
/** The generator for one series and kind ('burst' and 'spike' have names of one length: bursts get seeds of their own). */
export const seedOf = (i: number, kind: SeriesKind) => mulberry32(1000 * i + kind.length + (kind === 'burst' ? 100 : 0));

/**
 * Injects one kind into a copy of the series. `scale` overrides the noise scale the sizes are in
 * (a synthetic series' known noise sigma), `size` the sizes' range in scales (6–9 by default).
 */
export function inject(s: RealSeries, kind: SeriesKind, r: () => number, opts: { scale?: number; size?: [number, number] } = {}): Injected {
  const v = s.values.slice();
  const n = v.length;
  const w = warmupOf(n);
  const sigma = opts.scale ?? noiseScale(s.values);
  const [lo, hi] = opts.size ?? [6, 9];
  const sizeOf = () => lo + (hi - lo) * r();
  const labels: Label[] = [];
  if (kind === 'spike') {
    // One spike per ~80 points after warmup (at least two), 20+ points apart.
    const count = Math.max(2, Math.floor((n - w) / 80));
    const gap = Math.floor((n - w - 10) / count);
    for (let k = 0; k < count; k++) {
      const at = w + 10 + k * gap + Math.floor(r() * Math.max(1, gap - 20));
      v[at] = v[at]! + (r() < 0.5 ? -1 : 1) * sizeOf() * sigma;
      labels.push({ kind, at, window: 2 });
    }
  } else if (kind === 'level shift') {
    const at = w + 10 + Math.floor(r() * (n - w - 30));
    const jump = (r() < 0.5 ? -1 : 1) * sizeOf() * sigma;
    for (let i = at; i < n; i++) v[i] = v[i]! + jump;
    labels.push({ kind, at, window: 10 });
  } else if (kind === 'burst') {
    // A few points in a row well out on one side, then back (a surge of orders, an hour of errors):
    // one per ~200 points after warmup, at least one. Found when an alert falls within it or 2 points after.
    const count = Math.max(1, Math.floor((n - w) / 200));
    const gap = Math.floor((n - w - 10) / count);
    for (let k = 0; k < count; k++) {
      const len = 3 + Math.floor(r() * 4);
      const at = w + 10 + k * gap + Math.floor(r() * Math.max(1, gap - len - 20));
      const side = r() < 0.5 ? -1 : 1;
      for (let i = at; i < Math.min(n, at + len); i++) v[i] = v[i]! + side * sizeOf() * sigma;
      labels.push({ kind, at, window: len + 2 });
    }
  } else {
    const at = w + 10 + Math.floor(r() * Math.max(1, n - w - 70));
    const len = Math.min(50, n - at);
    for (let i = at; i < at + len; i++) v[i] = v[i]! + 3 * sigma * gauss(r);
    labels.push({ kind, at, window: len });
  }
  return { values: v, labels };
}

export const seriesSpec = (n: number, threshold: number): DetectorSpec => ({ kind: 'SERIES_ANOMALY', measure: 'v', agg: 'SUM', grain: null, segmentBy: null, keyColumn: null, window: 0, threshold, warmup: warmupOf(n), });
export const zSpec = (threshold: number): DetectorSpec => ({ kind: 'ROW_ZSCORE', measure: 'v', agg: 'SUM', grain: null, segmentBy: null, keyColumn: null, window: 200, threshold, warmup: 20 });

export function run(spec: DetectorSpec, values: readonly number[]): Finding[] {
  // The service refits short-history models in its worker; here, with none, they refit inline.
  const d = new LiveDetector(spec, { refitInline: true });
  const points: ScorePoint[] = values.map((v, i) => ({ time: i * 1000, row: { v } }));
  return d.score(points);
}

export interface Tally {
  streams: number;
  labelled: number;
  found: number;
  alerts: number;
  truePositives: number;
  delays: number[];
  cleanAlerts: number;
  cleanPoints: number;
  /** Alerts off every label that the uninjected series raises at the same point. */
  background: number;
}

export const emptyTally = (): Tally => ({ streams: 0, labelled: 0, found: 0, alerts: 0, truePositives: 0, delays: [], cleanAlerts: 0, cleanPoints: 0, background: 0 });

/** Counts one labelled stream's alerts: found labels, true alerts (inside a window), delays. */
export function tallyLabelled(t: Tally, labels: readonly Label[], alertsAt: readonly number[], cleanAt?: ReadonlySet<number>): void {
  t.streams++;
  t.alerts += alertsAt.length;
  for (const a of alertsAt) {
    if (labels.some((l) => a >= l.at && a <= l.at + l.window)) t.truePositives++;
    else if (cleanAt?.has(a)) t.background++;
  }
  for (const l of labels) {
    t.labelled++;
    const hit = alertsAt.filter((a) => a >= l.at && a <= l.at + l.window).sort((x, y) => x - y)[0];
    if (hit !== undefined) {
      t.found++;
      t.delays.push(hit - l.at);
    }
  }
}

/** `background`: the stream's own alerts were measured (the series evaluation runs each series clean too). */
export function row(detector: string, anomaly: string, t: Tally, clean: Tally, background = false): EvalRow {
  return {
    detector,
    anomaly,
    streams: t.streams,
    labelled: t.labelled,
    found: t.found,
    alerts: t.alerts,
    recall: t.labelled ? t.found / t.labelled : NaN,
    precision: t.alerts ? t.truePositives / t.alerts : NaN,
    precisionInjected: background && t.alerts - t.background > 0 ? t.truePositives / (t.alerts - t.background) : NaN,
    meanDelay: t.delays.length ? t.delays.reduce((a, b) => a + b, 0) / t.delays.length : NaN,
    falsePer1k: clean.cleanPoints ? (1000 * clean.cleanAlerts) / clean.cleanPoints : NaN,
  };
}

/** Real series long enough to warm up and still hold labelled anomalies. */
export function evaluationSeries(): RealSeries[] {
  return [...vegaSeries(), ...rSeries()].filter((s) => s.values.length >= 100);
}

/**
 * The labelled evaluation of the series detectors (SERIES_ANOMALY and ROW_ZSCORE): each real
 * series once clean and once per injected kind, with the detectors' default threshold.
 */
export function evaluateSeriesDetectors(threshold = { series: 4.5, zscore: 5 }): EvalRow[] {
  const out: EvalRow[] = [];
  const series = evaluationSeries();
  for (const [name, make] of [
    ['SERIES_ANOMALY', (n: number) => seriesSpec(n, threshold.series)],
    ['ROW_ZSCORE', () => zSpec(threshold.zscore)],
  ] as const) {
    const clean = emptyTally();
    const cleanAt = series.map((s) => {
      const w = warmupOf(s.values.length);
      const at = run(make(s.values.length), s.values).map((f) => f.eventIndex);
      clean.cleanAlerts += at.length;
      clean.cleanPoints += s.values.length - w;
      return new Set(at);
    });
    for (const kind of SERIES_KINDS) {
      const t = emptyTally();
      for (const [i, s] of series.entries()) {
        const inj = inject(s, kind, seedOf(i, kind));
        const alerts = run(make(s.values.length), inj.values).map((f) => f.eventIndex);
        tallyLabelled(t, inj.labels, alerts, cleanAt[i]);
      }
      out.push(row(name, kind, t, clean, true));
    }
  }
  return out;
}

/** A flight as a transaction, with the injected anomaly it carries, if any, and its index among the real flights (none: an injected event). */
export type TxEvent = { time: number; origin: string; destination: string; distance: number; label?: Label['kind']; real?: number };

/**
 * The labelled transaction stream: real flights (first half warms keys up), with 40 bursts, 40
 * outlying amounts and 40 unseen destinations injected into the second half.
 */
export function transactionStream(): { base: TxEvent[]; half: number; stream: TxEvent[]; points: ScorePoint[] } {
  const base = flightEvents();
  const r = mulberry32(7);
  const origins = [...new Set(base.map((e) => e.origin))];
  const half = Math.floor(base.length / 2);
  const events: TxEvent[] = base.map((e, i) => ({ ...e, real: i }));
  const labelled: TxEvent[] = [];
  for (let k = 0; k < 40; k++) {
    const at = base[half + Math.floor(r() * (base.length - half - 10))]!;
    const origin = origins[Math.floor(r() * origins.length)]!;
    for (let j = 0; j < 8; j++) labelled.push({ time: at.time + j * 3000, origin, destination: at.destination, distance: at.distance, ...(j === 0 ? { label: 'burst' as const } : {}) });
  }
  for (let k = 0; k < 40; k++) {
    const i = half + Math.floor(r() * (base.length - half - 1));
    events[i] = { ...events[i]!, distance: events[i]!.distance + 8000 + 4000 * r(), label: 'amount' };
  }
  for (let k = 0; k < 40; k++) {
    const i = half + Math.floor(r() * (base.length - half - 1));
    events[i] = { ...events[i]!, destination: `NEW${k}`, label: 'new value' };
  }
  const stream = [...events, ...labelled].sort((a, b) => a.time - b.time);
  const points: ScorePoint[] = stream.map((e) => ({ time: e.time, row: { origin: e.origin, destination: e.destination, distance: e.distance } }));
  return { base, half, stream, points };
}

/** ROW_ZSCORE and FIRST_SEEN as the transaction evaluation runs them (origin = the key, distance = the amount). */
export const transactionSpecs: Record<'ROW_ZSCORE' | 'FIRST_SEEN', DetectorSpec> = {
  ROW_ZSCORE: { kind: 'ROW_ZSCORE', measure: 'distance', agg: 'SUM', grain: null, segmentBy: 'origin', keyColumn: null, window: 200, threshold: 5, warmup: 20 },
  FIRST_SEEN: { kind: 'FIRST_SEEN', measure: 'destination', agg: 'COUNT', grain: null, segmentBy: null, keyColumn: 'origin', window: 0, threshold: SURPRISING, warmup: 20 },
};

/**
 * The transaction detectors on real flights (origin = the key, distance = the amount): bursts for
 * VELOCITY, amount outliers for ROW_ZSCORE per origin, unseen destinations for FIRST_SEEN.
 */
export function evaluateTransactionDetectors(): EvalRow[] {
  const { base, half, stream, points } = transactionStream();
  // `own`: also report precision leaving out alerts on real flights that the uninjected stream raises too.
  const specs: [string, Label['kind'], DetectorSpec, boolean][] = [
    ['VELOCITY', 'burst', { kind: 'VELOCITY', measure: null, agg: 'COUNT', grain: null, segmentBy: null, keyColumn: 'origin', window: 60, threshold: velocityLimit(base), warmup: 0 }, false],
    ['ROW_ZSCORE', 'amount', transactionSpecs.ROW_ZSCORE, true],
    ['FIRST_SEEN', 'new value', transactionSpecs.FIRST_SEEN, true],
  ];
  const out: EvalRow[] = [];
  for (const [name, kind, spec, own] of specs) {
    const labels: Label[] = [];
    stream.forEach((e, i) => {
      if (e.label === kind) labels.push({ kind, at: i, window: kind === 'burst' ? 7 : 0 });
    });
    const t = emptyTally();
    // Only the second half is scored for the tally (the first half warms the keys up).
    const found = new LiveDetector(spec).score(points).map((f) => f.eventIndex).filter((i) => stream[i]!.time >= base[half]!.time);
    const clean = emptyTally();
    const cleanPoints: ScorePoint[] = base.map((e) => ({ time: e.time, row: { origin: e.origin, destination: e.destination, distance: e.distance } }));
    const cleanFound = new LiveDetector(spec).score(cleanPoints).filter((f) => f.time >= base[half]!.time);
    clean.cleanAlerts = cleanFound.length;
    clean.cleanPoints = base.length - half;
    // The same real flight alerting with nothing injected: the stream's own outlier or first-seen value.
    const cleanReal = new Set(cleanFound.map((f) => f.eventIndex));
    const cleanAt = new Set(stream.flatMap((e, i) => (e.real !== undefined && cleanReal.has(e.real) ? [i] : [])));
    tallyLabelled(t, labels, found, own ? cleanAt : undefined);
    out.push(row(name, kind, t, clean, own));
  }
  return out;
}

/** A limit a user would set: the most events any origin had in one minute in the first half, plus one. */
function velocityLimit(events: readonly { time: number; origin: string }[]): number {
  const half = events.slice(0, Math.floor(events.length / 2));
  const perMinute = new Map<string, number>();
  for (const e of half) {
    const k = `${e.origin}@${Math.floor(e.time / 60_000)}`;
    perMinute.set(k, (perMinute.get(k) ?? 0) + 1);
  }
  return Math.max(...perMinute.values()) + 1;
}
