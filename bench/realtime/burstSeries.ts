import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rExport, type RealSeries } from './series.js';

/**
 * Real series and real event streams for the burst tuning set, chosen apart from the series the
 * rest of the evaluation uses and from every stream of the held-out blind set (none of R's
 * AirPassengers, Nile, co2, nottem, LakeHuron, Seatbelts/UKDriverDeaths, the lung deaths,
 * airquality; none of vega's weather, github, S&P 500, employment or hourly normals).
 */
const here = dirname(fileURLToPath(import.meta.url));
const VEGA = join(here, '../../node_modules/vega-datasets/data');

/** R: European stock indices (daily), UK gas (quarterly), two beavers' body temperature (every 10 min), Old Faithful's waits, Michelson's runs. */
const R_EXPR = `library(datasets); out <- list(DAX = EuStockMarkets[,"DAX"], FTSE = EuStockMarkets[,"FTSE"], UKgas = UKgas, beaver1 = beaver1$temp, beaver2 = beaver2$temp, faithful = faithful$waiting, morley = morley$Speed); for (n in names(out)) cat(n, ":", paste(as.numeric(out[[n]]), collapse=","), "\\n", sep="")`;

function rBurstSeries(): RealSeries[] {
  return rExport(R_EXPR, 'insightql-r-burst-series.json');
}

/** vega: unemployment by industry (monthly, four industries) and global temperature anomalies (yearly). */
function vegaBurstSeries(): RealSeries[] {
  const rows = JSON.parse(readFileSync(join(VEGA, 'unemployment-across-industries.json'), 'utf8')) as { series: string; date: string; count: number }[];
  const out: RealSeries[] = [];
  for (const industry of ['Manufacturing', 'Information', 'Finance', 'Wholesale and Retail Trade']) {
    const values = rows.filter((r) => r.series === industry).sort((a, b) => a.date.localeCompare(b.date)).map((r) => r.count);
    out.push({ name: `vega unemployment ${industry}`, values });
  }
  const temp = readFileSync(join(VEGA, 'global-temp.csv'), 'utf8').trim().split(/\r?\n/).slice(1).map((l) => Number(l.split(',')[1]));
  out.push({ name: 'vega global-temp', values: temp.filter((v) => Number.isFinite(v)) });
  return out;
}

/** Daily returns (% change) of a price series: noise around zero, with the market's volatility clusters. */
const returns = (s: RealSeries): RealSeries => ({ name: `${s.name} daily return %`, values: s.values.slice(1).map((v, i) => (100 * (v - s.values[i]!)) / s.values[i]!) });

/** The point series of the burst tuning set. */
export function burstPointSeries(): RealSeries[] {
  const r = rBurstSeries();
  return [...r, ...r.filter((s) => s.name === 'R DAX' || s.name === 'R FTSE').map(returns), ...vegaBurstSeries()];
}

/** A real event stream: event times (ms, ascending) and the grain its counts are read at. */
export interface RealEvents {
  name: string;
  times: number[];
  grain: 'hour' | 'day' | 'week';
}

/** Real event streams: USGS earthquakes of one week (per hour) and FAA bird strikes 1990–2002 (per day and per week). */
export function burstEventStreams(): RealEvents[] {
  const quakes = JSON.parse(readFileSync(join(VEGA, 'earthquakes.json'), 'utf8')) as { features: { properties: { time: number } }[] };
  const strikes = readFileSync(join(VEGA, 'birdstrikes.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
  const head = readFileSync(join(VEGA, 'birdstrikes.csv'), 'utf8').split(/\r?\n/, 1)[0]!.split(',');
  const col = head.indexOf('Flight Date');
  // Bird strikes carry a date only: spread each day's strikes over its hours so events keep an order.
  const strikeTimes = strikes.map((l, i) => Date.parse(`${l.split(',')[col]}T00:00:00Z`) + (i % 24) * 3_600_000).filter((t) => Number.isFinite(t));
  return [
    { name: 'vega earthquakes per hour', times: quakes.features.map((f) => f.properties.time).sort((a, b) => a - b), grain: 'hour' },
    { name: 'vega birdstrikes per day', times: strikeTimes.sort((a, b) => a - b), grain: 'day' },
    { name: 'vega birdstrikes per week', times: strikeTimes, grain: 'week' },
  ];
}
