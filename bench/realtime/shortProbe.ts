import { LiveDetector } from '../../src/realtime/core/detector.js';
import { mulberry32 } from '../../src/models/math/prng.js';
import { warmupOf, seriesSpec } from './evaluate.js';
/**
 * Probe: how many of 40 spikes of `size` noise sigmas (6 by default) SERIES_ANOMALY finds, by shape
 * and stream length, with each shape's false alerts per 1k clean points; the spike falls in the
 * last 48 points. An oracle knowing the mean and sigma of unit noise finds |6 + N(0,1)| ≥ 4.5, 93%
 * (37 of 40). Run: npx tsx bench/realtime/shortProbe.ts [size]
 */
const gauss = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
const size = Number(process.argv[2] ?? 6);
const shapes: Record<string, (n: number, r: () => number) => number[]> = {
  noise: (n, r) => Array.from({ length: n }, () => 10 + gauss(r)),
  ar6: (n, r) => { let a = 0; return Array.from({ length: n }, () => (a = 0.6 * a + gauss(r)) + 20); },
  walk: (n, r) => { let w = 100; return Array.from({ length: n }, () => (w += gauss(r))); },
  season12: (n, r) => Array.from({ length: n }, (_, i) => 30 + 5 * Math.sin((2 * Math.PI * i) / 12) + gauss(r)),
  trend: (n, r) => Array.from({ length: n }, (_, i) => 10 + 0.05 * i + gauss(r)),
};
for (const [name, make] of Object.entries(shapes)) {
  const cells: string[] = [];
  for (const n of [60, 100, 200, 400, 1000]) {
    let found = 0, fa = 0, pts = 0;
    const trials = 40;
    for (let t = 0; t < trials; t++) {
      const r = mulberry32(500 + t);
      const v = make(n, r);
      const w = warmupOf(n);
      const at = n - 8 - Math.floor(r() * Math.min(40, n - w - 10));
      const sign = r() < 0.5 ? -1 : 1;
      const clean = new LiveDetector(seriesSpec(n, 4.5), { refitInline: true }).score(v.map((x, i) => ({ time: i * 1000, row: { v: x } })));
      fa += clean.length; pts += n - w;
      v[at] = v[at]! + sign * size;
      const f = new LiveDetector(seriesSpec(n, 4.5), { refitInline: true }).score(v.map((x, i) => ({ time: i * 1000, row: { v: x } })));
      if (f.some((x) => x.eventIndex >= at && x.eventIndex <= at + 2)) found++;
    }
    cells.push(`n=${n}: ${String(found).padStart(2)}/${trials} fa/1k ${(1000 * fa / pts).toFixed(1)}`);
  }
  console.log(name.padEnd(9), cells.join(' | '));
}
