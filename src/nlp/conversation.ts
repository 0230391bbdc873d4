import { isNumericType, primaryTimeColumn } from '../shared/catalog.js';
import { measureName, type Filter, type InsightQuery, type Measure } from '../insights/insightQuery.js';
import { analyze, type Analysis } from './analyze.js';
import { MONTH_NUMBER } from './monthNames.js';
import { booleanFlags } from './booleanFlags.js';
import { isScaleWord, lessonOfReply } from './learning.js';
import { withLearned, type LearnedSynonym, type Vocabulary } from './vocabulary.js';
import { unaccountedWords } from './coverage.js';
import { doubtsOf, type DoubtCode } from './doubts.js';
import { defaultAggregation, defaultGrain } from './defaults.js';
import { isModelIntent, type Intent, type QueryIntent } from './intents/index.js';
import { intentCues } from './intents/rules.js';
import { clarify, LIST_LIMIT, planFromAnalysis, planQuestion, type ClarifyPlan, type Plan, type PlannerContext } from './plan.js';
import { restate } from './restate.js';
import { typicalOfGroups } from './groupReadings.js';
import { rowColumns } from './topRows.js';
import { yearColumn, yearFilter, yearsOf } from './timeAxis.js';
import { tokenize } from './tokenize.js';

const FOLLOW_UP_START = /^(and|what about|how about|same for|same but|now|only|just|but|instead|then|ok|okay|also|break (that|this|it) down|split (that|this|it)|show (that|this|it|the trend|me the trend)|make (it|that)|top|bottom|by|per|for|in|excluding|except|without)\b/;
const SHORT = 6;
/** The first word of a reply that is itself a question, not the answer to one. */
const ASKS_FIRST = /^(which|what|who|whom|whose|when|where|why|how|is|are|was|were|do|does|did|can|could|show|list|give|tell)\b/i;
/** The doubts that concern a follow-up's own words (not those about the wording of a whole question). */
// Only the structural ones: the quality of a link was already weighed in the answer this follows.
const FOLLOW_UP_DOUBTS: ReadonlySet<DoubtCode> = new Set(['ignored-word', 'unused-value', 'unused-column', 'ambiguous-value', 'polarity']);

/**
 * Plans a question in the context of the previous answer: "and in 2013?", "what about
 * Microsoft?", "break that down by weather", "only rainy days", "show the trend instead", "top 3".
 * A question that stands on its own is planned afresh. Pure: no state beyond the arguments.
 */
