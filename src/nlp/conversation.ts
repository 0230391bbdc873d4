import { isNumericType, primaryTimeColumn, type CatalogDataset } from '../shared/catalog.js';
import type { InsightQuery } from '../insights/insightQuery.js';
import { analyze, type Analysis } from './analyze.js';
import { booleanFlags, type BooleanFlags } from './booleanFlags.js';
import { isScaleWord, lessonOfReply } from './learning.js';
import { withLearned, type LearnedSynonym, type Vocabulary } from './vocabulary.js';
import { unaccountedWords } from './coverage.js';
import { doubtsOf, type DoubtCode } from './doubts.js';
import { isModelIntent, type QueryIntent } from './intents/index.js';
import { intentCues } from './intents/rules.js';
import { clarify, LIST_LIMIT, planFromAnalysis, planQuestion, type ClarifyPlan, type Plan, type PlannerContext } from './plan.js';
import { restate } from './restate.js';
import { rowColumns } from './topRows.js';
import { attributeOfIt, referToPicked } from './answerReference.js';
import { tokenize, type TokenizedQuestion } from './tokenize.js';
import { asRanking, asTrend, countOfAnswer, earlierYear, newCalendar, newConditions, newFlagFilters, newGrouping, newMeasures, newTimeRange, newValues, newYears, type FollowUpDraft } from './followUpEdits.js';

const FOLLOW_UP_START = /^(and|what about|how about|same for|same but|now|only|just|but|instead|then|ok|okay|also|break (that|this|it) down|split (that|this|it)|show (that|this|it|the trend|me the trend)|make (it|that)|top|bottom|by|per|for|in|excluding|except|without)\b/;
const SHORT = 6;
/** The first word of a reply that is itself a question, not the answer to one. */
const ASKS_FIRST = /^(which|what|who|whom|whose|when|where|why|how|is|are|was|were|do|does|did|can|could|show|list|give|tell)\b/i;
/** The doubts that concern a follow-up's own words (not those about the wording of a whole question). */
// Only the structural ones: the quality of a link was already weighed in the answer this follows.
const FOLLOW_UP_DOUBTS: ReadonlySet<DoubtCode> = new Set(['ignored-word', 'unused-value', 'unused-column', 'ambiguous-value', 'polarity', 'ordinal-rank']);

type Answer = Exclude<Plan, ClarifyPlan>;

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
  // "the average in 1955", then "what about January?": January of 1955, not of the data's last year.
  const year = earlierYear(previous.query);
  const flags = booleanFlags(analyze(tq.tokens, vocab, { anchor: ctx.anchor ?? 'data', now: ctx.now, ...(year !== undefined ? { year } : {}) }));
  const elsewhere = notAFragment(ctx, previous, question, vocab.dataset, tq, flags.analysis);
  if (elsewhere) return elsewhere;
  return editedAnswer(ctx, previous, question, vocab.dataset, tq.text, flags);
}

/** How sure a reading on another dataset must be to move a conversation there. */
const SWITCH_CONFIDENCE = 0.9;

/**
 * The plan for a question that is not a fragment of the last answer, or that cannot be read as one:
 * the rows a count counted, a question of its own, words of another dataset, a number no slot took.
 * Undefined when the question edits the last answer.
 */
function notAFragment(ctx: PlannerContext, previous: Answer, question: string, ds: CatalogDataset, tq: TokenizedQuestion, a: Analysis): Plan | undefined {
  const words = tq.tokens.filter((t) => t.kind !== 'punct');
  // "which ones?", "who are they?", "which months were those?" after a count: the rows it counted.
  if (previous.kind === 'query' && countedRows(previous.query) && words.length <= SHORT && WHICH_ONES.test(tq.text)) return listCounted(previous, ds);
  // A short question of its own ("how many flights on weekends") is not a fragment of the last one,
  // unless it points back at it ("how many is that?").
  const ownQuestion = /^(how|what|which|who|when|where|show|list|count)\b/.test(tq.text) && !/\b(that|those|these|them|it)\b/.test(tq.text);
  // "how many of those are in a union": the last answer's rows, narrowed.
  // Not with a ranking ("of those, which had the largest sample?"): that ranks the rows themselves, which an edit cannot.
  const ofThose = /\b(of|among) (those|them|these|that)\b/.test(tq.text) && !a.rank;
  const looksFollowUp = FOLLOW_UP_START.test(tq.text) || ofThose || (words.length <= SHORT && a.measures.length === 0 && !ownQuestion);
  // A question of its own stays on the conversation's dataset unless its words belong to another.
  if (!looksFollowUp) {
    const own = planQuestion(ctx, question, { prefer: ds.name });
    const moved = own.kind !== 'clarify' && own.query.dataset !== ds.name;
    if (!moved || own.confidence >= SWITCH_CONFIDENCE) return own;
    // An unsure reading elsewhere: the conversation's dataset, unless it cannot answer at all.
    const here = planQuestion(ctx, question, { dataset: ds.name });
    return here.kind === 'clarify' ? own : here;
  }
  if (!words.length) return planQuestion(ctx, question);
  if (a.unknown.length) {
    // Words this dataset does not know may belong to another one: switch when they do.
    const elsewhere = ctx.vocabularies.length > 1 ? planQuestion(ctx, question, { prefer: ds.name }) : undefined;
    // Only a sure reading moves the conversation: words guessed there ("weakest" as the code WA) are no reason to leave.
    if (elsewhere && elsewhere.kind !== 'clarify' && elsewhere.query.dataset !== ds.name && elsewhere.confidence >= SWITCH_CONFIDENCE) return elsewhere;
    return planFromAnalysis(ctx, a);
  }
  // A number no slot took ("at dose 2" where 2 fits no column) is asked about, as in a question of its own.
  if (a.ambiguous.length || a.unusedNumbers.some((t) => /^\d/.test(t.norm))) return planFromAnalysis(ctx, a);
  return undefined;
}

