import { isNumericType } from '../shared/catalog.js';
import { closest } from '../shared/suggest.js';
import type { InsightQuery } from '../insights/insightQuery.js';
import { analyze, type Analysis } from './analyze.js';
import { isSubsequence } from './link.js';
import { featuresOf, SLOT, type IntentModel } from './classifier.js';
import { buildQuery } from './buildQuery.js';
import { rejectMessage, rejectReason } from './guards.js';
import { clarify, dimensionColumns, measureColumns, optionLabels, optionsFor, scaleOptions, uniqueColumns, unknownMessage } from './options.js';
import { isModelIntent, type Intent, type ModelIntent, type QueryIntent } from './intents/index.js';
import { intentCues } from './intents/rules.js';
import { restate } from './restate.js';
import { unaccountedWords } from './coverage.js';
import { confidenceOf, doubtsOf, type IntentSource } from './doubts.js';
import { spansOf, understoodLine } from './explain.js';
import { tokenize, type Token } from './tokenize.js';
import type { LearnedSynonym, Vocabulary } from './vocabulary.js';

/** What answering a clarification taught: the asked-about word and what the reply said it names (stored by the caller). */
type Taught = { learned?: LearnedSynonym[] };
/** The one thing a ranking of one answered ("which state has the most": TX), kept so a follow-up's "it" can name it. */
export type Picked = { column: string; value: string | number | boolean };
export type QueryPlan = { kind: 'query'; intent: QueryIntent; query: InsightQuery; restatement: string; confidence: number; notes: string[]; picked?: Picked } & Taught;
export type ModelPlan = { kind: 'model'; intent: ModelIntent; query: InsightQuery; horizon?: number; restatement: string; confidence: number; notes: string[] } & Taught;
export type ClarifyPlan = {
  kind: 'clarify';
  message: string;
  options: string[];
  unknownTerms: string[];
  confidence: number;
  dataset?: string;
  /** The question this asks about, so the reply (an option or free text) resumes it. */
  resume?: { question: string; about: 'dataset' | 'words' };
};
export type Plan = QueryPlan | ModelPlan | ClarifyPlan;

export { clarify, optionLabels, rowLabelColumn } from './options.js';
export { LIST_LIMIT } from './buildQuery.js';

export interface PlannerContext {
  /** One vocabulary per dataset the user may ask about. */
  vocabularies: readonly Vocabulary[];
  /** Trained intent model; without one, intent comes from cue rules alone. */
  model?: IntentModel;
  /** Relative dates count from the data's latest date (default) or from `now`. */
  anchor?: 'data' | 'now';
  /** Injected clock for anchor `now`. */
  now?: () => Date;
}

export interface PlanOptions {
  /** Dataset name the question is about; chosen from the vocabulary when absent. */
  dataset?: string;
  /** The conversation's dataset: it wins a close match, so a question switches only when its words belong elsewhere. */
  prefer?: string;
}

const PREFER_BONUS = 0.5;

const CUE_ONLY = new Set<Intent>(['share', 'compare', 'correlation', 'distribution', 'top_n', 'bottom_n', 'count', 'explain_change', 'forecast']);

/** Turns a question into a query plan, a model plan or a clarification; never throws on user text. */
export function planQuestion(ctx: PlannerContext, question: string, opts: PlanOptions = {}): Plan {
  const tq = tokenize(typeof question === 'string' ? question : '');
  const words = tq.tokens.filter((t) => t.kind === 'word').length;
  const reject = rejectReason(tq, words);
  if (reject) return clarify(rejectMessage(reject), datasetExamples(ctx), []);
  const pick = chooseDataset(ctx, tq.tokens, opts.dataset, opts.prefer);
  if ('clarify' in pick) return opts.dataset === undefined ? { ...pick.clarify, resume: { question, about: 'dataset' } } : pick.clarify;
  const plan = planFromAnalysis(ctx, pick.analysis);
  return plan.kind === 'clarify' ? { ...plan, resume: { question, about: 'words' } } : plan;
}

