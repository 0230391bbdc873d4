// "which countries had a fertility rate above 6", "in which years did X exceed N": the labels of
// the rows that pass a comparison, listed.
import { isModelIntent } from './intents/index.js';
import type { Shaping } from './intentShape.js';
import { whichLabels } from './periods.js';

/** Turns the query into a list of the labels of the rows (or periods) that pass the comparisons, when the question asks which. */
export function applyWhichLabels(s: Shaping): void {
  const { a, ds, q, time, tc, yc } = s;
  const labels = a.conditions.length && !a.rank && !a.countCue && !a.aggCues.length && !isModelIntent(s.intent) ? whichLabels(a, tc, yc) : undefined;
  if (!labels) return;
  // "which countries had a fertility rate above 6", "in which years did X exceed N": the labels of the rows that pass.
  s.intent = 'list';
  q.measures = [];
  q.limit = null;
  if (labels.grain) {
    q.dimensions = [];
    time.grain = labels.grain;
    q.orderBy = [{ field: labels.grain, direction: 'asc' }];
  } else {
    // One row per label: the figures compared are shown beside it ("states with income under 33,000" → state, income).
    const label = ds.columns.find((c) => c.name === labels.column);
    const perRow = !!label && (label.role === 'identifier' || (label.stats?.distinctCount ?? 0) >= ds.rowCount);
    const compared = perRow ? a.conditions.map((c) => c.column!.name).filter((c, i, all) => c !== labels.column && all.indexOf(c) === i) : [];
    q.dimensions = [labels.column!, ...compared];
    q.orderBy = [{ field: labels.column!, direction: 'asc' }];
  }
}