/** The last answer's query with the follow-up's words applied, in a fixed order; planned afresh when none applied. */
function editedAnswer(ctx: PlannerContext, previous: Answer, question: string, ds: CatalogDataset, text: string, flags: BooleanFlags): Plan {
  const a = flags.analysis;
  const d: FollowUpDraft = { q: structuredClone(previous.query), intent: previous.intent, notes: [`follow-up of: ${previous.restatement}`], changed: false };
  const cues = intentCues(a).map((c) => c.intent);
  const tc = primaryTimeColumn(ds);
  newTimeRange(d, a, text, tc);
  newYears(d, a, ds, tc);
  newCalendar(d, a, tc);
  newMeasures(d, a, previous.query);
  newFlagFilters(d, flags);
  newValues(d, a);
  newConditions(d, a);
  countOfAnswer(d, a);
  referToPicked(d, a, previous.kind === 'query' ? previous.picked : undefined);
  attributeOfIt(d, a, previous.kind === 'query' ? previous.picked : undefined);
  newGrouping(d, a, text);
  if (cues.includes('trend') || /\btrend\b/.test(text)) asTrend(d, a, ds, tc);
  if (a.rank) asRanking(d, a.rank, ds);
  if (!d.changed) return planQuestion(ctx, question, { dataset: ds.name });
  return followUpPlan(previous, d, a, ds);
}

/** The edited query as a plan: empty parts dropped, restated, with the follow-up's own doubts. */
function followUpPlan(previous: Answer, d: FollowUpDraft, a: Analysis, ds: CatalogDataset): Plan {
  const { q, intent, notes } = d;
  if (!q.time?.range && !q.time?.grain && !q.time?.parts?.length && !q.time?.by) delete q.time;
  if (q.compare && !q.time?.range) delete q.compare;
  if (!q.filter) delete q.filter;
  if (!q.limit) delete q.limit;
  if (!q.compare) delete q.compare;
  const restatement = restate(q, intent, ds);
  // The follow-up's own words are held to the same coverage rule: one it did not use, or a value it
  // had to guess the column of, lowers trust in the answer as it would in a question of its own.
  const doubts = doubtsOf(a, { intent, query: q, notes: [] }, 'cue', unaccountedWords(a, intent, q)).filter((x) => FOLLOW_UP_DOUBTS.has(x.code));
  if (doubts.length) notes.push(`not sure: ${doubts.map((x) => x.why).join('; ')}`);
  const confidence = Math.max(0.05, Math.min(1, ('confidence' in previous ? previous.confidence : 0.7) * 0.95 * doubts.reduce((p, x) => p * x.factor, 1)));
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

const WHICH_ONES = /^(which|what|who|list|show|name)\b.*\b(ones?|those|they|them|these)\b\W*$/;

/** A plain count of rows or of their labels, not split: its rows can be listed. */
const countedRows = (q: InsightQuery) => q.measures.length > 0 && q.measures.every((m) => m.agg === 'count' || m.agg === 'count_distinct') && q.dimensions.length === 0 && !q.time?.grain && !q.time?.by;

/** The rows a count counted, under the same filters. */
function listCounted(previous: Extract<Plan, { kind: 'query' }>, ds: CatalogDataset): Plan {
  const q: InsightQuery = structuredClone(previous.query);
  const tc = primaryTimeColumn(ds);
  q.measures = [];
  q.dimensions = rowColumns(ds);
  q.orderBy = tc ? [{ field: tc.name, direction: 'asc' }] : [];
  q.limit = LIST_LIMIT;
  return { kind: 'query', intent: 'list', query: q, restatement: restate(q, 'list', ds), confidence: previous.confidence, notes: [`follow-up of: ${previous.restatement}`, 'listed the rows counted'] };
}
