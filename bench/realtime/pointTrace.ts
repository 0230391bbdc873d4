import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LiveDetector } from '../../src/realtime/core/detector.js';
import { predictOne } from '../../src/realtime/core/oneStepModel.js';
import { lessProfile, levelStep, seasonalProfile } from '../../src/realtime/core/levelStep.js';
import { isRepeat } from '../../src/realtime/core/repeats.js';
import { recentRange } from '../../src/realtime/core/residualScale.js';
import { bandScale, type SeriesSegment } from '../../src/realtime/core/seriesAnomaly.js';
import { DEFAULTS } from '../../src/realtime/core/validateDetector.js';

/**
 * Point by point, what the series detector saw on one stream of a labelled set (never the blind
 * set) between two dates: value, forecast, z, whether the error had a precedent (p), was a repeat
 * (r), was held (h), and what alerted. Run: npx tsx bench/realtime/pointTrace.ts tune STREAM FROM TO [SEGMENT]
 */
const [set = 'tune', name, from = '0000', to = '9999', segment = ''] = process.argv.slice(2);
if (set === 'blind') throw new Error('the blind set is only ever scored (bench/realtimeBlind.ts)');
const dir = join(dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/realtime', set);
const { streams } = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as { streams: { name: string; file: string; segmentColumn: string | null; anomalies: { ts: string; segment: string | null; kind: string }[] }[] };
const s = streams.find((x) => x.name === name)!;
const toTime = (ts: string) => Date.parse(ts.length === 10 ? `${ts}T00:00:00Z` : `${ts}Z`);
const rows = readFileSync(join(dir, s.file), 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
const segs = new Set(rows.map((r) => r[2] ?? ''));
const warmup = Math.max(30, Math.floor((rows.length / segs.size) * 0.15));
const d = new LiveDetector({ kind: 'SERIES_ANOMALY', measure: 'v', agg: 'SUM', grain: null, segmentBy: s.segmentColumn ? 'seg' : null, keyColumn: null, window: 0, threshold: DEFAULTS.SERIES_ANOMALY.threshold, warmup }, { refitInline: true });
let i = 0;
for (const r of rows) {
  const seg = s.segmentColumn ? (r[2] ?? '') : '';
  const p = { time: toTime(r[0]!), row: { v: Number(r[1]), seg: r[2] ?? '' } };
  const st = d.states.get(seg) as SeriesSegment | undefined;
  const n = st?.seen ?? 0;
  let line = '';
  if (st?.model) {
    const expected = predictOne(st.model);
    const sigma = bandScale(st, expected);
    const e = Number(r[1]) - expected;
    const ratio = Math.abs(e) / Math.max(1e-12, recentRange(st.residuals));
    const flags = `${ratio.toFixed(2)} ${Math.abs(e) <= recentRange(st.residuals) ? 'p' : ''}${isRepeat(st.big, e, st.seen + 1) ? 'r' : ''}${st.told ? `t${st.told.side}` : ''}${st.pending ? 'h' : ''}`;
    line = `exp ${expected.toFixed(2).padStart(8)} sig ${sigma.toFixed(3).padStart(7)} z ${(e / sigma).toFixed(2).padStart(6)} ${flags.padEnd(5)} ${st.model.method}/${st.model.period}`;
  }
  const found = d.score([p], i++);
  const after = d.states.get(seg) as SeriesSegment | undefined;
  if (after?.model) {
    const firstAt = after.seen - after.recent.length;
    const ls = levelStep(lessProfile(after.recent, seasonalProfile(after.recent, Math.round(after.model.period), firstAt), firstAt));
    if (ls) line += ` step ${ls.score.toFixed(1)}`;
  }
  const label = s.anomalies.find((a) => toTime(a.ts) === p.time && (!s.segmentColumn || a.segment === seg));
  if ((!segment || seg === segment) && r[0]! >= from && r[0]! <= to) console.log(`${r[0]} ${seg} #${n} y ${r[1]!.padStart(8)} ${line} ${found.map((f) => `ALERT(${new Date(f.time).toISOString().slice(0, 10)} ${f.score.toFixed(1)})`).join(' ')} ${label ? `<-- ${label.kind}` : ''}`);
}