/** Analyzes the tokens against the named dataset, or the best-matching one. */
export function chooseDataset(ctx: PlannerContext, tokens: readonly Token[], dataset?: string, prefer?: string): { analysis: Analysis } | { clarify: ClarifyPlan } {
  const timeOpts = { anchor: ctx.anchor ?? 'data', now: ctx.now } as const;
  if (dataset !== undefined) {
    const v = ctx.vocabularies.find((x) => x.dataset.name === dataset);
    if (!v) {
      const names = ctx.vocabularies.map((x) => x.dataset.name);
      return { clarify: clarify(`I don't know a dataset called '${dataset}'.`, closest(dataset, names, 4).length ? closest(dataset, names, 4) : names.slice(0, 4), [dataset]) };
    }
    return { analysis: analyze(tokens, v, timeOpts) };
  }
  if (!ctx.vocabularies.length) return { clarify: clarify('There is no dataset to ask about yet; ingest one first.', [], []) };
  const bonus = (a: Analysis) => (a.vocab.dataset.name === prefer ? PREFER_BONUS : 0);
  const analyses = ctx.vocabularies.map((v) => analyze(tokens, v, timeOpts)).sort((a, b) => b.matchScore + bonus(b) - (a.matchScore + bonus(a)));
  const [best, second] = analyses;
  if (analyses.length === 1) return { analysis: best! };
  const namesSlot = (a: Analysis) =>
    a.measures.length + a.dimensions.length + a.values.length + a.timeMentions.length + a.ambiguous.length + a.conditions.filter((c) => c.column).length + (a.datasetNamed ? 1 : 0);
  if (best!.matchScore <= 0 || namesSlot(best!) === 0) {
    // Every dataset, best match first: the one meant may match none of the words.
    return { clarify: clarify("I couldn't tell which dataset this is about. Which one do you mean?", analyses.map((a) => a.vocab.dataset.name), best!.unknown.map((t) => t.key)) };
  }
  if (second && best!.matchScore + bonus(best!) - second.matchScore - bonus(second) < 0.1 && namesSlot(second) > 0) {
    const close = analyses.filter((a) => best!.matchScore - a.matchScore < 0.1);
    return { clarify: clarify('This question fits more than one dataset. Which one do you mean?', [...close, ...analyses.filter((a) => !close.includes(a))].map((a) => a.vocab.dataset.name), []) };
  }
  return { analysis: best! };
}

/** Plans from an analysis already made (the conversation layer reuses this). */
export function planFromAnalysis(ctx: PlannerContext, a: Analysis): Plan {
  const ds = a.vocab.dataset;
  const notes: string[] = a.links.corrections.map((c) => `read '${c.from}' as '${c.to}'`);

  if (a.ambiguous.length) {
    const amb = a.ambiguous[0]!;
    return clarify(`'${amb.link.text}' could mean several columns. Which one?`, optionLabels(amb.columns), [], 0.3, ds.name);
  }
  if (a.danglingGroup) {
    return clarify(`I can't break this down by '${a.danglingGroup}'. Which column do you mean?`, optionLabels(dimensionColumns(ds)), [a.danglingGroup], 0.2, ds.name);
  }
  const unknownTerms = a.unknown.map((t) => t.key);
  if (unknownTerms.length) {
    const ends = unknownTerms.length === 1 ? scaleOptions(a, unknownTerms[0]!) : null;
    if (ends) return clarify(`${unknownMessage(unknownTerms)} The highest or the lowest of which column?`, ends, unknownTerms, 0.2, ds.name);
    return clarify(unknownMessage(unknownTerms), optionsFor(a, unknownTerms), unknownTerms, 0.2, ds.name);
  }

  const narrower = [...a.measures, ...a.dimensions].find((m) => m.link.candidates[0]?.via?.startsWith('WordNet hyponym'));
  if (narrower) {
    // A narrower word than the column (a kind of the measured thing): the column's total is not
    // the narrower thing's, so ask rather than answer.
    return clarify(`'${narrower.link.text}' is a kind of ${narrower.column.label}; this dataset has no column for it alone. Use ${narrower.column.label}?`, [narrower.column.label], [narrower.link.text], 0.3, ds.name);
  }
  // Another name of the value itself (a state's name for its postal code) with rows counted ("how many stores does Ohio have") is no amount.
  const sameThing = (v: Analysis['values'][number]) => a.values.length === 1 && !!v.link.candidates[0]?.via?.startsWith('WordNet synonym') && !!a.countCue && /^[A-Z]{2,4}$/.test(v.value) && isSubsequence(v.value.toLowerCase(), v.link.text.toLowerCase());
  const loose = a.values.find((v) => v.link.candidates[0]?.source === 'wordnet' && !sameThing(v));
  if (loose && !a.measures.length) {
    // A value reached only through WordNet (a kind word reaching a value), with nothing else to measure: the
    // question may ask for an amount this dataset does not hold, so ask first.
    return clarify(`By '${loose.link.text}' do you mean the rows where ${loose.column} is '${loose.value}'? Or an amount?`, [loose.value, ...optionLabels(measureColumns(ds)).filter((l) => l !== loose.value)].slice(0, 5), [loose.link.text], 0.3, ds.name);
  }
  if (a.unusedNumbers.length) {
    // Coverage: a number that no slot used is never dropped silently.
    const n = a.unusedNumbers[0]!;
    const fits = measureColumns(ds).concat(ds.columns.filter((c) => c.role === 'dimension' && isNumericType(c.type)))
      .filter((c) => !c.stats || c.stats.min === null || (n.value! >= c.stats.min && n.value! <= (c.stats.max ?? Infinity)));
    return clarify(`I'm not sure what ${n.norm} refers to here. Which column should it apply to?`, optionLabels(uniqueColumns(fits)).slice(0, 6), [n.norm], 0.2, ds.name);
  }

  const decided = decideIntent(ctx, a);
  const built = buildQuery(a, decided.intent);
  if ('clarify' in built) return built.clarify;
  notes.push(...built.notes);
  const ignored = unaccountedWords(a, built.intent, built.query);
  if (ignored.length) notes.push(`ignored ${ignored.map((t) => `'${t.norm}'`).join(', ')}`);
  const doubts = doubtsOf(a, built, decided.source, ignored);
  const confidence = confidenceOf(doubts);
  if (doubts.length) notes.push(`not sure: ${doubts.map((d) => d.why).join('; ')}`);
  const understood = understoodLine(spansOf(a));
  if (understood) notes.push(understood);
  const restatement = restate(built.query, built.intent, ds);
  if (isModelIntent(built.intent)) {
    const plan: ModelPlan = { kind: 'model', intent: built.intent, query: built.query, restatement, confidence, notes };
    if (built.horizon !== undefined) plan.horizon = built.horizon;
    return plan;
  }
  return { kind: 'query', intent: built.intent as QueryIntent, query: built.query, restatement, confidence, notes };
}