export function followUp(ctx: PlannerContext, previous: Plan | null, question: string): Plan {
  if (previous?.kind === 'clarify' && previous.resume) return resume(ctx, previous, question);
  if (!previous || previous.kind === 'clarify') return planQuestion(ctx, question, previous?.kind === 'clarify' && previous.dataset ? { dataset: previous.dataset } : {});
  const vocab = ctx.vocabularies.find((v) => v.dataset.name === previous.query.dataset);
  if (!vocab) return planQuestion(ctx, question);
  const tq = tokenize(question);
  const flags = booleanFlags(analyze(tq.tokens, vocab, { anchor: ctx.anchor ?? 'data', now: ctx.now }));
  const a = flags.analysis;
  const words = tq.tokens.filter((t) => t.kind !== 'punct');
  // "which ones?", "who are they?", "which months were those?" after a count: the rows it counted.
  if (previous.kind === 'query' && countedRows(previous.query) && words.length <= SHORT && WHICH_ONES.test(tq.text)) return listCounted(previous, vocab.dataset);
  // A short question of its own ("how many flights on weekends") is not a fragment of the last one,
  // unless it points back at it ("how many is that?").
  const ownQuestion = /^(how|what|which|who|when|where|show|list|count)\b/.test(tq.text) && !/\b(that|those|these|them|it)\b/.test(tq.text);
  const looksFollowUp = FOLLOW_UP_START.test(tq.text) || (words.length <= SHORT && a.measures.length === 0 && !ownQuestion);
  // A question of its own stays on the conversation's dataset unless its words belong to another.
  if (!looksFollowUp) return planQuestion(ctx, question, { prefer: vocab.dataset.name });
  if (!words.length) return planQuestion(ctx, question);
  if (a.unknown.length) {
    // Words this dataset does not know may belong to another one: switch when they do.
    const elsewhere = ctx.vocabularies.length > 1 ? planQuestion(ctx, question, { prefer: vocab.dataset.name }) : undefined;
    if (elsewhere && elsewhere.kind !== 'clarify' && elsewhere.query.dataset !== vocab.dataset.name) return elsewhere;
    return planFromAnalysis(ctx, a);
  }
  // A number no slot took ("at dose 2" where 2 fits no column) is asked about, as in a question of its own.
  if (a.ambiguous.length || a.unusedNumbers.some((t) => /^\d/.test(t.norm))) return planFromAnalysis(ctx, a);

  const q: InsightQuery = structuredClone(previous.query);
  let intent: Intent = previous.intent;
  const notes = [`follow-up of: ${previous.restatement}`];
  const cues = intentCues(a).map((c) => c.intent);
  const ds = vocab.dataset;
  const tc = primaryTimeColumn(ds);
  let changed = false;

  // "average in December" then "what about January?": a month said alone replaces the month of every year.
  const monthAlone = a.time.range && q.time?.parts?.some((p) => p.part === 'month') ? oneMonthWithoutYear(a) : undefined;
  if (monthAlone !== undefined && q.time?.parts) {
    q.time = { ...q.time, parts: q.time.parts.map((p) => (p.part === 'month' ? { part: 'month', values: [monthAlone] } : p)) };
    changed = true;
  } else if (a.time.range && tc) {
    // Time: a new range replaces the old one; a grain turns the answer into a series. A month or a
    // quarter ("last month", "January 1955") replaces the month of every year too; a year or a
    // decade ("what about 1955?") keeps it: December of 1955.
    const short = !!a.time.range?.from && !!a.time.range.to && Date.parse(a.time.range.to) - Date.parse(a.time.range.from) <= 92 * 86_400_000;
    if (short && q.time?.parts?.some((p) => p.part === 'month')) {
      const parts = q.time.parts.filter((p) => p.part !== 'month');
      q.time = { ...q.time, parts };
      if (!parts.length) delete q.time.parts;
    }
    q.time = { ...(q.time ?? {}), range: { ...(a.time.range.from ? { from: a.time.range.from } : {}), ...(a.time.range.to ? { to: a.time.range.to } : {}) } };
    if (!a.time.compare && !/\b(compare|compared|vs|versus)\b/.test(tq.text)) delete q.compare;
    changed = true;
  }
  const yc = tc ? undefined : yearColumn(ds);
  const ys = yc && a.time.range ? yearsOf(a.time.range) : undefined;
  if (yc && ys) {
    // An integer year column: the new years replace the old years' filter.
    const f = yearFilter(yc, ys);
    const conds = flatten(q.filter).filter((c) => !('column' in c) || c.column !== yc.name);
    if (f) conds.push(f);
    q.filter = conds.length === 0 ? null : conds.length === 1 ? conds[0]! : { and: conds };
    changed = true;
  }
  // "and on weekends?", "now by hour of day": parts of the calendar replace the earlier ones.
  if (a.calendar && tc) {
    const t: NonNullable<InsightQuery['time']> = { ...(q.time ?? {}) };
    if (a.calendar.parts.length) t.parts = a.calendar.parts;
    if (a.calendar.by) {
      t.by = a.calendar.by;
      delete t.grain;
    }
    q.time = t;
    changed = true;
  }
  if (a.time.compare && q.time?.range) {
    q.compare = { to: a.time.compare };
    changed = true;
  }

  // Measures: a named measure replaces the previous ones; an aggregation word alone re-aggregates them.
  const aggCue = a.aggCues[0]?.agg;
  if (a.measures.length) {
    q.measures = a.measures.map((m): Measure => {
      // "what about body mass?" after an average: the same aggregation, on the new measure.
      const prev = previous.query.measures.length === 1 && previous.query.measures[0]!.column ? previous.query.measures[0]!.agg : undefined;
      const agg = m.agg ?? aggCue ?? (prev && prev !== 'count_distinct' ? prev : undefined) ?? defaultAggregation(m.column);
      return agg === 'count' ? { agg } : { column: m.column.name, agg: isNumericType(m.column.type) ? agg : 'count_distinct' };
    });
    changed = true;
  } else if (aggCue && !a.rank) {
    q.measures = q.measures.map((m) => (m.column ? { column: m.column, agg: aggCue } : m));
    changed = true;
  }
  if (q.orderBy.length && q.measures[0]) {
    q.orderBy = q.orderBy.map((o, i) => (i === 0 && /^(count|sum|avg|min|max|median|count_distinct|stddev|p\d+)_?/.test(o.field) ? { ...o, field: measureName(q.measures[0]!) } : o));
  }
  // "and the 3 coldest?" after the warmest months: the months' averages again, from the other end.
  if (a.measures.length) typicalOfGroups(a, q, q.time ?? {}, notes);

  // Yes/no columns said as words ("only the southern ones", "and the smokers") filter like values.
  if (flags.filters.length) {
    const cols = new Set(flags.filters.map((f) => ('column' in f ? f.column : '')));
    const conds = [...flatten(q.filter).filter((c) => !('column' in c) || !cols.has(c.column)), ...flags.filters];
    q.filter = conds.length === 1 ? conds[0]! : { and: conds };
    q.dimensions = q.dimensions.filter((d) => !cols.has(d));
    notes.push(...flags.notes);
    changed = true;
  }

  // Values: "what about X" swaps the value on X's column; "only X" narrows to it; "excluding X" removes it.
  if (a.values.length) {
    let conds = flatten(q.filter);
    const values = onEarlierColumns(a.values, conds);
    for (const v of values) {
      conds = conds.filter((c) => !('column' in c) || c.column !== v.column);
      const same = values.filter((x) => x.column === v.column);
      if (same[0] !== v) continue;
      if (same.length > 1) conds.push({ column: v.column, op: v.negated ? 'not_in' : 'in', values: same.map((x) => x.value) });
      else conds.push({ column: v.column, op: v.negated ? 'neq' : 'eq', value: v.value });
    }
    q.filter = conds.length === 0 ? null : conds.length === 1 ? conds[0]! : { and: conds };
    // A dimension that the new value pins down no longer splits the answer.
    if (values.every((v) => !v.negated) && values.length === 1) q.dimensions = q.dimensions.filter((d) => d !== values[0]!.column);
    changed = true;
  }
  for (const c of a.conditions) {
    if (!c.column) continue;
    const conds = flatten(q.filter).filter((f) => !('column' in f) || f.column !== c.column!.name);
    conds.push(c.op === 'between' ? { column: c.column.name, op: 'between', values: [c.value, c.upper!] } : { column: c.column.name, op: c.op, value: c.value });
    q.filter = conds.length === 1 ? conds[0]! : { and: conds };
    changed = true;
  }

  // "how many is that?": the earlier answer's rows, counted.
  if (a.countCue && !changed && !a.measures.length && !a.dimensions.length && !a.rank) {
    q.measures = [{ agg: 'count' }];
    q.dimensions = [];
    q.orderBy = [];
    q.limit = null;
    delete q.time?.grain;
    delete q.yearBucket;
    intent = 'count';
    changed = true;
  }

  // Grouping: "break that down by weather" adds a dimension.
  const grouping = a.dimensions.filter((d) => d.grouping || /\b(break|split|by|per)\b/.test(tq.text));
  if (grouping.length) {
    for (const d of grouping) if (!q.dimensions.includes(d.column.name)) q.dimensions.push(d.column.name);
    if (intent !== 'trend' && !isModelIntent(intent)) {
      intent = 'breakdown';
      q.orderBy = q.measures[0] ? [{ field: measureName(q.measures[0]), direction: 'desc' }] : [];
      q.compare = null;
    }
    changed = true;
  }

  if (cues.includes('trend') || /\btrend\b/.test(tq.text)) {
    intent = 'trend';
    if (tc) q.time = { ...(q.time ?? {}), grain: a.time.grain ?? (q.time?.grain || defaultGrain(ds, a.time.range ?? { from: q.time?.range?.from ?? undefined, to: q.time?.range?.to ?? undefined })) };
    q.orderBy = [];
    q.limit = null;
    q.compare = null;
    changed = true;
  }

  if (a.rank) {
    intent = a.rank.dir === 'top' ? 'top_n' : 'bottom_n';
    if (!q.dimensions.length && !q.time?.grain && !q.yearBucket) {
      const dim = ds.columns.find((c) => c.role === 'dimension');
      if (dim) q.dimensions = [dim.name];
    }
    const m = q.measures[0] ?? { agg: 'count' as const };
    // "and the lowest?" after "which state has the highest": the same number of rows, from the other end.
    const earlierN = q.orderBy.length && q.limit ? q.limit : undefined;
    q.measures = [m];
    q.orderBy = [{ field: measureName(m), direction: a.rank.dir === 'top' ? 'desc' : 'asc' }];
    q.limit = Math.max(1, Math.round(a.rank.n ?? earlierN ?? 5));
    q.compare = null;
    changed = true;
  }

  if (!changed) return planQuestion(ctx, question, { dataset: ds.name });
  if (!q.time?.range && !q.time?.grain && !q.time?.parts?.length && !q.time?.by) delete q.time;
  if (q.compare && !q.time?.range) delete q.compare;
  if (!q.filter) delete q.filter;
  if (!q.limit) delete q.limit;
  if (!q.compare) delete q.compare;
  const restatement = restate(q, intent, ds);
  // The follow-up's own words are held to the same coverage rule: one it did not use, or a value it
  // had to guess the column of, lowers trust in the answer as it would in a question of its own.
  const doubts = doubtsOf(a, { intent, query: q, notes: [] }, 'cue', unaccountedWords(a, intent, q)).filter((d) => FOLLOW_UP_DOUBTS.has(d.code));
  if (doubts.length) notes.push(`not sure: ${doubts.map((d) => d.why).join('; ')}`);
  const confidence = Math.max(0.05, Math.min(1, ('confidence' in previous ? previous.confidence : 0.7) * 0.95 * doubts.reduce((p, d) => p * d.factor, 1)));
  if (isModelIntent(intent)) return { kind: 'model', intent, query: q, restatement, confidence, notes, ...(previous.kind === 'model' && previous.horizon !== undefined ? { horizon: previous.horizon } : {}) };
  return { kind: 'query', intent: intent as QueryIntent, query: q, restatement, confidence, notes };
}

