import type { OutputColumn } from '../insights/compile.js';
import type { InsightQuery } from '../insights/insightQuery.js';
import { chartSpec, type VegaLiteSpec } from '../nlp/answer/chart.js';
import type { ResultSet } from '../nlp/answer/result.js';
import { suggestions } from '../nlp/answer/suggestions.js';
import { answerText } from '../nlp/answer/text.js';
import { ANSWER_THRESHOLD } from '../nlp/confidence.js';
import type { ClarifyPlan, ModelPlan, QueryPlan } from '../nlp/plan.js';
import type { Vocabulary } from '../nlp/vocabulary.js';

/** What the system understood: the query it ran, in words, and how it got there. */
export interface Interpretation {
  intent: string;
  query: InsightQuery;
  restatement: string;
  notes: string[];
}

export interface AnswerResult {
  columns: OutputColumn[];
  rows: Record<string, unknown>[];
  totalRows: number;
  truncated: boolean;
}

export interface Clarification {
  message: string;
  options: string[];
  unknownTerms: string[];
}

/** The answer to one question, as the API returns it and the conversation stores it. */
export interface Answer {
  text: string;
  dataset: string | null;
  interpretation: Interpretation | null;
  result: AnswerResult | null;
  chart: VegaLiteSpec | null;
  confidence: number;
  /** True when confidence is below ANSWER_THRESHOLD: the rows are a tentative reading and the clarification asks to confirm it. */
  lowConfidence?: boolean;
  suggestions: string[];
  clarification: Clarification | null;
  conversationId: string;
  messageId: string;
}

/** Rows kept with a stored answer: the conversation is a record of what was said, not a result cache. */
export const STORED_ROWS = 100;

type Ids = { conversationId: string; messageId: string };

/** An answer from rows the compiler returned for a query (or model) plan. */
export function resultAnswer(plan: QueryPlan | ModelPlan, result: AnswerResult, vocab: Vocabulary, ids: Ids): Answer {
  const rs: ResultSet = { columns: result.columns.map((c) => c.name), rows: result.rows };
  const ds = vocab.dataset;
  return {
    text: answerText(plan, rs, ds),
    dataset: ds.name,
    interpretation: interpretation(plan),
    result,
    chart: chartSpec(plan, rs, ds),
    confidence: plan.confidence,
    lowConfidence: plan.confidence < ANSWER_THRESHOLD,
    suggestions: suggestions(plan, vocab),
    clarification: plan.confidence < ANSWER_THRESHOLD ? tentative(plan) : null,
    ...ids,
  };
}

/** Below the threshold the rows are shown as a tentative reading, with what was doubted and a question back. */
function tentative(plan: QueryPlan | ModelPlan): Clarification {
  const unsure = plan.notes.find((n) => n.startsWith('not sure: '))?.slice('not sure: '.length);
  const ignored = plan.notes.find((n) => n.startsWith('ignored '));
  const terms = ignored ? [...ignored.matchAll(/'([^']+)'/g)].map((m) => m[1]!) : [];
  const message = `I'm not sure I read this right${unsure ? ` (${unsure})` : ''}. I answered ${plan.restatement}. Is that what you meant? If not, rephrase or name the column.`;
  return { message, options: [], unknownTerms: terms };
}

/** An answer that asks back; `understood` keeps a plan that was made but cannot be run here. */
export function clarificationAnswer(plan: ClarifyPlan, vocab: Vocabulary | undefined, ids: Ids, understood?: QueryPlan | ModelPlan): Answer {
  return {
    text: plan.message,
    dataset: understood?.query.dataset ?? plan.dataset ?? vocab?.dataset.name ?? null,
    interpretation: understood ? interpretation(understood) : null,
    result: null,
    chart: null,
    confidence: plan.confidence,
    lowConfidence: true,
    suggestions: vocab ? suggestions(plan, vocab) : [],
    clarification: { message: plan.message, options: plan.options, unknownTerms: plan.unknownTerms },
    ...ids,
  };
}

/** Most suggestions an answer carries when users' next questions are added. */
const MAX_SUGGESTIONS = 4;

/** The answer with what users of the dataset asked next after the same question (src/recommend/) first. */
export function withAskedNext(a: Answer, askedNext: readonly string[]): Answer {
  if (!askedNext.length) return a;
  const seen = new Set<string>();
  const out: string[] = [];
  for (const s of [...askedNext, ...a.suggestions]) {
    const k = s.trim().toLowerCase();
    if (!k || seen.has(k)) continue;
    seen.add(k);
    out.push(s);
  }
  return { ...a, suggestions: out.slice(0, Math.max(MAX_SUGGESTIONS, a.suggestions.length)) };
}

/** The plan as shown back to the user. */
export function interpretation(plan: QueryPlan | ModelPlan): Interpretation {
  return { intent: plan.intent, query: plan.query, restatement: plan.restatement, notes: plan.notes };
}

/** A copy of the answer light enough to store with the conversation. */
export function storedAnswer(a: Answer): Answer {
  if (!a.result || a.result.rows.length <= STORED_ROWS) return a;
  const rows = a.result.rows.slice(0, STORED_ROWS);
  const chart = a.chart && typeof a.chart.data === 'object' ? { ...a.chart, data: { values: rows } } : a.chart;
  return { ...a, result: { ...a.result, rows, truncated: true }, chart };
}

/** A clarification plan with the confidence the planner would give an unanswerable question. */
export function clarifyPlan(message: string, options: string[], dataset?: string, unknownTerms: string[] = []): ClarifyPlan {
  return { kind: 'clarify', message, options, unknownTerms, confidence: 0.2, ...(dataset ? { dataset } : {}) };
}
