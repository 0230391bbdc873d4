import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LiveDetector } from '../src/realtime/core/detector.js';
import { DEFAULTS } from '../src/realtime/core/validateDetector.js';
import type { ScorePoint } from '../src/realtime/core/types.js';
import { printTable } from './support.js';

/**
 * The held-out blind set (test/fixtures/realtime/blind: 16 real streams labelled by someone who
 * never saw the detectors; see LABELLING.md) scored by SERIES_ANOMALY with its product defaults —
 * nothing here was tuned on it. Warmup: 15% of each stream (the default for a new stream), at
 * least 30 points. A label counts as found when an alert falls on its point or within the next 2
 * points (10 for level shifts and variance changes); alerts inside any label's window are true.
 * Run: npx tsx bench/realtimeBlind.ts [set] — `tune` scores test/fixtures/realtime/tune instead: a
 * set in the same format, labelled the same way by another person who never saw the detectors,
 * that tuning may look at (the blind set is only ever scored).
 */
const dir = join(dirname(fileURLToPath(import.meta.url)), '../test/fixtures/realtime', process.argv[2] ?? 'blind');
const setName = process.argv[2] ?? 'blind';
type Label = { ts: string; segment: string | null; kind: string };
const { streams } = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as { streams: { name: string; file: string; segmentColumn: string | null; anomalies: Label[]; clean: boolean }[] };
const windowOf = (kind: string) => (kind === 'level_shift' || kind === 'variance_change' ? 10 : 2);

const perKind = new Map<string, { labelled: number; found: number }>();
let alerts = 0;
let truePositives = 0;
let cleanAlerts = 0;
let cleanPoints = 0;
const rows: Record<string, string | number>[] = [];
for (const s of streams) {
  const lines = readFileSync(join(dir, s.file), 'utf8').trim().split(/\r?\n/).slice(1);
  const points: ScorePoint[] = lines.map((l) => {
    const [ts, value, segment] = l.split(',');
    return { time: Date.parse(ts!.length === 10 ? `${ts}T00:00:00Z` : `${ts}Z`), row: { v: Number(value), seg: segment ?? '' } };
  });
  const segments = new Set(points.map((p) => p.row.seg as string));
  const perSegment = points.length / segments.size;
  const d = new LiveDetector({ kind: 'SERIES_ANOMALY', measure: 'v', agg: 'SUM', grain: null, segmentBy: s.segmentColumn ? 'seg' : null, keyColumn: null, window: 0, threshold: Number(process.env.THRESHOLD ?? DEFAULTS.SERIES_ANOMALY.threshold), warmup: Math.max(30, Math.floor(perSegment * 0.15)) }, { refitInline: true });
  const found = d.score(points);
  // Position of each point within its segment, to measure windows in points.
  const index = new Map<string, number[]>();
  points.forEach((p) => {
    const k = p.row.seg as string;
    index.set(k, [...(index.get(k) ?? []), p.time]);
  });
  const pos = (seg: string, t: number) => index.get(seg)!.indexOf(t);
  const hits = (l: Label) => {
    const seg = s.segmentColumn ? (l.segment ?? '') : '';
    const at = pos(seg, Date.parse(`${l.ts.slice(0, 10)}T00:00:00Z`) + (l.ts.length > 10 ? Date.parse(`${l.ts}Z`) - Date.parse(`${l.ts.slice(0, 10)}T00:00:00Z`) : 0));
    return found.filter((f) => f.segment === seg && pos(seg, f.time) >= at && pos(seg, f.time) <= at + windowOf(l.kind));
  };
  const inWindow = new Set<number>();
  for (const l of s.anomalies) {
    const k = perKind.get(l.kind) ?? { labelled: 0, found: 0 };
    k.labelled++;
    const h = hits(l);
    if (h.length) k.found++;
    h.forEach((f) => inWindow.add(found.indexOf(f)));
    perKind.set(l.kind, k);
  }
  alerts += found.length;
  truePositives += inWindow.size;
  if (s.clean) {
    cleanAlerts += found.length;
    cleanPoints += points.length - Math.max(30, Math.floor(perSegment * 0.15)) * segments.size;
  }
  rows.push({ stream: s.name, points: points.length, labels: s.anomalies.length, alerts: found.length, 'alerts on a label': inWindow.size });
}
printTable(`${setName} set, per stream (SERIES_ANOMALY, defaults)`, rows);
printTable(`${setName} set, per kind`, [...perKind].map(([kind, k]) => ({ kind, labelled: k.labelled, found: k.found, recall: (k.found / k.labelled).toFixed(3) })));
printTable(`${setName} set, overall`, [{ alerts, 'on a label': truePositives, precision: (truePositives / Math.max(1, alerts)).toFixed(3), 'false / 1k clean points': ((1000 * cleanAlerts) / Math.max(1, cleanPoints)).toFixed(2) }]);
