// A single difference figure: "how much more X in A than in B", "the difference in X between A
// and B", "how much did X grow between 1990 and 2000". When the two sides are clearly two periods
// (of the time axis or an integer year column) or two values of one column, the query becomes a
// contrast: one row with X for each side, the difference and the change in percent. The sign comes
// from the wording: A − B for "more in A than in B" and for "the difference between" two values;
// later − earlier for a change (grow, fall, change between/from … to) and for the difference
// between two periods. A fall is a negative change, as the tuning questions' truth SQL computes it.
import { howManyAt } from './analyzeWords.js';
import type { CatalogColumn } from '../shared/catalog.js';
import type { Contrast, ContrastSide, InsightQuery } from '../insights/insightQuery.js';
import type { Analysis, ValueMention } from './analyze.js';
import { addUnits, iso, parseDay } from './calendar.js';
import { MONTH_NUMBER } from './monthNames.js';
import type { DateRange, TimeParse } from './timePhrases.js';
import type { Token } from './tokenize.js';
import { degreeOf } from './wordnet/lemmas.js';

export interface DifferenceCue {
  /** "more … than": A − B; "difference between": as said (values) or later − earlier (periods); a change: later − earlier. */
  form: 'than' | 'between' | 'change';
  /** Index of "than": the side after it is subtracted. */
  than?: number;
  /** "how much less … than": the shortfall, B − A. */
  less?: boolean;
  /** The cue words claimed; released when no contrast is built, so the coverage check names them. */
  words: number[];
}

const COMPARATIVE = /^(more|less|fewer|higher|lower|bigger|larger|smaller|greater|longer|shorter|heavier|lighter|warmer|colder|cooler|hotter|wetter|drier|older|younger|richer|poorer|faster|slower|cheaper|dearer|costlier)$/;
const CHANGE_WORD = /^(grow|grew|grown|growth|increase|increased|rise|rose|risen|fall|fell|fallen|drop|dropped|decline|declined|decrease|decreased|change|changed|gain|gained|lose|lost|climb|climbed|jump|jumped|shrink|shrank|shrunk)$/;
const GAP_WORD = /^(difference|gap)$/;

/**
 * The wording of a difference, read once linking is done; its cue words join `used` so they are
 * neither unknown nor ignored. Undefined (and nothing claimed) when the wording is not one.
 */
export function readDifferenceCue(tokens: readonly Token[], used: Set<number>, time: TimeParse, values: readonly ValueMention[]): DifferenceCue | undefined {
  // Without two sides in sight (two periods, the ends of a span, two values of a column) the words stay unread.
  const valueColumns = new Set(values.map((v) => v.column));
  const twoValues = valueColumns.size === 1 && new Set(values.map((v) => v.value)).size === 2;
  if (!time.otherRange && !time.phrases.some((p) => /^(between|from)\b/.test(p)) && !twoValues) return undefined;
  const consumed = time.consumed;
  const k = (i: number) => tokens[i]?.key ?? '';
  const free = (i: number) => !used.has(i) && !consumed.has(i);
  const words = tokens.map((t) => t.key).join(' ');
  const claim = (idx: number[], cue: Omit<DifferenceCue, 'words'>): DifferenceCue => {
    const words = idx.filter((i) => !used.has(i));
    for (const i of words) used.add(i);
    return { ...cue, words };
  };
  // "how much more …", "how many fewer …", "how much warmer …" … "than"
  const how = tokens.findIndex((t, i) => t.key === 'how' && /^(much|many)$/.test(k(i + 1)) && (COMPARATIVE.test(k(i + 2)) || degreeOf(k(i + 2)) === 'comparative'));
  const than = tokens.findIndex((t, i) => t.key === 'than' && i > how + 2 && free(i));
  if (how >= 0 && than >= 0) return claim([how + 2, than], { form: 'than', than, ...(LESS.test(k(how + 2)) ? { less: true } : {}) });
  // "the difference in X between A and B", "the gap between A and B"
  const gap = tokens.findIndex((t, i) => GAP_WORD.test(t.key) && free(i));
  if (gap >= 0 && /\b(between|and|vs|versus|from)\b/.test(words)) return claim([gap, ...tokens.filter((t) => t.key === 'between' && free(t.index)).map((t) => t.index)], { form: 'between' });
  // "how much did X grow between …", "by what percentage did X rise from … to …", "the percent change in X from … to …"
  const change = tokens.findIndex((t, i) => CHANGE_WORD.test(t.key) && free(i));
  const frame = /\bhow (much|many)\b|\bby what\b|\b(percent|percentage)\b|\bwhat (was|is|were) the (change|growth|increase|decrease|rise|fall|drop|decline|gain)\b/.test(words);
  if (change < 0 || !frame) return undefined;
  // "how much rain fell between March and June" is an amount that fell, not a change: with only "how much"
  // to frame it, the verb must be asked about ("how much did X fall", "how much has X grown").
  const onlyHow = !/\bby what\b|\b(percent|percentage)\b|\bwhat (was|is|were) the\b/.test(words);
  if (onlyHow && !tokens.slice(0, change).some((t) => /^(did|does|do|has|have|had)$/.test(t.key))) return undefined;
  const extra = tokens.filter((t) => /^(percent|percentage|by)$/.test(t.key) && free(t.index)).map((t) => t.index);
  // "how many points did the index gain": the figure's unit, said after "how many".
  const many = howManyAt(tokens);
  const unit = many >= 0 && tokens[many + 2]?.kind === 'word' && free(many + 2) && k(many + 3) === 'did' ? [many + 2] : [];
  return claim([change, ...extra, ...unit], { form: 'change' });
}