/** Cue rules decide when the phrasing is explicit; the classifier decides otherwise and sets the confidence. */
export function decideIntent(ctx: PlannerContext, a: Analysis): { intent: Intent; confidence: number; source: IntentSource } {
  const cues = intentCues(a);
  const scores = ctx.model ? ctx.model.classify(classifierFeatures(a)) : [];
  const top = scores[0];
  if (cues.length) {
    const intent = cues[0]!.intent;
    const agree = scores.find((s) => s.intent === intent)?.score ?? 0;
    return { intent, confidence: 0.85 + 0.15 * Math.min(1, agree * 2), source: 'cue' };
  }
  // Without a cue, the intents that always show in the wording (shares, rankings, comparisons…) are
  // not taken from the classifier alone: it would guess them from the shape of the sentence.
  if (top && top.score >= 0.6 && !CUE_ONLY.has(top.intent)) return { intent: top.intent, confidence: 0.5 + 0.4 * top.score, source: 'classifier' };
  if (a.countCue) return { intent: 'count', confidence: 0.8, source: 'cue' };
  return { intent: 'aggregate', confidence: top ? 0.5 + 0.3 * (scores.find((s) => s.intent === 'aggregate')?.score ?? 0) : 0.7, source: 'default' };
}

/** The classifier's view of the question: stems with catalog names, numbers and dates as slots. */
export function classifierFeatures(a: Analysis): string[] {
  const roles = new Map<number, keyof typeof SLOT>();
  const covered = new Set<number>();
  const mark = (start: number, end: number, role: keyof typeof SLOT) => {
    roles.set(start, role);
    for (let j = start + 1; j < end; j++) covered.add(j);
  };
  for (const m of a.measures) mark(m.link.start, m.link.end, 'measure');
  for (const m of [...a.dimensions, ...a.timeMentions]) mark(m.link.start, m.link.end, 'dimension');
  for (const v of a.values) mark(v.link.start, v.link.end, 'value');
  return featuresOf(a.tokens, roles, covered, a.time.consumed);
}

function datasetExamples(ctx: PlannerContext): string[] {
  return ctx.vocabularies.slice(0, 4).map((v) => v.dataset.name);
}


