// "Which state has the most zip codes?" — TX — "how many does it have?": the one thing a ranking of
// one answered is what a follow-up's "it" names. The answer's winner is kept with the stored plan
// (askService) and turned into a filter here. Pure.
import type { Filter, InsightQuery } from '../insights/insightQuery.js';
import type { Analysis } from './analyze.js';
import type { FollowUpDraft } from './followUpEdits.js';
import type { Picked } from './plan.js';
import { namesRows } from './options.js';
import { LIST_LIMIT } from './plan.js';

/** The value a ranking of one dimension picked, when the query was one and it answered a row. */
export function pickedOf(q: InsightQuery, rows: readonly Record<string, unknown>[]): Picked | undefined {
  if (q.limit !== 1 || q.dimensions.length !== 1 || !q.orderBy.length || rows.length !== 1) return undefined;
  const column = q.dimensions[0]!;
  const value = rows[0]![column];
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? { column, value } : undefined;
}

/** Words that point back at the thing just answered. */
const POINTING = /^(it|its|they|them|their|there|that|this|those|these)$/;

/** A pointing word that is no part of a time phrase ("this year" names a year, not the answer). */
function pointsBack(a: Analysis): boolean {
  return a.tokens.some((t) => POINTING.test(t.key) && !a.time.consumed.has(t.index));
}

/**
 * A follow-up that points back ("how many does it have?", "what is its average price?") and names
 * no other value of the picked column: the picked thing alone, no longer ranked.
 */
export function referToPicked(d: FollowUpDraft, a: Analysis, picked: Picked | undefined): void {
  if (!picked || !pointsBack(a) || a.rank) return;
  // "that year" points at the year picked; "by year" or "in 1990" names another.
  const pointedAt = (m: { link: { start: number } }) => POINTING.test(a.tokens[m.link.start - 1]?.key ?? '');
  if (a.values.some((v) => v.column === picked.column) || a.dimensions.some((m) => m.column.name === picked.column && !pointedAt(m))) return;
  if (a.time.range || a.time.grain) return;
  const { q } = d;
  const only: Filter = { column: picked.column, op: 'eq', value: picked.value };
  q.filter = q.filter ? { and: [q.filter, only] } : only;
  q.dimensions = q.dimensions.filter((x) => x !== picked.column);
  q.orderBy = [];
  q.limit = null;
  if (d.intent === 'top_n' || d.intent === 'bottom_n') d.intent = q.dimensions.length ? 'breakdown' : 'aggregate';
  d.notes.push(`'it' is ${picked.value}, the ${picked.column} the last answer picked`);
  d.changed = true;
}

/**
 * "what type is it" after an answer about one named row ("and Deneb?", or the one a ranking
 * picked): that row's value in the column asked, not the figure again.
 */
export function attributeOfIt(d: FollowUpDraft, a: Analysis, picked: Picked | undefined): void {
  const first = a.tokens.find((t) => t.kind === 'word')?.key ?? '';
  if (!/^(what|whats|which)$/.test(first) || !pointsBack(a) || a.measures.length || a.rank || a.countCue || a.time.range) return;
  const { q } = d;
  const ds = a.vocab.dataset;
  // Only a row named as itself: a column that names rows ("star = Deneb"), not a region many rows share.
  const names = (column: string) => namesRows(ds.columns.find((c) => c.name === column), ds, 0.5);
  const row = pinnedRow(q.filter, picked);
  if (row && row !== picked?.column && !names(row)) return;
  const asked = a.dimensions.filter((m) => !m.grouping && m.column.name !== row && m.column.type !== 'boolean').map((m) => m.column.name);
  if (!row || !asked.length) return;
  q.measures = [];
  q.dimensions = [...new Set([row, ...asked])];
  q.orderBy = [];
  q.limit = LIST_LIMIT;
  d.intent = 'list';
  d.notes.push(`'it' is the ${row} of the last answer`);
  d.changed = true;
}

/** The column a filter pins to one value ("star = Deneb"), or the one a ranking picked. */
function pinnedRow(f: Filter | null | undefined, picked: Picked | undefined): string | undefined {
  if (picked && f && 'column' in f && f.column === picked.column && f.op === 'eq') return picked.column;
  if (f && 'column' in f && f.op === 'eq') return f.column;
  if (f && 'and' in f) return f.and.map((x) => ('column' in x && x.op === 'eq' ? x.column : undefined)).find((c) => c !== undefined);
  return picked?.column;
}