type Side = { side: ContrastSide; at: number; start: number };

/** The position where a range is named: the first time word or year number of the question inside it. */
function namedAt(tokens: readonly Token[], consumed: ReadonlySet<number>, r: DateRange): number {
  const from = parseDay(r.from ?? '');
  for (const t of tokens) {
    if (!consumed.has(t.index) || !from) continue;
    if (t.kind === 'number' && t.value === from.y && !t.formatted) return t.index;
    if (t.kind === 'word' && MONTH_NUMBER[t.key] === from.m) return t.index;
  }
  return -1;
}

function rangeLabel(r: { from: string; to: string }): string {
  const a = parseDay(r.from)!;
  const b = parseDay(r.to)!;
  if (a.m === 1 && a.d === 1 && b.m === 1 && b.d === 1 && b.y === a.y + 1) return String(a.y);
  const name = Object.keys(MONTH_NUMBER).find((n) => MONTH_NUMBER[n] === a.m && n.length > 3) ?? String(a.m);
  if (a.d === 1 && b.d === 1 && (b.y * 12 + b.m) - (a.y * 12 + a.m) === 1) return `${name.charAt(0).toUpperCase()}${name.slice(1)} ${a.y}`;
  return `${r.from} to ${iso(addUnits(b, -1, 'day'))}`;
}

/** The first and last unit of a range said as "between A and B" / "from A to B" (years, or months when a month is named). */
function endpoints(a: Analysis, r: DateRange): [DateRange, DateRange] | undefined {
  const phrase = a.time.phrases.find((p) => /^(between|from)\b/.test(p));
  const from = parseDay(r.from ?? '');
  const to = parseDay(r.to ?? '');
  if (!phrase || !from || !to) return undefined;
  const unit = phrase.split(/\s+/).some((w) => MONTH_NUMBER[w] !== undefined) ? 'month' : 'year';
  const first = { from: iso(from), to: iso(addUnits(from, 1, unit)) };
  const last = { from: iso(addUnits(to, -1, unit)), to: iso(to) };
  return Date.parse(first.to) <= Date.parse(last.from) ? [first, last] : undefined;
}

