import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The demo files read straight from vega-datasets, parsed in plain JS: the independent reference. */

const dataDir = fileURLToPath(new URL('../../../node_modules/vega-datasets/data/', import.meta.url));

export interface WeatherRow {
  date: string;
  precipitation: number;
  temp_max: number;
  temp_min: number;
  wind: number;
  weather: string;
}

export interface StockRow {
  symbol: string;
  date: string;
  price: number;
}

export interface UnemploymentRow {
  series: string;
  year: number;
  month: number;
  count: number;
  rate: number;
  date: string;
}

const csvRows = (file: string): string[][] =>
  readFileSync(`${dataDir}${file}`, 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(','));

/** seattle-weather.csv (no quoted fields in this file). */
export function seattleRows(): WeatherRow[] {
  return csvRows('seattle-weather.csv').map(([date, p, tmax, tmin, wind, weather]) => ({
    date: date!,
    precipitation: Number(p),
    temp_max: Number(tmax),
    temp_min: Number(tmin),
    wind: Number(wind),
    weather: weather!,
  }));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** stocks.csv with its "Jan 1 2000" dates turned into ISO dates. */
export function stockRows(): StockRow[] {
  return csvRows('stocks.csv').map(([symbol, d, price]) => {
    const [mon, day, year] = d!.split(' ');
    const m = MONTHS.indexOf(mon!) + 1;
    return { symbol: symbol!, date: `${year}-${String(m).padStart(2, '0')}-${day!.padStart(2, '0')}`, price: Number(price) };
  });
}

/** unemployment-across-industries.json with its UTC timestamps as naive ISO text. */
export function unemploymentRows(): UnemploymentRow[] {
  const raw = JSON.parse(readFileSync(`${dataDir}unemployment-across-industries.json`, 'utf8')) as UnemploymentRow[];
  return raw.map((r) => ({ ...r, date: r.date.replace(/\.000Z$/, '') }));
}

/** Linear-interpolation percentile, as Postgres' percentile_cont. */
export function percentileCont(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const pos = p * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

/** Sum of `f` over rows matching `pred`. */
export const sumWhere = <T>(rows: T[], pred: (r: T) => boolean, f: (r: T) => number): number => rows.filter(pred).reduce((a, r) => a + f(r), 0);
