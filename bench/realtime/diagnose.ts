import { evaluationSeries, inject, run, seedOf, SERIES_KINDS, seriesSpec, zSpec } from './evaluate.js';

/** Per-series breakdown of the injected evaluation, to see where a detector misses or over-alerts: npx tsx bench/realtime/diagnose.ts [SERIES_ANOMALY|ROW_ZSCORE] */
const which = process.argv[2] ?? 'SERIES_ANOMALY';
const series = evaluationSeries();
const make = (n: number) => (which === 'SERIES_ANOMALY' ? seriesSpec(n, 4.5) : zSpec(5));
const rows: string[] = [];
for (const [i, s] of series.entries()) {
  const n = s.values.length;
  const clean = run(make(n), s.values).map((f) => f.eventIndex);
  const cells = [s.name.padEnd(36), String(n).padStart(5), `clean ${clean.length}`.padEnd(9)];
  for (const kind of SERIES_KINDS) {
    const inj = inject(s, kind, seedOf(i, kind));
    const alerts = run(make(n), inj.values).map((f) => f.eventIndex);
    const found = inj.labels.filter((l) => alerts.some((a) => a >= l.at && a <= l.at + l.window)).length;
    const tp = alerts.filter((a) => inj.labels.some((l) => a >= l.at && a <= l.at + l.window)).length;
    cells.push(`${kind.slice(0, 5)} ${found}/${inj.labels.length} fp ${alerts.length - tp}`.padEnd(18));
  }
  cells.push(`clean@ ${clean.slice(0, 8).join(',')}`);
  rows.push(cells.join(' '));
}
console.log(rows.join('\n'));
