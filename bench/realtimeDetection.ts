import { performance } from 'node:perf_hooks';
import { printTable } from './support.js';
import { evaluateSeriesDetectors, evaluateTransactionDetectors, evaluationSeries, type EvalRow } from './realtime/evaluate.js';

/**
 * The labelled detection evaluation: real series from vega-datasets and R's datasets with injected
 * spikes, level shifts, variance changes and bursts (3–6 points out in a row; plus each series clean), and real flights as transactions with
 * injected bursts, outlying amounts and unseen values. Targets: recall ≥ 0.9 with precision ≥ 0.8 on
 * spikes and level shifts, ≤ 2 false alerts per 1,000 clean points. Run: npx tsx bench/realtimeDetection.ts
 *
 * "precision" counts every alert off a label as false, including those the real series raises
 * with nothing injected (its own crashes and outliers: S&P 500 in March 2020, AAPL in 2008), which
 * are already counted in "false / 1k clean". "precision w/o own alerts" leaves those out, so it
 * measures the detector on what was injected; both are printed.
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

const t0 = performance.now();
const series = evaluationSeries();
console.log(`${series.length} real series, ${series.reduce((a, s) => a + s.values.length, 0).toLocaleString('en-US')} points: ${series.map((s) => s.name).join(', ')}`);
printTable('Series detectors (default thresholds: SERIES_ANOMALY z 4.5, ROW_ZSCORE z 5)', evaluateSeriesDetectors().map(fmt));
printTable('Transaction detectors on flights-20k (key = origin)', evaluateTransactionDetectors().map(fmt));
console.log(`\n${((performance.now() - t0) / 1000).toFixed(1)} s`);
