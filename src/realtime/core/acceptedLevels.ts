import { median } from '../../models/math/stats.js';

/**
 * Levels a segment accepted live (three points out in a row on one side: see seriesAnomaly's
 * SHIFT_RUN), kept so that a refit sees them. A refit fits the recent history afresh: a model that
 * barely follows its data (plain noise around a level) fitted on a history that is mostly the old
 * level ends at the old level, its held-out errors all the shift, so its band widens to swallow the
 * new level — a shift the live detector had taken in its stride blinded it after the next refit. The
 * history is fitted as if each accepted level had always held: values before a shift are moved by it.
 */

/** Where an accepted level began (the segment's point count at its first point), where it stood, and how far it moved. */
export interface AcceptedLevel {
  at: number;
  target: number;
  delta: number;
}

/** Keeps a new level (mutates `levels`), dropping those older than `keep` points before `now`. */
export function recordLevel(levels: AcceptedLevel[], level: AcceptedLevel, now: number, keep: number): void {
  levels.push(level);
  while (levels.length && now - levels[0]!.at >= keep) levels.shift();
}

/**
 * `values` (the last of them the point counted `lastAt`) as if every accepted level that held had
 * always held: each value before such a level's first point moved by its delta. A level held when
 * the median of its values (up to the next level) stayed within half its move of where it was
 * accepted; a burst taken for a level and then gone is left alone (moving the history by it put the
 * refitted model at the burst's height, and every ordinary value after it alerted).
 */
export function levelAdjusted(values: readonly number[], lastAt: number, levels: readonly AcceptedLevel[] | undefined): number[] {
  if (!levels?.length) return values.slice();
  const firstAt = lastAt - values.length + 1;
  const held = levels.filter((l, k) => {
    const from = Math.max(0, l.at - firstAt);
    const to = k + 1 < levels.length ? Math.max(from, levels[k + 1]!.at - firstAt) : values.length;
    const since = values.slice(from, to);
    return since.length > 0 && Math.abs(median(since) - l.target) <= Math.abs(l.delta) / 2;
  });
  return values.map((v, i) => {
    let shift = 0;
    for (const l of held) if (l.at > firstAt + i) shift += l.delta;
    return v + shift;
  });
}
