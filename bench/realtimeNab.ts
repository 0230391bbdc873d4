import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LiveDetector } from '../src/realtime/core/detector.js';
import { DEFAULTS } from '../src/realtime/core/validateDetector.js';
import type { Finding, ScorePoint } from '../src/realtime/core/types.js';
import { printTable } from './support.js';

/**
 * SERIES_ANOMALY on streams of the Numenta Anomaly Benchmark (real operations metrics labelled by
 * people who never saw this code), at the product defaults. NAB's files are not in this repository
 * (AGPL); point INSIGHTQL_NAB_DIR (or the arguments) at folders holding its CSVs (`timestamp,value`)
 * and a `windows.json` with its combined_windows entries for them. Each stream is scored as NAB
 * does: the first 15% of it only trains (its probationary period), a window counts as found when
 * an alert falls inside it, and an alert outside every window is false.
 * Run: INSIGHTQL_NAB_DIR=/work/nab/tune npx tsx bench/realtimeNab.ts [dir …]
 */
type Windows = Record<string, [string, string][]>;

const dirs = process.argv.length > 2 ? process.argv.slice(2) : (process.env.INSIGHTQL_NAB_DIR ?? '').split(':').filter(Boolean);
if (!dirs.length) {
  console.log('No NAB folders given (INSIGHTQL_NAB_DIR or arguments): nothing to score.');
  process.exit(0);
}

const toTime = (s: string) => Date.parse(`${s.slice(0, 19).replace(' ', 'T')}Z`);

function streamOf(file: string): ScorePoint[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => {
      const [ts, v] = l.trim().split(',');
      return { time: toTime(ts!), row: { v: Number(v) } };
    });
}

interface StreamScore {
  windows: number;
  found: number;
  alerts: number;
  inWindow: number;
  outside: number;
  scoredPoints: number;
  delays: number[];
}

function scoreStream(points: ScorePoint[], windows: [number, number][]): StreamScore {
  const warmup = Math.floor(points.length * 0.15);
  const d = new LiveDetector({ kind: 'SERIES_ANOMALY', measure: 'v', agg: 'SUM', grain: null, segmentBy: null, keyColumn: null, window: 0, threshold: DEFAULTS.SERIES_ANOMALY.threshold, warmup }, { refitInline: true });
  const found: Finding[] = d.score(points);
  const inside = (f: Finding) => windows.some(([a, b]) => f.time >= a && f.time <= b);
  const index = new Map(points.map((p, i) => [p.time, i]));
  const delays: number[] = [];
  let hit = 0;
  for (const [a, b] of windows) {
    const first = found.find((f) => f.time >= a && f.time <= b);
    if (!first) continue;
    hit++;
    // Points from the window's middle (NAB's label) to the alert; negative is early.
    const mid = points.findIndex((p) => p.time >= (a + b) / 2);
    delays.push((index.get(first.time) ?? 0) - mid);
  }
  const inWindow = found.filter(inside).length;
  return { windows: windows.length, found: hit, alerts: found.length, inWindow, outside: found.length - inWindow, scoredPoints: points.length - warmup, delays };
}

const rows: Record<string, string | number>[] = [];
const totals: StreamScore = { windows: 0, found: 0, alerts: 0, inWindow: 0, outside: 0, scoredPoints: 0, delays: [] };
for (const dir of dirs) {
  const windowFile = join(dir, 'windows.json');
  if (!existsSync(windowFile)) throw new Error(`${dir}: no windows.json`);
  const all = JSON.parse(readFileSync(windowFile, 'utf8')) as Windows;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.csv')).sort()) {
    const key = Object.keys(all).find((k) => k.endsWith(`/${file}`));
    if (!key) continue;
    const s = scoreStream(streamOf(join(dir, file)), all[key]!.map(([a, b]) => [toTime(a), toTime(b)]));
    rows.push({ stream: file.replace(/\.csv$/, ''), points: s.scoredPoints, windows: s.windows, found: s.found, alerts: s.alerts, 'in a window': s.inWindow, 'false / 1k': ((1000 * s.outside) / Math.max(1, s.scoredPoints)).toFixed(2) });
    for (const k of ['windows', 'found', 'alerts', 'inWindow', 'outside', 'scoredPoints'] as const) totals[k] += s[k];
    totals.delays.push(...s.delays);
  }
}
const med = [...totals.delays].sort((a, b) => a - b)[Math.floor(totals.delays.length / 2)];
printTable('NAB streams (SERIES_ANOMALY, defaults)', rows);
printTable('NAB streams, overall', [
  {
    windows: totals.windows,
    found: totals.found,
    recall: (totals.found / Math.max(1, totals.windows)).toFixed(3),
    alerts: totals.alerts,
    precision: (totals.inWindow / Math.max(1, totals.alerts)).toFixed(3),
    'false / 1k scored points': ((1000 * totals.outside) / Math.max(1, totals.scoredPoints)).toFixed(2),
    'median delay from label (points)': med ?? '—',
  },
]);
