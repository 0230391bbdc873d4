import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyseMany } from '../../../src/models/batch.js';
import type { SeriesInput } from '../../../src/models/analyseSeries.js';
import { mulberry32, normalSource } from '../../../src/models/math/prng.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function makeSeries(count: number, n = 120): SeriesInput[] {
  const z = normalSource(mulberry32(9));
  return Array.from({ length: count }, (_, k) => {
    const values: (number | null)[] = Array.from({ length: n }, (_, i) => 50 + (k % 3) * 0.1 * i + 5 * Math.sin((2 * Math.PI * i) / 12) + z());
    if (k % 10 === 0) values[60] = (values[60] as number) + 30;
    return { id: `s${k}`, series: { start: '2000-01-01', grain: 'month', values } };
  });
}

describe('analyseMany', () => {
  it('worker threads (from sources via tsx) give the same answers as in-thread', async () => {
    const items = makeSeries(60);
    const w = await analyseMany(items, { workers: 2, chunkSize: 10 });
    const t = await analyseMany(items, { workers: 0 });
    expect(w.mode).toBe('workers');
    expect(t.mode).toBe('in-thread');
    expect(w.results).toEqual(t.results);
    // Both threads worked: 6 chunks of 10, each worker answered at least one.
    expect(w.chunksPerWorker).toHaveLength(2);
    expect(w.chunksPerWorker!.reduce((a, b) => a + b, 0)).toBe(6);
    expect(Math.min(...w.chunksPerWorker!)).toBeGreaterThanOrEqual(1);
    const first = w.results[0]!;
    expect(first.seasonality).toMatchObject({ period: 12 });
    expect((first.anomalies as { index: number }[]).map((a) => a.index)).toContain(60);
    expect(w.results[1]!.trend).toMatchObject({ direction: 'rising' });
  });
  it('one bad series fails alone, with its reason', async () => {
    const items = [...makeSeries(2), { id: 'short', series: { start: '2000-01-01', grain: 'month' as const, values: [1, 2] } }];
    const r = await analyseMany(items, { workers: 0 });
    expect(r.results[2]!.seasonality).toMatchObject({ code: 'NOT_ENOUGH_DATA' });
    expect(r.results[2]!.trend).toMatchObject({ error: 'not enough data to analyse the trend: 2 points, need 4' });
    expect(r.results[0]!.seasonality).toMatchObject({ period: 12 });
  });
  it('compiled to JavaScript, the pool finds worker.js next to batch.js', () => {
    const out = mkdtempSync(join(tmpdir(), 'models-dist-'));
    try {
      execFileSync(
        process.execPath,
        [join(root, 'node_modules/typescript/bin/tsc'), '--outDir', out, '--rootDir', join(root, 'src'), '--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--target', 'ES2022', '--strict', '--skipLibCheck', '--types', 'node', join(root, 'src/models/batch.ts')],
        { cwd: root, stdio: 'pipe' },
      );
      writeFileSync(join(out, 'package.json'), '{"type":"module"}');
      const script = `import { analyseMany } from ${JSON.stringify(join(out, 'models/batch.js'))};
const items = Array.from({ length: 40 }, (_, k) => ({ id: 's' + k, series: { start: '2000-01-01', grain: 'month', values: Array.from({ length: 60 }, (_, i) => 10 + Math.sin(i * Math.PI / 6) + ((i * 37 + k) % 7) / 10) } }));
const r = await analyseMany(items, { workers: 2, chunkSize: 10 });
console.log(JSON.stringify({ mode: r.mode, n: r.results.length, period: r.results[0].seasonality.period, notes: r.notes }));`;
      writeFileSync(join(out, 'run.js'), script);
      const res = JSON.parse(execFileSync(process.execPath, [join(out, 'run.js')], { cwd: out, encoding: 'utf8' }));
      expect(res).toEqual({ mode: "workers", n: 40, period: 12, notes: [] });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
