import { emptyTally, inject, row, run, seedOf, seriesSpec, tallyLabelled, warmupOf, type EvalRow } from './evaluate.js';
import { realShort, syntheticShort, type ShortSeries } from './shortSeries.js';

/** Injected kinds of the short-series table (variance changes need more room than 60 points give). */
const KINDS = ['spike', 'level shift', 'burst'] as const;

/**
 * SERIES_ANOMALY on short streams (bench/realtime/shortSeries.ts): each stream once clean and
 * once per injected kind, at the default threshold and the default warmup of a new stream
 * (15%, at least 30 points). Real slices get anomalies sized as in the main table (6–9 scales of
 * their first differences); synthetic ones 5–7 of their known noise sigma. Seeds are offset from
 * the main evaluation's.
 */
export function evaluateShortSeries(threshold = 4.5): EvalRow[] {
  const out: EvalRow[] = [];
  for (const [group, series] of [['real slices', realShort()], ['synthetic', syntheticShort()]] as [string, ShortSeries[]][]) {
    const clean = emptyTally();
    const cleanAt = series.map((s) => {
      const at = run(seriesSpec(s.values.length, threshold), s.values).map((f) => f.eventIndex);
      clean.cleanAlerts += at.length;
      clean.cleanPoints += s.values.length - warmupOf(s.values.length);
      return new Set(at);
    });
    for (const kind of KINDS) {
      const t = emptyTally();
      for (const [i, s] of series.entries()) {
        // Synthetic streams: 5–7 of their noise sigmas (a 6σ class of anomaly); real ones as in the main table.
        const inj = inject(s, kind, seedOf(5000 + i, kind), s.noise ? { scale: s.noise, size: [5, 7] } : {});
        tallyLabelled(t, inj.labels, run(seriesSpec(s.values.length, threshold), inj.values).map((f) => f.eventIndex), cleanAt[i]);
      }
      out.push(row(`SERIES_ANOMALY, ${group} (${series.length}, ${series.reduce((a, s) => a + s.values.length, 0)} pts)`, kind, t, clean, true));
    }
  }
  return out;
}
