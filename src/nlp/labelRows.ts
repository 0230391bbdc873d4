// "which countries had a fertility rate above 6", "in which years did X exceed N": the labels of
// the rows that pass a comparison, listed.
import { isModelIntent } from './intents/index.js';
import type { Shaping } from './intentShape.js';
import { whichLabels } from './periods.js';

/** Turns the query into a list of the labels of the rows (or periods) that pass the comparisons, when the question asks which. */
export function applyWhichLabels(s: Shaping): void {
  const { a, ds, q, time, tc, yc } = s;
  const plain = !a.rank && !a.countCue && !a.aggCues.length && !isModelIntent(s.intent);
  const labels = a.conditions.length && plain ? whichLabels(a, tc, yc) : undefined;
  if (!labels) {
    if (plain) listPatternRows(s);
    return;
  }
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
    // Or one row per label and year, with one year asked ("which countries had a rate above 7 in 2000").
    const labelCount = label?.stats?.distinctCount ?? 0;
    const years = yc?.stats?.distinctCount ?? 0;
    const oneYear = !!yc && !!a.time.range?.from && !!a.time.range.to && Number(a.time.range.to.slice(0, 4)) - Number(a.time.range.from.slice(0, 4)) === 1 && labelCount * years >= ds.rowCount;
    const perRow = !!label && (label.role === 'identifier' || labelCount >= ds.rowCount || oneYear);
    const compared = perRow ? a.conditions.map((c) => c.column!.name).filter((c, i, all) => c !== labels.column && all.indexOf(c) === i) : [];
    q.dimensions = [labels.column!, ...compared];
    q.orderBy = [{ field: labels.column!, direction: 'asc' }];
  }
}

/**
 * "murder rate for the states whose name starts with North": a pattern on the name of each row asks
 * for those rows, each with the figures named, not one figure over them.
 */
function listPatternRows(s: Shaping): void {
  const { a, ds, q } = s;
  const label = a.patterns.map((p) => p.column).find((c) => c.role === 'identifier' || (c.stats?.distinctCount ?? 0) >= ds.rowCount);
  if (!label) return;
  s.intent = 'list';
  // Each row's own figure: nothing was aggregated.
  for (let i = s.notes.length - 1; i >= 0; i--) if (/, as no aggregation was named$/.test(s.notes[i]!)) s.notes.splice(i, 1);
  const named = a.measures.map((m) => m.column.name).filter((c, i, all) => c !== label.name && all.indexOf(c) === i);
  q.measures = [];
  q.limit = null;
  // "list all the owls": their names, at least, and the table's one figure when none is named
  // ("the ones with America in the name" beside their areas).
  const figures = ds.columns.filter((c) => c.role === 'measure' && c.name !== label.name);
  q.dimensions = [label.name, ...(named.length || figures.length !== 1 ? named : [figures[0]!.name])];
  q.orderBy = [{ field: label.name, direction: 'asc' }];
  // "which hedgehog has the bigger brain": the one name with the larger figure.
  const pick = comparedAt(a);
  if (pick && named.includes(pick.column)) {
    q.orderBy = [{ field: pick.column, direction: pick.high ? 'desc' : 'asc' }, { field: label.name, direction: 'asc' }];
    q.limit = 1;
    s.notes.push(`read '${pick.word}' as the one with the ${pick.high ? 'highest' : 'lowest'} ${pick.column}`);
  }
}

const LOW_COMPARATIVE = /^(smaller|lower|less|fewer|lighter|shorter|cheaper|younger|slower|weaker|thinner|narrower|smallest|lowest|least|fewest|lightest|shortest|cheapest|youngest|slowest)$/;
const HIGH_COMPARATIVE = /^(bigger|larger|higher|more|greater|heavier|longer|older|faster|stronger|thicker|wider|biggest|largest|highest|most|greatest|heaviest|longest|oldest|fastest)$/;

/** "Which … the bigger brain": a question after which/what whose comparative stands right before a measure said. */
function comparedAt(a: Shaping['a']): { column: string; high: boolean; word: string } | undefined {
  if (!/^(which|what)$/.test(a.tokens[0]?.key ?? '')) return undefined;
  for (const m of a.measures) {
    const before = a.tokens[m.link.start - 1];
    if (!before) continue;
    if (HIGH_COMPARATIVE.test(before.key) || LOW_COMPARATIVE.test(before.key)) return { column: m.column.name, high: HIGH_COMPARATIVE.test(before.key), word: before.norm };
  }
  return undefined;
}