/**
 * The reply to a clarification resumes the question it asked about: a dataset option plans the
 * question on that dataset; an option or free text for unknown words takes their place (or joins
 * the question); "2" picks the second option. A reply that is a question of its own is planned as one.
 */
function resume(ctx: PlannerContext, previous: ClarifyPlan, reply: string): Plan {
  const r = previous.resume!;
  const text = reply.trim();
  const n = /^\d{1,2}$/.test(text) ? Number(text) : NaN;
  const chosen = Number.isInteger(n) && n >= 1 && n <= previous.options.length ? previous.options[n - 1]! : previous.options.find((o) => o.toLowerCase() === text.toLowerCase()) ?? text;
  const isOption = chosen !== text || previous.options.some((o) => o.toLowerCase() === text.toLowerCase());
  // "and VIC?" after a question back is a new question, not the answer to it; read alone it is a fragment and says so.
  if (!isOption && /^(and|what about|how about|also|but|same for|only|just|now|instead|then|excluding|except|without)\b/i.test(text)) return planQuestion(ctx, reply, previous.dataset ? { dataset: previous.dataset } : {});
  const long = text.split(/\s+/).length >= 4;
  // A question of its own ("which months were those?", "which ones?") is never pasted into the one asked about.
  const asks = !isOption && (ASKS_FIRST.test(text) || (long && /\?\s*$/.test(text)));
  if (!isOption && (long || asks)) {
    const own = planQuestion(ctx, reply, previous.dataset ? { prefer: previous.dataset } : {});
    if (own.kind !== 'clarify' || asks) return own;
  }
  if (r.about === 'dataset') {
    const ds = ctx.vocabularies.find((v) => v.dataset.name.toLowerCase() === chosen.toLowerCase());
    if (ds) return planQuestion(ctx, r.question, { dataset: ds.dataset.name });
    return planQuestion(ctx, reply);
  }
  const term = previous.unknownTerms[0];
  const vocab = ctx.vocabularies.find((v) => v.dataset.name === previous.dataset);
  const lesson = vocab && previous.unknownTerms.length === 1 && term ? lessonOfReply(vocab, term, chosen) : null;
  if (vocab && lesson?.target.kind === 'column' && lesson.target.end) {
    // An adjective's end of a scale: the question is planned again as if the word had been known, so its
    // ranking stays ("the 3 thickest trees" → top 3 by girth), not with the reply's words pasted in.
    const taught = { ...ctx, vocabularies: ctx.vocabularies.map((v) => (v === vocab ? withLearned(v, [lesson]) : v)) };
    const again = planQuestion(taught, r.question, { dataset: vocab.dataset.name });
    if (again.kind !== 'clarify') return { ...again, notes: [...again.notes, `resumed: ${r.question} (with '${chosen}')`, learnedNote(lesson, chosen)], learned: [lesson] };
    return again;
  }
  const endless = vocab && term && !lesson && scaleEndMissing(vocab, term, chosen);
  if (endless) {
    // "thickest" answered with a bare column: pasting it in would drop the ranking, so ask which end.
    const ask = clarify(`Is '${term}' the highest or the lowest ${endless}?`, [`highest ${endless}`, `lowest ${endless}`], [term], 0.2, previous.dataset);
    return { ...ask, resume: r };
  }
  const combined = term && new RegExp(`\\b${escapeRe(term)}\\b`, 'i').test(r.question) ? r.question.replace(new RegExp(`\\b${escapeRe(term)}\\b`, 'i'), chosen) : `${r.question} ${chosen}`;
  const opts = previous.dataset ? { dataset: previous.dataset } : {};
  const again = planQuestion(ctx, combined, opts);
  if (again.kind !== 'clarify') {
    const notes = [...again.notes, `resumed: ${r.question} (with '${chosen}')`];
    // Ask once: a reply that names one column or value for the one unknown word is remembered for next time.
    if (!lesson) return { ...again, notes };
    return { ...again, notes: [...notes, learnedNote(lesson, chosen)], learned: [lesson] };
  }
  const alone = planQuestion(ctx, reply, opts);
  return alone.kind !== 'clarify' ? alone : again;
}

