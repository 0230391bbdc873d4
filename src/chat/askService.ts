import { randomUUID } from 'node:crypto';
import { currentTenant } from '../auth/requestScope.js';
import type { InsightService } from '../insights/insightService.js';
import { pickedOf } from '../nlp/answerReference.js';
import { followUp } from '../nlp/conversation.js';
import { isModelIntent } from '../nlp/intents/index.js';
import { intentOfQuery } from '../nlp/learning.js';
import { planQuestion, type ModelPlan, type Plan, type PlannerContext, type QueryPlan } from '../nlp/plan.js';
import { restate } from '../nlp/restate.js';
import type { Vocabulary } from '../nlp/vocabulary.js';
import { AppError, ErrorCode, isAppError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { CatalogRepository } from '../warehouse/catalogRepository.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { clarificationAnswer, clarifyPlan, resultAnswer, storedAnswer, withAskedNext, type Answer } from './answer.js';
import { ChatRepository, type StoredExample, type StoredMessage } from './chatRepository.js';
import { applyFeedback, type FeedbackInput, type FeedbackResult } from './feedback.js';
import { IntentModelStore } from './intentModelStore.js';
import { LearnedChanges, type LearnedChannel } from './learnedChanges.js';
import type { ModelRunner } from './modelAnswers.js';
import { questionKey } from './questionKey.js';
import { VocabularyCache } from './vocabularyCache.js';
import { loadWordNet } from './wordnetSource.js';

export interface AskInput {
  question: string;
  /** Dataset the question is about; chosen from the question when absent. */
  dataset?: string | null;
  /** Continue this conversation (follow-ups use its last answer). */
  conversationId?: string | null;
  /** Who asks (the x-insightql-client header); conversations are visible only to their owner. */
  clientKey?: string | null;
}

export interface AskServiceOptions {
  queryTimeoutMs: number;
  /** Distinct values indexed per dimension column. */
  maxValuesPerColumn?: number;
  /** Learned words are read again after this long even without a change notice (VocabularyCacheOptions). */
  learnedMaxAgeMs?: number;
  /** Relative dates count from the data's latest date (default) or from now. */
  anchor?: 'data' | 'now';
  now?: () => Date;
  /** Answers model questions; without it they get a clarification saying so. */
  models?: ModelRunner;
  /** What users of a dataset asked next after a question (recommendations), put first in an answer's suggestions. */
  askedNext?: (dataset: string, question: string) => Promise<string[]>;
  /** The other server processes of the database, told when learned words change; without it, this process alone knows. */
  learnedChannel?: LearnedChannel;
}

/** Longest question text stored with a conversation (the planner reads far less). */
const STORED_QUESTION_CHARS = 2_000;
const MAX_CLIENT_KEY = 200;
const MAX_DATASET_ARG = 200;
/** Errors of a planned query that mean "I misunderstood", not "the server failed". */
const PLAN_ERRORS = new Set<string>([ErrorCode.BAD_INPUT, ErrorCode.UNKNOWN_COLUMN, ErrorCode.TYPE_MISMATCH, ErrorCode.NOT_ENOUGH_DATA]);

/**
 * The chat product over the pure NLP core: keeps the vocabularies and the intent model current,
 * plans a question in its conversation, runs the plan through the same InsightService (and so
 * the same compiler) as the `insight` field, builds the answer, and stores the turn. Feedback
 * turns corrections into learned synonyms and training examples.
 */
/** Bounds on what replies teach one owner: a phrase's length, and words per dataset. */
const MAX_LEARNED_PHRASE = 60;
const MAX_LEARNED_PER_DATASET = 500;

export class AskService {
  readonly repo: ChatRepository;
  readonly vocabularies: VocabularyCache;
  readonly intents: IntentModelStore;
  /** Where a committed change of learned words is announced (this process's cache, then every process's). */
  readonly learnedChanges: LearnedChanges;
  /** Corrected questions per tenant and owner (feedback teaches only whom it scopes to). */
  private readonly corrections = new Map<string, Promise<Map<string, StoredExample[]>>>();

  constructor(
    wh: Warehouse,
    private readonly catalog: CatalogRepository,
    private readonly insights: InsightService,
    private readonly log: Logger,
    private readonly opts: AskServiceOptions,
  ) {
    this.repo = new ChatRepository(wh);
    this.vocabularies = new VocabularyCache(wh, catalog, this.repo, { queryTimeoutMs: opts.queryTimeoutMs, maxValuesPerColumn: opts.maxValuesPerColumn, ...(opts.learnedMaxAgeMs ? { learnedMaxAgeMs: opts.learnedMaxAgeMs } : {}) });
    this.intents = new IntentModelStore(this.repo, log);
    this.learnedChanges = new LearnedChanges((c) => this.vocabularies.dropLearned(c), log, opts.learnedChannel ?? null);
  }

  /** Loads the intent model ahead of the first question (a server calls this at start, in the background). */
  async warmUp(): Promise<void> {
    await Promise.all([this.intents.get(), loadWordNet().then(() => this.vocabularies.current())]);
  }

  /** Answers one question; a conversation id that is missing or someone else's is NOT_FOUND. */
  async ask(input: AskInput): Promise<Answer> {
    const question = typeof input.question === 'string' ? input.question : '';
    const owner = ownerKey(input.clientKey);
    const head = input.conversationId != null && input.conversationId !== '' ? await this.repo.conversationHead(String(input.conversationId), owner) : null;
    const all = await this.vocabularies.current();
    const dataset = datasetArg(input.dataset);
    const model = await this.intents.get();
    const corrections = await this.correctionsByQuestion(owner);

    const scoped = dataset === undefined ? all : all.filter((v) => v.dataset.name.toLowerCase() === dataset.toLowerCase());
    const ctx: PlannerContext = { vocabularies: scoped, model, anchor: this.opts.anchor ?? 'data', ...(this.opts.now ? { now: this.opts.now } : {}) };
    let plan: Plan;
    if (dataset !== undefined && !scoped.length) {
      // The core says which datasets are close to the name asked for.
      plan = planQuestion({ ...ctx, vocabularies: all }, question, { dataset });
    } else {
      const previous = head?.lastPlan && (dataset === undefined || planDataset(head.lastPlan)?.toLowerCase() === dataset.toLowerCase()) ? head.lastPlan : null;
      plan = previous ? followUp(ctx, previous, question) : planQuestion(ctx, question);
      const isFollowUp = plan.kind !== 'clarify' && plan.notes.some((n) => n.startsWith('follow-up of'));
      if (!isFollowUp) plan = this.corrected(question, scoped, corrections) ?? plan;
    }

    const ids = { conversationId: head?.id ?? randomUUID(), messageId: randomUUID() };
    const vocabOf = (name: string | undefined) => (name ? all.find((v) => v.dataset.name === name) : scoped.length === 1 ? scoped[0] : undefined);
    const { answer: planned, stored } = await this.execute(plan, vocabOf, ids);
    const answer = planned.result && planned.dataset ? withAskedNext(planned, await this.askedNext(planned.dataset, question)) : planned;
    await this.repo.saveTurn({
      conversationId: ids.conversationId,
      isNew: !head,
      owner,
      userMessageId: randomUUID(),
      assistantMessageId: ids.messageId,
      question: question.length > STORED_QUESTION_CHARS ? `${question.slice(0, STORED_QUESTION_CHARS)}…` : question,
      dataset: answer.dataset,
      plan: stored,
      answer: storedAnswer(answer),
    });
    // The reply to a question back named what an unknown word means: learned for this owner, like feedback,
    // only when it was answered with confidence, and within bounds (short phrases, so many per dataset).
    const lessons = plan.kind !== 'clarify' && answer.result && !answer.clarification ? (plan.learned ?? []).filter((s) => s.phrase.length <= MAX_LEARNED_PHRASE && s.phrase.split(' ').length <= 4) : [];
    if (lessons.length && (await this.repo.learnedCount(owner, lessons[0]!.datasetName)) < MAX_LEARNED_PER_DATASET) {
      await this.repo.saveSynonyms(lessons, ids.messageId, { owner, tenantWide: false });
      await this.learnedChanges.changed({ tenant: currentTenant(), owner });
    }
    return answer;
  }

  /** Users' next questions; an answer never fails for want of them. */
  private async askedNext(dataset: string, question: string): Promise<string[]> {
    if (!this.opts.askedNext) return [];
    return this.opts.askedNext(dataset, question).catch((e) => {
      this.log.warn({ err: (e as Error).message }, 'could not read what users asked next');
      return [];
    });
  }

  /** The conversation with its messages; NOT_FOUND when missing or owned by another client. */
  async conversation(id: string, clientKey?: string | null): Promise<{ id: string; createdAt: string; messages: StoredMessage[] }> {
    return this.repo.messages(id, ownerKey(clientKey));
  }

  /** Records feedback on an answer; a correction is learned for the answer's dataset. */
  async feedback(input: FeedbackInput & { clientKey?: string | null }): Promise<FeedbackResult> {
    const msg = await this.repo.assistantMessage(String(input.messageId ?? ''), ownerKey(input.clientKey));
    const all = await this.vocabularies.current();
    const out = await applyFeedback(this.repo, this.catalog, all, msg, input);
    // Saved for the caller alone, or (analyst, tenantWide) into every owner's words of the tenant.
    if (out.learned.length) await this.learnedChanges.changed(input.tenantWide ? { tenant: currentTenant(), owner: null, all: true } : { tenant: currentTenant(), owner: ownerKey(input.clientKey) });
    if (out.exampleAdded) {
      this.intents.invalidate();
      this.corrections.clear();
    }
    return out;
  }

  /** Runs a plan; a plan the compiler refuses, or a model question with no models service, becomes a clarification. */
  private async execute(
    plan: Plan,
    vocabOf: (name: string | undefined) => Vocabulary | undefined,
    ids: { conversationId: string; messageId: string },
  ): Promise<{ answer: Answer; stored: Plan }> {
    if (plan.kind === 'clarify') return { answer: clarificationAnswer(plan, vocabOf(plan.dataset), ids), stored: plan };
    const vocab = vocabOf(plan.query.dataset);
    if (!vocab) {
      const c = clarifyPlan(`The dataset '${plan.query.dataset}' is no longer available.`, [], undefined, [plan.query.dataset]);
      return { answer: clarificationAnswer(c, undefined, ids), stored: c };
    }
    try {
      if (plan.kind === 'model') {
        if (!this.opts.models) {
          const c = clarifyPlan(
            `I understood this as ${plan.restatement}, but questions that need a model (forecasts, anomalies, change points, seasonality, trend tests, explanations of a change) are not available on this server yet.`,
            modelAlternatives(plan, vocab),
            vocab.dataset.name,
          );
          // The model plan itself is kept, so "show the trend instead" can follow it.
          return { answer: clarificationAnswer(c, vocab, ids, plan), stored: plan };
        }
        const out = await this.opts.models(plan, vocab.dataset);
        if (!out) {
          // The comparison answers it: the same query, as the compare intent.
          const r = await this.insights.runQuery(plan.query, vocab.dataset);
          const asCompare: QueryPlan = { kind: 'query', intent: 'compare', query: plan.query, restatement: plan.restatement, confidence: plan.confidence, notes: [...plan.notes, 'answered with the comparison: only totals and counts over the whole dataset are split into drivers'] };
          const answer = resultAnswer(asCompare, { columns: r.columns, rows: r.rows, totalRows: r.totalRows, truncated: r.truncated }, vocab, ids);
          return { answer: { ...answer, interpretation: { ...answer.interpretation!, intent: plan.intent } }, stored: plan };
        }
        const answer = resultAnswer({ ...plan, notes: [...plan.notes, ...out.notes] }, out.result, vocab, ids);
        return { answer: { ...answer, text: out.text, ...(out.chart !== undefined ? { chart: out.chart } : {}) }, stored: plan };
      }
      const r = await this.insights.runQuery(plan.query, vocab.dataset);
      const picked = pickedOf(plan.query, r.rows);
      return { answer: resultAnswer(plan, { columns: r.columns, rows: r.rows, totalRows: r.totalRows, truncated: r.truncated }, vocab, ids), stored: picked ? { ...plan, picked } : plan };
    } catch (e) {
      if (!isAppError(e) || !PLAN_ERRORS.has(e.code)) throw e;
      this.log.warn({ err: e.message, query: plan.query }, 'planned query was refused');
      const c = clarifyPlan(`I understood this as ${plan.restatement}, but could not run it: ${e.message}. Could you rephrase?`, [], vocab.dataset.name);
      return { answer: clarificationAnswer(c, vocab, ids, plan), stored: c };
    }
  }

  /** A question corrected earlier through feedback is answered with the corrected query. */
  private corrected(question: string, vocabs: readonly Vocabulary[], byKey: Map<string, StoredExample[]>): QueryPlan | null {
    const key = questionKey(question);
    const hits = key ? byKey.get(key) : undefined;
    if (!hits) return null;
    for (const ex of [...hits].reverse()) {
      const vocab = vocabs.find((v) => v.dataset.name === ex.datasetName);
      if (!vocab || !ex.query) continue;
      const intent = intentOfQuery(ex.query);
      if (isModelIntent(intent)) continue;
      return { kind: 'query', intent, query: ex.query, restatement: restate(ex.query, intent, vocab.dataset), confidence: 0.95, notes: ['answered as corrected in earlier feedback'] };
    }
    return null;
  }

  private correctionsByQuestion(owner: string | null): Promise<Map<string, StoredExample[]>> {
    const scope = `${currentTenant()}\u0000${owner ?? ''}`;
    let cached = this.corrections.get(scope);
    if (!cached) {
      if (this.corrections.size > 1000) this.corrections.clear();
      const p = this.repo.examples(owner).then((list) => {
        const m = new Map<string, StoredExample[]>();
        for (const e of list) if (e.query) (m.get(e.questionKey) ?? m.set(e.questionKey, []).get(e.questionKey)!).push(e);
        return m;
      });
      cached = p;
      this.corrections.set(scope, p);
      p.catch(() => {
        if (this.corrections.get(scope) === p) this.corrections.delete(scope);
      });
    }
    return cached;
  }
}

function planDataset(p: Plan): string | undefined {
  return p.kind === 'clarify' ? p.dataset : p.query.dataset;
}

/** The owner key of a request: trimmed, bounded, or null for an anonymous client. */
export function ownerKey(k: string | null | undefined): string | null {
  if (typeof k !== 'string') return null;
  const t = k.trim();
  if (!t) return null;
  if (t.length > MAX_CLIENT_KEY) throw new AppError(ErrorCode.BAD_INPUT, `the client key is longer than ${MAX_CLIENT_KEY} characters`);
  return t;
}

function datasetArg(d: string | null | undefined): string | undefined {
  if (typeof d !== 'string' || !d.trim()) return undefined;
  const t = d.trim();
  return t.length > MAX_DATASET_ARG ? `${t.slice(0, MAX_DATASET_ARG)}…` : t;
}

/** Query questions close to a model question that this server can answer. */
function modelAlternatives(plan: ModelPlan, vocab: Vocabulary): string[] {
  const m = plan.query.measures.find((x) => x.column);
  const name = m?.column ? (vocab.columnNames.get(m.column)?.[0] ?? m.column) : undefined;
  if (!name) return [];
  return [`${name} by month`, `${name} by year`];
}
