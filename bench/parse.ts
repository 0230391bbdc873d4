/**
 * Throughput of the ingest core on generated data: parse → infer (first 1,000 rows) → convert →
 * COPY-escape, against csv-parse alone on the same file as the reference. Not a test: prints a table.
 *   npx tsx bench/parse.ts [rows=1000000]
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { parse } from 'csv-parse';
import { copyEscape } from '../src/ingest/copyText.js';
import { inferColumn, makeConverter } from '../src/ingest/inferTypes.js';
import { openSource } from '../src/ingest/parse.js';
import type { RecordOrBad } from '../src/ingest/types.js';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const CATS = ['rain', 'sun', 'fog', 'drizzle', 'snow "heavy"'];

async function writeFile(path: string, kind: 'csv' | 'ndjson'): Promise<void> {
  const out = createWriteStream(path);
  if (kind === 'csv') out.write('id,day,amount,ratio,flag,label,note\n');
  const day0 = Date.UTC(2000, 0, 1);
  let buf = '';
  for (let i = 0; i < ROWS; i++) {
    const day = new Date(day0 + (i % 9000) * 86_400_000).toISOString().slice(0, 10);
    const row = [i, day, (i * 37) % 100_000, ((i % 1000) / 7).toFixed(3), i % 3 === 0 ? 'true' : 'false', CATS[i % 5]!, i % 10 === 0 ? '' : `note, ${i}`];
    if (kind === 'csv') buf += `${row.slice(0, 5).join(',')},"${String(row[5]).replace(/"/g, '""')}","${row[6]}"\n`;
    else buf += `${JSON.stringify({ id: row[0], day, amount: row[2], ratio: Number(row[3]), flag: row[4] === 'true', label: row[5], note: row[6] || null })}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

async function timeIt(fn: () => Promise<number>): Promise<{ rows: number; s: number }> {
  const t = performance.now();
  const rows = await fn();
  return { rows, s: (performance.now() - t) / 1000 };
}

async function referenceCsvParse(path: string): Promise<number> {
  let n = 0;
  for await (const _r of createReadStream(path).pipe(parse({ from_line: 2 }))) n++;
  return n;
}

async function parseOnly(path: string): Promise<number> {
  const src = await openSource({ stream: createReadStream(path), fileName: path });
  let n = 0;
  for await (const r of src.records) if (r.ok) n++;
  return n;
}

async function parseConvert(path: string, readRaw = false): Promise<number> {
  const src = await openSource({ stream: createReadStream(path), fileName: path });
  const it = src.records[Symbol.asyncIterator]();
  const sample: RecordOrBad[] = [];
  while (sample.length < 1000) {
    const n = await it.next();
    if (n.done) break;
    sample.push(n.value);
  }
  const good = sample.flatMap((r) => (r.ok ? [r.record.values] : []));
  const convs = src.labels.map((_, i) => {
    const inf = inferColumn(good.map((v) => v[i]));
    return makeConverter(inf.type, inf);
  });
  let loaded = 0;
  let bytes = 0;
  let rawChars = 0;
  const handle = (r: RecordOrBad) => {
    if (!r.ok) return;
    // The loader destructures `raw` for every row (for rejections); measure that cost too.
    if (readRaw) rawChars += r.record.raw.length;
    const out: string[] = [];
    for (let i = 0; i < convs.length; i++) {
      const c = convs[i]!(r.record.values[i]);
      if (!c.ok) return;
      out.push(copyEscape(c.value));
    }
    bytes += out.join('\t').length + 1;
    loaded++;
  };
  for (const r of sample) handle(r);
  for (;;) {
    const n = await it.next();
    if (n.done) break;
    handle(n.value);
  }
  return loaded;
}

const dir = await mkdtemp(join(tmpdir(), 'insightql-bench-'));
try {
  const csv = join(dir, 'gen.csv');
  const ndjson = join(dir, 'gen.ndjson');
  await writeFile(csv, 'csv');
  await writeFile(ndjson, 'ndjson');
  const mb = async (p: string) => ((await stat(p)).size / 1024 / 1024).toFixed(0);
  console.log(`${ROWS.toLocaleString('en')} generated rows, 7 columns; csv ${await mb(csv)} MB, ndjson ${await mb(ndjson)} MB; node ${process.version}`);
  const cases: [string, () => Promise<number>][] = [
    ['csv: csv-parse alone (reference)', () => referenceCsvParse(csv)],
    ['csv: openSource (parse + align)', () => parseOnly(csv)],
    ['csv: parse + infer + convert + escape', () => parseConvert(csv)],
    ['csv: … + raw text read per row', () => parseConvert(csv, true)],
    ['ndjson: openSource (parse + align)', () => parseOnly(ndjson)],
    ['ndjson: parse + infer + convert + escape', () => parseConvert(ndjson)],
  ];
  console.log(`${'stage'.padEnd(42)} ${'rows'.padStart(10)} ${'seconds'.padStart(8)} ${'rows/s'.padStart(10)} ${'heap MB'.padStart(8)}`);
  for (const [name, fn] of cases) {
    const r = await timeIt(fn);
    const heap = Math.round(process.memoryUsage().heapUsed / 1024 / 1024);
    console.log(`${name.padEnd(42)} ${String(r.rows).padStart(10)} ${r.s.toFixed(2).padStart(8)} ${Math.round(r.rows / r.s).toLocaleString('en').padStart(10)} ${String(heap).padStart(8)}`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