/** The label of the one numeric column a reply names, when the word asked about is an adjective of degree. */
function scaleEndMissing(vocab: Vocabulary, term: string, reply: string): string | undefined {
  if (!isScaleWord(vocab, term.toLowerCase())) return undefined;
  const said = reply.trim().toLowerCase();
  const cols = vocab.dataset.columns.filter((c) => isNumericType(c.type) && [c.label, c.name].some((n) => n.toLowerCase() === said));
  return cols.length === 1 ? cols[0]!.label : undefined;
}

function learnedNote(lesson: LearnedSynonym, chosen: string): string {
  return `learned: '${lesson.phrase}' means ${chosen} in ${lesson.datasetName}`;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function flatten(f: Filter | null | undefined): Filter[] {
  if (!f) return [];
  if ('and' in f) return [...f.and];
  return [f];
}

/**
 * "and Georgia?" after "sales in Texas": of the values a word may name (the country Georgia,
 * the state Georgia), the one on a column the earlier answer filtered swaps in for that filter.
 */
function onEarlierColumns(values: Analysis['values'], conds: readonly Filter[]): Analysis['values'] {
  const earlier = new Set(conds.flatMap((c) => ('column' in c ? [c.column] : [])));
  return values.map((v) => {
    if (earlier.has(v.column)) return v;
    const alt = v.link.candidates.find((c) => c.target.kind === 'value' && earlier.has(c.target.column));
    return alt && alt.target.kind === 'value' ? { ...v, column: alt.target.column, value: alt.target.value } : v;
  });
}

const WHICH_ONES = /^(which|what|who|list|show|name)\b.*\b(ones?|those|they|them|these)\b\W*$/;

/** A plain count of rows or of their labels, not split: its rows can be listed. */
const countedRows = (q: InsightQuery) => q.measures.length > 0 && q.measures.every((m) => m.agg === 'count' || m.agg === 'count_distinct') && q.dimensions.length === 0 && !q.time?.grain && !q.time?.by;

/** The rows a count counted, under the same filters. */
function listCounted(previous: Extract<Plan, { kind: 'query' }>, ds: PlannerContext['vocabularies'][number]['dataset']): Plan {
  const q: InsightQuery = structuredClone(previous.query);
  const tc = primaryTimeColumn(ds);
  q.measures = [];
  q.dimensions = rowColumns(ds);
  q.orderBy = tc ? [{ field: tc.name, direction: 'asc' }] : [];
  q.limit = LIST_LIMIT;
  return { kind: 'query', intent: 'list', query: q, restatement: restate(q, 'list', ds), confidence: previous.confidence, notes: [`follow-up of: ${previous.restatement}`, 'listed the rows counted'] };
}

/** The month of a one-month range read from a month name with no year said ("what about January?"). */
function oneMonthWithoutYear(a: Analysis): number | undefined {
  const r = a.time.range;
  if (!r?.from || !r.to || a.tokens.some((t) => t.kind === 'number') || !a.tokens.some((t) => Object.hasOwn(MONTH_NUMBER, t.key))) return undefined;
  const from = new Date(`${r.from.slice(0, 10)}T00:00:00Z`);
  const to = new Date(`${r.to.slice(0, 10)}T00:00:00Z`);
  const oneMonth = from.getUTCDate() === 1 && to.getUTCDate() === 1 && (to.getUTCMonth() - from.getUTCMonth() + 12) % 12 === 1 && to.getTime() - from.getTime() < 32 * 86_400_000;
  return oneMonth ? from.getUTCMonth() + 1 : undefined;
}
