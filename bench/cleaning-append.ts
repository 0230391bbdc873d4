// What the recipe costs an appended batch, on real Postgres: 1,000-row batches in the source's own
// columns appended to a ~290k-row dataset built from vega's seattle-weather (one copy per station),
// with no recipe (the reference: staging, INSERT, re-profile), with a seven-step recipe (trim,
// standardize, coerce, mean fill, outlier cap, rename, exact dedupe against the dataset), then adding
// a forward fill along time and a fuzzy dedupe against the dataset (which reads its key columns);
// last, the same with 1% of each batch's rows back-dated, so the fill's time span is the whole history.
// Run: npx tsx bench/cleaning-append.ts [stations=200] [batches=7]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { CleaningService } from '../src/cleaning/cleaningService.js';
import { vegaDataDir } from '../src/demo/demoLoader.js';
import { IngestService } from '../src/ingest/ingestService.js';
import { mulberry32 } from '../src/models/math/prng.js';
import { createLogger } from '../src/shared/logger.js';
import { Warehouse } from '../src/warehouse/warehouse.js';
import { freshDatabase, median, printTable } from './support.js';

process.env.DOTENV_CONFIG_QUIET ??= 'true';
const STATIONS = Number(process.argv[2] ?? 200);
const BATCHES = Number(process.argv[3] ?? 7);
const BATCH_ROWS = 1_000;
const log = createLogger('warn');

const weather = readFileSync(join(vegaDataDir(), 'seattle-weather.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
const movies = JSON.parse(readFileSync(join(vegaDataDir(), 'movies.json'), 'utf8')) as { Title: unknown }[];
// Station names: distinct real words, so fuzzy matching has real strings to tell apart.
const words = [...new Set(movies.flatMap((m) => (typeof m.Title === 'string' ? m.Title.split(/\s+/) : [])).filter((w) => /^\p{L}{6,}$/u.test(w)).map((w) => w.toLowerCase()))];
const stations = words.slice(0, STATIONS);
const HEADER = 'station,date,precipitation,temp_max,temp_min,wind,weather';

/** A row in the source's shape: loosely written temperatures, variants of the weather label, a few gaps. */
function messyRow(station: string, w: string[], rnd: () => number): string {
  const [date, precip, tmax, tmin, wind, label] = w as [string, string, string, string, string, string];
  const r = rnd();
  const t = r < 0.02 ? 'N/A' : r < 0.05 ? `"${tmax}°C"` : tmax;
  const l = rnd() < 0.1 ? ` ${label.toUpperCase()} ` : label;
  const p = rnd() < 0.03 ? '' : precip;
  return `${station},${date},${p},${t},${tmin},${wind},${l}`;
}

function baseCsv(): string {
  const rnd = mulberry32(7);
  const lines = [HEADER];
  for (const s of stations) for (const w of weather) lines.push(messyRow(s, w, rnd));
  return lines.join('\n') + '\n';
}

/** A batch of later readings (dates past the data); `late` of them keep an old date (late arrivals, some repeating loaded rows). */
function batchCsv(i: number, late: number): string {
  const rnd = mulberry32(100 + i);
  const lines = [HEADER];
  for (let k = 0; k < BATCH_ROWS; k++) {
    const w = [...weather[Math.floor(rnd() * weather.length)]!];
    const station = stations[Math.floor(rnd() * stations.length)]!;
    // Leap years, so every date of the source exists.
    if (rnd() >= late) w[0] = String(2016 + 4 * i) + w[0]!.slice(4);
    lines.push(messyRow(station, w, rnd));
  }
  return lines.join('\n') + '\n';
}

const stream = (s: string) => ({ kind: 'stream' as const, stream: Readable.from([Buffer.from(s)]) });

const RECIPE: [string, Record<string, unknown>][] = [
  ['trimAndCase', { columns: ['weather'], case: 'lower' }],
  ['standardizeValues', { column: 'weather', method: 'fingerprint' }],
  ['coerceType', { column: 'temp_max', to: 'double' }],
  ['imputeMissing', { column: 'temp_max', method: 'mean' }],
  ['handleOutliers', { column: 'wind', method: 'iqr', action: 'cap' }],
  ['renameColumn', { column: 'weather', newName: 'condition' }],
  ['removeDuplicates', { mode: 'exact' }],
];
const TIME_FILL: [string, Record<string, unknown>] = ['imputeMissing', { column: 'precipitation', method: 'forward_fill', orderBy: 'date' }];
const FUZZY: [string, Record<string, unknown>] = ['removeDuplicates', { mode: 'fuzzy', columns: ['station', 'date'], threshold: 0.95 }];

async function main(): Promise<void> {
  const db = await freshDatabase('iq_bench_append');
  const wh = await Warehouse.open({ databaseUrl: db.url, dataDir: 'memory://', logger: log });
  try {
    await wh.migrate();
    const ingest = new IngestService(wh, log);
    const cleaning = new CleaningService(wh, log, { lockTimeoutMs: 120_000 });
    const base = baseCsv();
    const all = [...RECIPE, TIME_FILL, FUZZY];
    const setups: { name: string; steps: [string, Record<string, unknown>][]; late: number }[] = [
      { name: 'no recipe (reference)', steps: [], late: 0 },
      { name: '7-step recipe', steps: RECIPE, late: 0 },
      { name: '+ forward fill along date', steps: [...RECIPE, TIME_FILL], late: 0 },
      { name: '+ fuzzy dedupe vs dataset', steps: all, late: 0 },
      { name: 'all 9, 1% of rows back-dated', steps: all, late: 0.01 },
    ];
    const out: Record<string, string | number>[] = [];
    let reference = 0;
    for (const [n, s] of setups.entries()) {
      const name = `weather_${n}`;
      await ingest.ingest({ name, input: stream(base) });
      for (const [step, params] of s.steps) await cleaning.runStep({ dataset: name, step, params });
      const ms: number[] = [];
      let applied = 0;
      for (let i = 0; i < BATCHES; i++) {
        const t0 = performance.now();
        const r = await ingest.ingest({ name, append: true, input: stream(batchCsv(i, s.late)) });
        ms.push(performance.now() - t0);
        applied = r.run.recipe?.applied.length ?? 0;
      }
      const [d] = await wh.query<{ row_count: number }>(`SELECT row_count FROM catalog.datasets WHERE name = $1`, [name]);
      const med = median(ms.slice(1)); // the first batch warms caches
      if (n === 0) reference = med;
      out.push({
        setup: s.name,
        'dataset rows': Number(d!.row_count),
        'steps replayed': applied,
        'ms per 1k-row batch (median)': Math.round(med),
        'vs no recipe': n === 0 ? '1.00×' : `${(med / reference).toFixed(2)}×`,
      });
    }
    printTable(`Appending ${BATCHES} batches of ${BATCH_ROWS.toLocaleString('en-US')} rows to ${(stations.length * weather.length).toLocaleString('en-US')} rows`, out);
  } finally {
    await wh.close();
    await db.drop();
  }
}

await main();
