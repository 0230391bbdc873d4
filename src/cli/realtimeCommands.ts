import { existsSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseCsv } from 'csv-parse/sync';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { readDatasetRows } from './replaySource.js';
import { authHeaders, serverBase } from './transport.js';

const DEFAULT_SERVER = 'http://localhost:4000';
type Row = Record<string, unknown>;

/** Reads a CSV, JSON array or NDJSON file into rows. */
function readRows(path: string): Row[] {
  const text = readFileSync(path, 'utf8');
  const ext = extname(path).toLowerCase();
  if (ext === '.csv' || ext === '.tsv') return parseCsv(text, { columns: true, skip_empty_lines: true, delimiter: ext === '.tsv' ? '\t' : ',', cast: true }) as Row[];
  const t = text.trim();
  if (t.startsWith('[')) return JSON.parse(t) as Row[];
  return t.split(/\r?\n/).filter((l) => l.trim()).map((l) => JSON.parse(l) as Row);
}

const isTime = (v: unknown) => typeof v === 'string' && /^\d{4}[-/]\d\d[-/]\d\d/.test(v) && Number.isFinite(Date.parse(v.replace(/\//g, '-')));

/** The rows' time column (the first whose values read as dates), their first numeric column and first text one. */
function roles(rows: Row[]): { time: string | null; measure: string | null; key: string | null } {
  const cols = Object.keys(rows[0] ?? {});
  const sample = rows.slice(0, 50);
  const time = cols.find((c) => sample.every((r) => r[c] === null || r[c] === '' || isTime(r[c]))) ?? null;
  const measure = cols.find((c) => c !== time && sample.every((r) => typeof r[c] === 'number' || r[c] === null || r[c] === '')) ?? null;
  const key = cols.find((c) => c !== time && c !== measure && sample.some((r) => typeof r[c] === 'string')) ?? null;
  return { time, measure, key };
}

/**
 * Injects anomalies for a demonstration: `spike` (one row in 200 far above the rest), `shift` (the
 * second half moved up), `burst` (a row repeated 8 times at once). Sizes are in units of the
 * measure's robust spread, so they show on any data.
 */
function inject(rows: Row[], kinds: string[], r: ReturnType<typeof roles>): Row[] {
  if (!r.measure) return rows;
  const m = r.measure;
  const vals = rows.map((x) => Number(x[m])).filter(Number.isFinite).sort((a, b) => a - b);
  const spread = Math.max(1e-9, (vals[Math.floor(vals.length * 0.75)]! - vals[Math.floor(vals.length * 0.25)]!) / 1.349);
  let out = rows.map((x) => ({ ...x }));
  if (kinds.includes('shift')) for (let i = Math.floor(out.length / 2); i < out.length; i++) out[i]![m] = Number(out[i]![m]) + 6 * spread;
  if (kinds.includes('spike')) for (let i = 100; i < out.length; i += 200) out[i]![m] = Number(out[i]![m]) + 12 * spread;
  if (kinds.includes('burst')) {
    const burst: Row[] = [];
    out.forEach((x, i) => {
      burst.push(x);
      if (i % 250 === 125) for (let k = 0; k < 8; k++) burst.push({ ...x });
    });
    out = burst;
  }
  return out;
}

/** Rows the replay of a dataset reads at most, unless INSIGHTQL_MAX_ROWS says otherwise. */
const DEFAULT_MAX_ROWS = 10_000;

function maxRows(): number {
  const n = Number(process.env.INSIGHTQL_MAX_ROWS);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_MAX_ROWS;
}

/**
 * `insightql replay <dataset|file> --into NAME --rate N/s [--inject spike|shift|burst …] [--column C]`:
 * streams rows in time order as events (anomalies go into C, else the first numeric column). A
 * source that is not a file is a dataset on the server, read up to INSIGHTQL_MAX_ROWS rows.
 */
export async function runReplay(argv: string[], server: string | undefined): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { into: { type: 'string' }, rate: { type: 'string', default: '10/s' }, inject: { type: 'string', multiple: true, default: [] }, column: { type: 'string' } } });
  const [source] = positionals;
  if (!source || !values.into) {
    console.error('usage: insightql replay <dataset|file.csv|json|ndjson> --into DATASET [--rate N/s] [--inject spike|shift|burst …] [--column NAME] [--server URL]');
    return 1;
  }
  const rate = Number(/^(\d+(?:\.\d+)?)(?:\/s)?$/.exec(values.rate!)?.[1]);
  if (!(rate > 0)) {
    console.error(`--rate must be events per second, e.g. 50/s (got '${values.rate}')`);
    return 1;
  }
  const bad = values.inject!.filter((k) => !['spike', 'shift', 'burst'].includes(k));
  if (bad.length) {
    console.error(`--inject takes spike, shift or burst (got ${bad.join(', ')})`);
    return 1;
  }
  const base = serverBase(server ?? DEFAULT_SERVER);
  let rows: Row[];
  let known: ReturnType<typeof roles> | null = null;
  if (existsSync(source)) {
    try {
      rows = readRows(source);
    } catch (e) {
      console.error(`cannot read '${source}' as CSV, JSON or NDJSON: ${(e as Error).message}`);
      return 1;
    }
  } else {
    try {
      const d = await readDatasetRows(base, source, maxRows());
      rows = d.rows;
      known = { time: d.time, measure: d.measure, key: d.key };
      for (const n of d.notes) console.error(`note: ${n}`);
    } catch (e) {
      const code = (e as { code?: string }).code;
      console.error(code === 'DATASET_NOT_FOUND' ? `'${source}' is neither a file nor a dataset on ${base}` : `cannot read dataset '${source}' from ${base}: ${(e as Error).message}`);
      return 1;
    }
  }
  const r = known ?? roles(rows);
  if (values.column) {
    if (!rows.length || !(values.column in rows[0]!)) {
      console.error(`--column: no column '${values.column}' in ${source}`);
      return 1;
    }
    r.measure = values.column;
  }
  if (r.time) rows.sort((a, b) => Date.parse(String(a[r.time!]).replace(/\//g, '-')) - Date.parse(String(b[r.time!]).replace(/\//g, '-')));
  rows = inject(rows, values.inject!, r);
  const perTick = Math.max(1, Math.round(rate / 10));
  const totals = { sent: 0, accepted: 0, duplicates: 0, rejected: 0 };
  const started = Date.now();
  for (let i = 0; i < rows.length; i += perTick) {
    const batch = rows.slice(i, i + perTick);
    const res = await fetch(`${base}/datasets/${encodeURIComponent(values.into)}/events`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', ...authHeaders() }, body: batch.map((x) => JSON.stringify(x)).join('\n') });
    const body = (await res.json()) as { accepted?: number; duplicates?: number; rejected?: number; rejectedRows?: { index: number; reason: string }[]; error?: { code: string; message: string } };
    if (!res.ok) {
      console.error(`error [${body.error?.code}]: ${body.error?.message}`);
      return 1;
    }
    totals.sent += batch.length;
    totals.accepted += body.accepted ?? 0;
    totals.duplicates += body.duplicates ?? 0;
    totals.rejected += body.rejected ?? 0;
    if (body.rejectedRows?.length && totals.rejected === body.rejected) console.error(`rejected: ${body.rejectedRows[0]!.reason}`);
    const due = started + ((i + perTick) / rate) * 1000;
    if (due > Date.now()) await new Promise((res2) => setTimeout(res2, due - Date.now()));
  }
  console.log(`replayed ${totals.sent} events into ${values.into}: ${totals.accepted} accepted, ${totals.duplicates} duplicates, ${totals.rejected} rejected${values.inject!.length ? ` (injected: ${values.inject!.join(', ')})` : ''}`);
  return 0;
}

/** `insightql alerts --follow [--dataset N] [--min-severity X]`: prints alerts as they come (one line each). */
export async function runAlerts(argv: string[], server: string | undefined): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { follow: { type: 'boolean', default: false }, dataset: { type: 'string' }, 'min-severity': { type: 'string' }, after: { type: 'string' }, json: { type: 'boolean', default: false } } });
  const base = serverBase(server ?? DEFAULT_SERVER);
  const fields = 'id dataset detectorId eventTime segment value expected lower upper score severity';
  const print = (a: Record<string, unknown>) =>
    console.log(values.json ? JSON.stringify(a) : `#${a.id} ${a.eventTime ?? ''} ${a.dataset}${a.segment ? `[${a.segment}]` : ''} value ${JSON.stringify(a.value)} expected ${a.expected ?? '–'} score ${Number(a.score).toFixed(2)} severity ${Number(a.severity).toFixed(2)}`);
  const minSeverity = values['min-severity'] ? Number(values['min-severity']) : null;
  if (!values.follow) {
    const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...authHeaders() }, body: JSON.stringify({ query: `query($d: String, $m: Float) { alerts(dataset: $d, minSeverity: $m, limit: 50) { ${fields} } }`, variables: { d: values.dataset ?? null, m: minSeverity } }) });
    const body = (await res.json()) as { data?: { alerts: Record<string, unknown>[] }; errors?: { message: string; extensions?: { code?: string } }[] };
    if (body.errors?.length) {
      console.error(`error [${body.errors[0]!.extensions?.code}]: ${body.errors[0]!.message}`);
      return 1;
    }
    body.data!.alerts.reverse().forEach(print);
    return 0;
  }
  const key = process.env.INSIGHTQL_API_KEY?.trim();
  const url = `${base.replace(/^http/, 'ws')}/graphql`;
  // Said on stderr (stdout carries only alerts): a person sees it is listening, a script can wait for it.
  const connected = () => console.error(`following alerts${values.dataset ? ` of ${values.dataset}` : ''} at ${url} (Ctrl-C stops)`);
  const client = createClient({ url, webSocketImpl: WebSocket, connectionParams: key ? { authorization: `Bearer ${key}` } : {}, retryAttempts: 1_000_000, shouldRetry: () => true, on: { connected } });
  let last: string | null = values.after ?? null;
  return new Promise<number>((resolve) => {
    const stop = () => {
      void client.dispose();
      resolve(0);
    };
    process.once('SIGINT', stop);
    const subscribe = () =>
      client.subscribe(
        { query: `subscription($d: String, $m: Float, $after: ID) { alerts(dataset: $d, minSeverity: $m, after: $after) { ${fields} } }`, variables: { d: values.dataset ?? null, m: minSeverity, after: last } },
        {
          next: (v) => {
            if (v.errors?.length) return console.error(`error: ${v.errors[0]!.message}`);
            const a = (v.data as { alerts: Record<string, unknown> }).alerts;
            last = String(a.id);
            print(a);
          },
          error: (e) => {
            console.error(`subscription ended: ${Array.isArray(e) ? e.map((x: { message: string }) => x.message).join('; ') : ((e as Error).message ?? 'connection closed')}`);
            resolve(1);
          },
          complete: () => resolve(0),
        },
      );
    subscribe();
  });
}
