import { performance } from 'node:perf_hooks';
import { printTable } from './support.js';
import { evaluateEventBursts, evaluatePointBursts, type BurstRow } from './realtime/burstEval.js';
import { evaluateSeriesDetectors, evaluateTransactionDetectors, evaluationSeries, type EvalRow } from './realtime/evaluate.js';
import { evaluateShortSeries } from './realtime/shortEval.js';

/**
 * The labelled detection evaluation: real series from vega-datasets and R's datasets with injected
 * spikes, level shifts, variance changes and bursts (3–6 points out in a row; plus each series clean), and real flights as transactions with
 * injected bursts, outlying amounts and unseen values. Targets: recall ≥ 0.9 with precision ≥ 0.8 on
 * spikes and level shifts, ≤ 2 false alerts per 1,000 clean points. Run: npx tsx bench/realtimeDetection.ts
 *
 * "precision" counts every alert off a label as false, including those the real series raises
 * with nothing injected (its own crashes and outliers: S&P 500 in March 2020, AAPL in 2008), which
 * are already counted in "false / 1k clean". "precision w/o own alerts" leaves those out, so it
 * measures the detector on what was injected; both are printed. On the flights, ROW_ZSCORE's and
 * FIRST_SEEN's "precision w/o own alerts" likewise leaves out alerts on real flights that the
 * uninjected stream raises too (its own long flights and rare new destinations; each printed by
 * bench/realtime/fraudDiagnose.ts).
 *
 * The burst tuning set (bench/realtime/burstEval.ts) holds moderate bursts — each point 2.5–4.5
 * local noise scales out, 3–8 points, flat, rising, peaked or decaying — in real series and real
 * event streams that neither the table above nor the blind set uses; "found by 3rd point" is the
 * share alerted within 2 points of the burst's start.
 *
 * The short-series table (bench/realtime/shortEval.ts) scores SERIES_ANOMALY on streams of 60–300
 * points, where the default warmup of a new stream (30 points) leaves most of the stream to models
 * fitted on little: real slices of R's and vega's datasets used nowhere else, with anomalies sized
 * as above, and synthetic noise, AR(1), walks, monthly seasons and trends with anomalies of 5–7 of
 * their known noise sigma. bench/realtime/shortProbe.ts breaks a 6σ spike's recall down by shape and length.
 */
const fmt = (r: EvalRow) => ({
  detector: r.detector,
  anomaly: r.anomaly,
  streams: r.streams,
  labelled: r.labelled,
  found: r.found,
  alerts: r.alerts,
  recall: r.recall.toFixed(3),
  precision: Number.isNaN(r.precision) ? '–' : r.precision.toFixed(3),
  'precision w/o own alerts': Number.isNaN(r.precisionInjected) ? '–' : r.precisionInjected.toFixed(3),
  'delay (points)': Number.isNaN(r.meanDelay) ? '–' : r.meanDelay.toFixed(2),
  'false / 1k clean': r.falsePer1k.toFixed(2),
});

const fmtBurst = (r: BurstRow) => ({
  detector: r.detector,
  streams: r.stream,
  labelled: r.labelled,
  found: r.found,
  'found by 3rd point': r.early,
  alerts: r.alerts,
  recall: (r.found / Math.max(1, r.labelled)).toFixed(3),
  'recall by 3rd point': (r.early / Math.max(1, r.labelled)).toFixed(3),
  precision: r.alerts ? (r.truePositives / r.alerts).toFixed(3) : '–',
  'precision w/o own alerts': r.alerts - r.background > 0 ? (r.truePositives / (r.alerts - r.background)).toFixed(3) : '–',
  'delay (points)': r.delays.length ? (r.delays.reduce((a, b) => a + b, 0) / r.delays.length).toFixed(2) : '–',
  'false / 1k clean': ((1000 * r.cleanAlerts) / Math.max(1, r.cleanPoints)).toFixed(2),
});

const t0 = performance.now();
const series = evaluationSeries();
console.log(`${series.length} real series, ${series.reduce((a, s) => a + s.values.length, 0).toLocaleString('en-US')} points: ${series.map((s) => s.name).join(', ')}`);
printTable('Series detectors (default thresholds: SERIES_ANOMALY z 4.5, ROW_ZSCORE z 5)', evaluateSeriesDetectors().map(fmt));
printTable('Transaction detectors on flights-20k (key = origin)', evaluateTransactionDetectors().map(fmt));
printTable('Burst tuning set: moderate bursts (2.5–4.5 noise scales a point, 3–8 points; flat, rising, peaked, decaying) in other real series and event streams', [...evaluatePointBursts(), ...evaluateEventBursts()].map(fmtBurst));
printTable('Short series (60–300 points; default warmup of a new stream: 15%, at least 30 points)', evaluateShortSeries().map(fmt));
console.log(`\n${((performance.now() - t0) / 1000).toFixed(1)} s`);
