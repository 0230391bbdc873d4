import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LiveDetector } from '../../src/realtime/core/detector.js';
import { predictOne } from '../../src/realtime/core/oneStepModel.js';
import { recentRange } from '../../src/realtime/core/residualScale.js';
import { bandScale, type SeriesSegment } from '../../src/realtime/core/seriesAnomaly.js';
import { DEFAULTS } from '../../src/realtime/core/validateDetector.js';

/**
 * For each label of a labelled set (test/fixtures/realtime/<set>; never the blind set), what the
 * series detector saw around it: the largest standardized one-step error in the label's window,
 * whether that error had a precedent in the recent errors, and whether the point was still in the
 * warmup. Run: npx tsx bench/realtime/labelDiagnose.ts tune
 */
const set = process.argv[2] ?? 'tune';
if (set === 'blind') throw new Error('the blind set is only ever scored (bench/realtimeBlind.ts)');
const dir = join(dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/realtime', set);
type Label = { ts: string; segment: string | null; kind: string; why?: string };
const { streams } = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as { streams: { name: string; file: string; segmentColumn: string | null; anomalies: Label[] }[] };
const toTime = (ts: string) => Date.parse(ts.length === 10 ? `${ts}T00:00:00Z` : `${ts}Z`);
const threshold = Number(process.env.THRESHOLD ?? DEFAULTS.SERIES_ANOMALY.threshold);
for (const s of streams) {
  const rows = readFileSync(join(dir, s.file), 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
  const segs = new Set(rows.map((r) => r[2] ?? ''));
  const warmup = Math.max(30, Math.floor((rows.length / segs.size) * 0.15));
  const d = new LiveDetector({ kind: 'SERIES_ANOMALY', measure: 'v', agg: 'SUM', grain: null, segmentBy: s.segmentColumn ? 'seg' : null, keyColumn: null, window: 0, threshold, warmup }, { refitInline: true });
  const trace = new Map<string, { time: number; z: number; precedent: boolean; warm: boolean; alert: boolean; y: number; expected: number }[]>();
  for (const r of rows) {
    const seg = s.segmentColumn ? (r[2] ?? '') : '';
    const p = { time: toTime(r[0]!), row: { v: Number(r[1]), seg: r[2] ?? '' } };
    const st = d.states.get(seg) as SeriesSegment | undefined;
    let z = NaN;
    let precedent = false;
    let expected = NaN;
    if (st?.model) {
      expected = predictOne(st.model);
      const sigma = bandScale(st, expected);
      z = (Number(r[1]) - expected) / sigma;
      precedent = Math.abs(Number(r[1]) - expected) <= recentRange(st.residuals);
    }
    const found = d.score([p]);
    const list = trace.get(seg) ?? [];
    list.push({ time: p.time, z, precedent, warm: !st?.model, alert: found.length > 0, y: Number(r[1]), expected });
    trace.set(seg, list);
  }
  for (const l of s.anomalies) {
    const list = trace.get(s.segmentColumn ? (l.segment ?? '') : '')!;
    const at = list.findIndex((x) => x.time === toTime(l.ts));
    const win = list.slice(at, at + 1 + (l.kind === 'level_shift' || l.kind === 'variance_change' ? 10 : 2));
    const best = win.reduce((a, b) => (Math.abs(b.z) > Math.abs(a.z) || Number.isNaN(a.z) ? b : a), win[0]!);
    const zs = win.map((x) => (Number.isNaN(x.z) ? 'w' : `${x.z.toFixed(1)}${x.precedent ? 'p' : ''}${x.alert ? '!' : ''}`)).join(' ');
    console.log(`${s.name.padEnd(24)} ${l.ts.slice(0, 10)} ${(l.segment ?? '').padEnd(10)} ${l.kind.padEnd(15)} @${at}/${list.length} ${best.warm ? 'WARMUP' : ''} ${win.some((x) => x.alert) ? 'FOUND' : 'missed'}  z: ${zs}`);
  }
}