/** The two periods, each with where it is named: two ranges said, or the two ends of one. */
function periodSides(a: Analysis, yc: CatalogColumn | undefined): { column?: string; sides: [Side, Side] } | undefined {
  const { range, otherRange } = a.time;
  if (!range?.from || !range.to) return undefined;
  const pair: [DateRange, DateRange] | undefined = otherRange?.from && otherRange.to ? [otherRange, range] : endpoints(a, range);
  if (!pair) return undefined;
  const label = (r: DateRange) => rangeLabel({ from: r.from!, to: r.to! });
  // A year column holds whole years only.
  if (yc && pair.some((r) => label(r) !== r.from!.slice(0, 4))) return undefined;
  const side = (r: DateRange): Side => ({
    side: yc ? { value: Number(r.from!.slice(0, 4)), label: label(r) } : { range: { from: r.from!, to: r.to! }, label: label(r) },
    at: namedAt(a.tokens, a.time.consumed, r),
    start: Date.parse(r.from!),
  });
  const sides = pair.map(side) as [Side, Side];
  return { ...(yc ? { column: yc.name } : {}), sides };
}

/** Two values of one column, in the order said. */
function valueSides(a: Analysis): { column: string; sides: [Side, Side] } | undefined {
  const cols = [...new Set(a.values.filter((v) => !v.negated).map((v) => v.column))];
  if (cols.length !== 1 || a.values.some((v) => v.negated)) return undefined;
  const vs = a.values.filter((v) => v.column === cols[0]);
  const distinct = [...new Map(vs.map((v) => [v.value, v])).values()];
  if (distinct.length !== 2) return undefined;
  const [x, y] = distinct.sort((p, q) => p.link.start - q.link.start) as [(typeof vs)[number], (typeof vs)[number]];
  return { column: cols[0]!, sides: [x, y].map((v) => ({ side: { value: v.value, label: v.value }, at: v.link.start, start: 0 })) as [Side, Side] };
}

const LESS = /^(less|fewer|lower|smaller|shorter|lighter|colder|cooler|younger|poorer|slower|cheaper)$/;

export interface DifferenceReading {
  contrast: Contrast;
  note: string;
}

/**
 * The contrast a difference asks for, when the analysis read its wording and names two clear
 * sides (two periods, or two values of one column); undefined otherwise.
 */
export function differenceOf(a: Analysis, tc: CatalogColumn | undefined, yc: CatalogColumn | undefined): DifferenceReading | undefined {
  const cue = a.difference;
  if (!cue) return undefined;
  const periods = tc || yc ? periodSides(a, tc ? undefined : yc) : undefined;
  const values = periods ? undefined : valueSides(a);
  // A change is over time: two values of a column have no "from" and "to".
  if (!periods && (!values || cue.form === 'change')) return undefined;
  const found = (periods ?? values)!;
  const column = found.column ?? tc?.name;
  if (!column) return undefined;
  const [first, second] = [...found.sides].sort((p, r) => (periods ? p.start - r.start : p.at - r.at)) as [Side, Side];
  let pair: [Side, Side];
  if (cue.form === 'than') {
    // "more in A than in B": A − B; "less in A than in B": how far A falls short, B − A.
    const after = found.sides.filter((s) => s.at > cue.than!);
    const before = found.sides.filter((s) => s.at >= 0 && s.at < cue.than!);
    if (after.length !== 1 || before.length !== 1) return undefined;
    pair = cue.less ? [after[0]!, before[0]!] : [before[0]!, after[0]!];
  } else if (periods) pair = [second, first];
  else pair = [first, second];
  const [x, y] = pair;
  return { contrast: { column, a: x.side, b: y.side }, note: `read as a difference: ${x.side.label} − ${y.side.label}, with both figures and the change in percent` };
}

/** Makes the built query that contrast: one row (per group named after "by"), the sides in place of a split or a span. */
export function applyDifference(a: Analysis, q: InsightQuery, d: DifferenceReading): boolean {
  if (!q.measures.length) return false;
  // The filters that kept the two sides stay: they restrict the rows read to the sides, nothing more.
  delete q.compare;
  if (q.time) {
    delete q.time.grain;
    // A comparison's default period (the latest one) is no side of this difference.
    if (!a.time.range) delete q.time.range;
    if (!q.time.range && !q.time.parts?.length && !q.time.by && !q.time.column) delete q.time;
  }
  const grouping = new Set(a.dimensions.filter((m) => m.grouping).map((m) => m.column.name));
  q.dimensions = q.dimensions.filter((c) => c !== d.contrast.column && grouping.has(c));
  q.orderBy = [];
  q.limit = null;
  q.contrast = d.contrast;
  return true;
}
