import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import cliProgress from 'cli-progress';
import type { Config } from '../config/config.js';
import type { Format } from '../ingest/types.js';
import { AppError, ErrorCode } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { RecipeReplayReport } from '../warehouse/entities/IngestionRunEntity.js';
import { authHeaders, withTransport, type TransportOptions } from './transport.js';

interface Flags {
  name?: string;
  format?: string;
  append?: boolean;
  strict?: boolean;
  json?: boolean;
}

interface Report {
  dataset: string;
  status: string;
  mode?: string;
  rowsLoaded: number;
  rowsRejected: number;
  durationMs: number | null;
  firstRejections: { line: number; reason: string }[];
  /** What the dataset's cleaning recipe did to the rows (null when it has none). */
  recipe?: RecipeReplayReport | null;
}

/** `insightql ingest <file>`: loads locally (progress bar on a TTY) or sends the file to a server. */
export async function runIngest(config: Config, log: Logger, args: string[], f: Flags, via: TransportOptions): Promise<number> {
  const file = args[0];
  if (!file) throw new AppError(ErrorCode.BAD_INPUT, 'usage: insightql ingest <file> [--name N] [--append] [--strict]');
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new AppError(ErrorCode.BAD_INPUT, `cannot read '${file}'`);
  }
  const name = f.name ?? basename(file).replace(/\.[^.]+$/, '');
  const format = (f.format?.toLowerCase() as Format | undefined) ?? null;
  const report = await withTransport(config, log, via, async (t): Promise<Report> => {
    if (!t.services) return sendToServer(t.where, file, name, format, f);
    const s = t.services;
    const bar = process.stderr.isTTY
      ? new cliProgress.SingleBar(
          { format: ' {bar} {percentage}% | {rows} rows | {rate} rows/s', stream: process.stderr, hideCursor: true },
          cliProgress.Presets.shades_classic,
        )
      : null;
    const t0 = Date.now();
    bar?.start(size, 0, { rows: 0, rate: 0 });
    try {
      const r = await s.ingest.ingest({
        name,
        input: { kind: 'file', path: file },
        format,
        append: f.append,
        strict: f.strict,
        sourceLabel: basename(file),
        onProgress: (p) => bar?.update(Math.min(size, p.bytesRead), { rows: p.rowsRead, rate: Math.round(p.rowsRead / Math.max(0.001, (Date.now() - t0) / 1000)) }),
      });
      return { dataset: r.run.datasetName, status: r.run.status, mode: r.run.mode, rowsLoaded: r.run.rowsLoaded, rowsRejected: r.run.rowsRejected, durationMs: r.run.durationMs, firstRejections: r.firstRejections, recipe: r.run.recipe };
    } finally {
      bar?.stop();
    }
  });
  if (f.json) console.log(JSON.stringify(report, null, 2));
  else printReport(report);
  return 0;
}

function printReport(r: Report): void {
  if (r.status === 'unchanged') {
    console.log(`${r.dataset}: unchanged (this content is already loaded)`);
    return;
  }
  const secs = ((r.durationMs ?? 0) / 1000).toFixed(2);
  console.log(`${r.dataset}: ${r.rowsLoaded.toLocaleString('en-US')} rows loaded, ${r.rowsRejected.toLocaleString('en-US')} rejected, in ${secs} s`);
  for (const x of r.firstRejections.slice(0, 5)) console.log(`  line ${x.line}: ${x.reason}`);
  if (r.mode === 'replace') console.log(`  the replaced rows are kept as a version (insightql versions ${r.dataset}; insightql prune ${r.dataset} --keep N drops old ones)`);
  if (r.recipe) {
    console.log(`  cleaned by the dataset's recipe: ${r.recipe.applied.length ? r.recipe.applied.join(', ') : 'no step applied'}`);
    for (const s of r.recipe.skipped) console.log(`  skipped ${s.step}: ${s.reason}`);
  }
}

async function sendToServer(base: string, file: string, name: string, format: Format | null, f: Flags): Promise<Report> {
  const u = new URL(`${base}/datasets/${encodeURIComponent(name)}`);
  if (format) u.searchParams.set('format', format);
  if (f.append) u.searchParams.set('append', 'true');
  if (f.strict) u.searchParams.set('strict', 'true');
  u.searchParams.set('filename', basename(file));
  let res: Response;
  try {
    res = await fetch(u, {
      method: 'POST',
      headers: authHeaders(),
      body: createReadStream(file) as unknown as ReadableStream,
      // Node's fetch streams a body only in half-duplex mode.
      duplex: 'half',
    } as RequestInit);
  } catch (e) {
    throw new AppError(ErrorCode.DATABASE_UNAVAILABLE, `cannot reach the server at ${base}: ${(e as Error & { cause?: Error }).cause?.message ?? (e as Error).message}`);
  }
  const text = await res.text();
  let body: Report & { error?: { code: string; message: string } };
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError(ErrorCode.INTERNAL_SERVER_ERROR, `the server at ${base} answered ${res.status}: ${text.slice(0, 200)}`);
  }
  if (!res.ok) throw new AppError((body.error?.code as ErrorCode) ?? ErrorCode.INTERNAL_SERVER_ERROR, body.error?.message ?? `server answered ${res.status}`);
  return body;
}
