import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../../src/models/math/prng.js';
import type { RealSeries } from './series.js';

/**
 * Short streams (60–300 points) for the short-series tuning table: real slices of R's datasets
 * and vega-datasets that neither the main evaluation, the burst set nor the blind set uses, and
 * synthetic series of known shape. A new stream this short trains on its first 30 points (the
 * default), so most of what it scores is scored by models fitted on little.
 */
const here = dirname(fileURLToPath(import.meta.url));
const VEGA = join(here, '../../node_modules/vega-datasets/data');

/** [name, R expression, first, end]: a slice of an R series. */
const R_SLICES: [string, string, number, number][] = [
  ['sunspot.year 1700–1849', 'sunspot.year', 0, 150],
  ['sunspot.year 1850–1988', 'sunspot.year', 150, 289],
  ['nhtemp', 'nhtemp', 0, 60],
  ['BJsales.lead', 'BJsales.lead', 0, 150],
  ['quakes mag 1–200', 'quakes$mag', 0, 200],
  ['quakes depth 201–300', 'quakes$depth', 200, 300],
  ['randu x 1–150', 'randu$x', 0, 150],
  ['rivers', 'rivers', 0, 141],
  ['MASS SP500 1990', 'MASS::SP500', 0, 250],
  ['MASS SP500 1994', 'MASS::SP500', 1000, 1250],
  ['MASS SP500 1997 (120)', 'MASS::SP500', 1900, 2020],
  ['MASS mcycle accel', 'MASS::mcycle$accel', 0, 133],
];

function rSlices(): RealSeries[] {
  const cache = join(here, '../../node_modules/.cache/insightql-r-short-series.json');
  if (!existsSync(cache)) {
    const exprs = [...new Set(R_SLICES.map((s) => s[1]))];
    const expr = `suppressMessages(library(MASS)); for (e in c(${exprs.map((s) => `"${s}"`).join(',')})) { x <- eval(parse(text=e)); cat(e, "|", paste(as.numeric(x), collapse=","), "\\n", sep="") }`;
    let text: string;
    try {
      text = execFileSync('Rscript', ['-e', expr], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      return [];
    }
    const got = Object.fromEntries(text.trim().split('\n').map((l) => {
      const [name, list] = l.split('|');
      return [name!, list!.split(',').map(Number).filter((v) => Number.isFinite(v))];
    }));
    mkdirSync(dirname(cache), { recursive: true });
    writeFileSync(cache, JSON.stringify(got));
  }
  const all = JSON.parse(readFileSync(cache, 'utf8')) as Record<string, number[]>;
  return R_SLICES.filter(([, e]) => all[e]).map(([name, e, a, b]) => ({ name: `R ${name}`, values: all[e]!.slice(a, b) }));
}

function vegaShort(): RealSeries[] {
  const normal = JSON.parse(readFileSync(join(VEGA, 'normal-2d.json'), 'utf8')) as { u: number; v: number }[];
  const disasters = readFileSync(join(VEGA, 'disasters.csv'), 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(',')).filter((c) => c[0] === 'All natural disasters').map((c) => Number(c[2]));
  return [
    { name: 'vega normal-2d u 1–200', values: normal.slice(0, 200).map((p) => p.u) },
    { name: 'vega normal-2d v 201–300', values: normal.slice(200, 300).map((p) => p.v) },
    { name: 'vega disasters deaths per year', values: disasters },
  ];
}

const gauss = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());

/** A short stream; synthetic ones know their noise sigma (`noise`), so anomalies are sized in it. */
export type ShortSeries = RealSeries & { noise?: number };

/** Synthetic shapes a short stream often has: noise, correlated noise, a walk, a monthly season, a trend (unit normal noise). */
export function syntheticShort(): ShortSeries[] {
  const out: ShortSeries[] = [];
  const lengths = [60, 100, 150, 240, 300];
  for (const [li, n] of lengths.entries()) {
    for (let k = 0; k < 2; k++) {
      const r = mulberry32(9000 + 100 * li + k);
      const e = () => gauss(r);
      const iid = Array.from({ length: n }, () => 50 + e());
      let a = 0;
      const ar = Array.from({ length: n }, () => (a = 0.6 * a + e()) + 20);
      let w = 100;
      const walk = Array.from({ length: n }, () => (w += e()));
      const season = Array.from({ length: n }, (_, i) => 30 + 5 * Math.sin((2 * Math.PI * i) / 12) + e());
      const trend = Array.from({ length: n }, (_, i) => 10 + 0.05 * i + e());
      for (const [shape, values] of [['noise', iid], ['AR(0.6)', ar], ['walk', walk], ['season 12', season], ['trend', trend]] as const) out.push({ name: `synthetic ${shape} ${n} #${k}`, values, noise: 1 });
    }
  }
  return out;
}

/** The real short streams (slices of 60–300 points). */
export function realShort(): RealSeries[] {
  return [...rSlices(), ...vegaShort()].filter((s) => s.values.length >= 60);
}
