import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A real series (values in time order) for the labelled detection evaluation. */
export interface RealSeries {
  name: string;
  values: number[];
}

const here = dirname(fileURLToPath(import.meta.url));
// vega-datasets' exports map hides data/: build the path from the package folder (STACK trap 11).
const VEGA = join(here, '../../node_modules/vega-datasets/data');

function csv(file: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(join(VEGA, file), 'utf8').trim().split(/\r?\n/);
  const cols = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
}

const num = (rows: Record<string, string>[], col: string) => rows.map((r) => Number(r[col])).filter((v) => Number.isFinite(v));

/** Series from vega-datasets: stocks, weather (daily and hourly), CO2, S&P 500, employment, flights per hour. */
export function vegaSeries(): RealSeries[] {
  const out: RealSeries[] = [];
  const stocks = csv('stocks.csv');
  for (const sym of ['MSFT', 'AMZN', 'IBM', 'GOOG', 'AAPL']) out.push({ name: `vega stocks ${sym}`, values: num(stocks.filter((r) => r.symbol === sym), 'price') });
  const weather = csv('seattle-weather.csv');
  for (const c of ['temp_max', 'temp_min', 'wind']) out.push({ name: `vega seattle-weather ${c}`, values: num(weather, c) });
  const hourly = csv('seattle-weather-hourly-normals.csv');
  for (const c of ['temperature', 'pressure']) out.push({ name: `vega seattle hourly ${c}`, values: num(hourly, c).slice(0, 3000) });
  out.push({ name: 'vega co2-concentration', values: num(csv('co2-concentration.csv'), 'CO2') });
  out.push({ name: 'vega sp500-2000 close', values: num(csv('sp500-2000.csv'), 'close') });
  const emp = csv('us-employment.csv');
  for (const c of ['nonfarm', 'construction', 'leisure_and_hospitality']) out.push({ name: `vega us-employment ${c}`, values: num(emp, c) });
  const flights = JSON.parse(readFileSync(join(VEGA, 'flights-20k.json'), 'utf8')) as { date: string }[];
  const perHour = new Map<number, number>();
  for (const f of flights) {
    const t = Date.parse(f.date.replace(/\//g, '-').replace(' ', 'T') + ':00Z');
    const h = Math.floor(t / 3_600_000);
    perHour.set(h, (perHour.get(h) ?? 0) + 1);
  }
  const hours = [...perHour.keys()].sort((a, b) => a - b);
  const dense: number[] = [];
  for (let h = hours[0]!; h <= hours[hours.length - 1]!; h++) dense.push(perHour.get(h) ?? 0);
  out.push({ name: 'vega flights-20k per hour', values: dense });
  return out;
}

const R_SERIES = ['AirPassengers', 'Nile', 'co2', 'nottem', 'sunspot.month', 'UKDriverDeaths', 'ldeaths', 'LakeHuron', 'lynx', 'USAccDeaths', 'WWWusage', 'austres', 'JohnsonJohnson', 'treering', 'BJsales', 'precip', 'discoveries', 'airmiles', 'lh', 'uspop'];

/**
 * Series printed by an R expression as `name:v1,v2,…` lines, run once through Rscript and cached
 * under node_modules/.cache; empty when R is absent.
 */
export function rExport(expr: string, cacheName: string): RealSeries[] {
  const cache = join(here, `../../node_modules/.cache/${cacheName}`);
  if (!existsSync(cache)) {
    let text: string;
    try {
      text = execFileSync('Rscript', ['-e', expr], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      return [];
    }
    // Only `name:values` lines: an R install may print its own warnings on stdout ("cannot find system Renviron").
    const got = text
      .trim()
      .split('\n')
      .filter((l) => /^[\w.]+:[-\d.eE,\sNA]+$/.test(l.trim()))
      .map((l) => {
        const [name, list] = l.split(':');
        return { name: `R ${name}`, values: list!.split(',').map(Number).filter((v) => Number.isFinite(v)) };
      });
    mkdirSync(dirname(cache), { recursive: true });
    writeFileSync(cache, JSON.stringify(got));
  }
  return JSON.parse(readFileSync(cache, 'utf8')) as RealSeries[];
}

/** Series from R's datasets package (r-base-core), exported once through Rscript; empty when R is absent. */
export function rSeries(): RealSeries[] {
  return rExport(`library(datasets); for (n in c(${R_SERIES.map((s) => `"${s}"`).join(',')})) { x <- get(n); if (is.matrix(x)) x <- x[,1]; cat(n, ":", paste(as.numeric(x), collapse=","), "\\n", sep="") }`, 'insightql-r-series.json');
}

/** Flights as a stream of transactions: time, origin (the key), destination, distance (the amount). */
export function flightEvents(): { time: number; origin: string; destination: string; distance: number }[] {
  const flights = JSON.parse(readFileSync(join(VEGA, 'flights-20k.json'), 'utf8')) as { date: string; origin: string; destination: string; distance: number }[];
  return flights
    .map((f) => ({ time: Date.parse(f.date.replace(/\//g, '-').replace(' ', 'T') + ':00Z'), origin: f.origin, destination: f.destination, distance: f.distance }))
    .sort((a, b) => a.time - b.time);
}
