import { AGGREGATIONS, parseInsightQuery, type Aggregation } from '../insights/insightQuery.js';
import { hasRole, localPrincipal } from '../auth/principal.js';
import { currentPrincipal } from '../auth/requestScope.js';
import { resolveQuery } from '../insights/validate.js';
import { learnFromCorrection, termMapping } from '../nlp/learning.js';
import { buildVocabulary, type LearnedSynonym, type Vocabulary } from '../nlp/vocabulary.js';
import { isNumericType } from '../shared/catalog.js';
import { AppError, ErrorCode, badInput } from '../shared/errors.js';
import { didYouMean } from '../shared/suggest.js';
import type { CatalogRepository } from '../warehouse/catalogRepository.js';
import type { ChatRepository, LearningScope, StoredMessage } from './chatRepository.js';
import { questionKey } from './questionKey.js';

/** "'priciest' means max unit_price": a phrase, the column it names, and optionally an aggregation or one value of the column. */
export interface TermMappingInput {
  phrase: string;
  column: string;
  agg?: Aggregation | null;
  value?: string | null;
  /** Defaults to the dataset of the answer the feedback is about. */
  dataset?: string | null;
}

export interface FeedbackCorrection {
  /** The InsightQuery the answer should have run (untrusted: validated here). */
  query?: unknown;
  term?: TermMappingInput | null;
}

export interface FeedbackInput {
  messageId: string;
  helpful: boolean;
  correction?: FeedbackCorrection | null;
  /** The owner of the conversation (client or key); what is learned applies to it alone… */
  clientKey?: string | null;
  /** …unless the whole tenant should learn it, which needs the analyst role. */
  tenantWide?: boolean | null;
}

export interface FeedbackResult {
  messageId: string;
  helpful: boolean;
  /** Synonyms learned from the correction (empty without one). */
  learned: LearnedSynonym[];
  /** True when the corrected question became a training example (and a remembered answer). */
  exampleAdded: boolean;
  /** Intent of the corrected query, when there was one. */
  intent: string | null;
}

const MAX_PHRASE = 100;

/**
 * Validates feedback on an assistant message and stores what it teaches: a corrected query
 * becomes learned synonyms (the question's words the planner missed → the correction's columns
 * and values) and a training example labelled with the corrected intent, remembered with its query;
 * a term mapping becomes one learned synonym. Nothing is stored when the correction is invalid.
 */
export async function applyFeedback(repo: ChatRepository, catalog: CatalogRepository, vocabs: readonly Vocabulary[], msg: StoredMessage, input: FeedbackInput): Promise<FeedbackResult> {
  if (typeof input.helpful !== 'boolean') throw badInput("'helpful' must be true or false");
  const scope = learningScope(input);
  const c = input.correction ?? null;
  const vocabFor = async (name: string): Promise<Vocabulary> => {
    const v = vocabs.find((x) => x.dataset.name.toLowerCase() === name.toLowerCase());
    if (v) return v;
    // Throws DATASET_NOT_FOUND with a suggestion; a dataset created since the last ask is found here.
    return buildVocabulary(await catalog.getCatalogDataset(name), {});
  };

  const learned: LearnedSynonym[] = [];
  let example: { datasetName: string; questionKey: string; text: string; intent: string; query: ReturnType<typeof parseInsightQuery> } | null = null;

  if (c?.query != null) {
    const q = parseInsightQuery(c.query);
    const vocab = await vocabFor(q.dataset);
    q.dataset = vocab.dataset.name;
    // The same checks the compiler makes: unknown columns and wrong types fail here, not at the next ask.
    resolveQuery(q, vocab.dataset);
    const lessons = learnFromCorrection(vocab, msg.question, q);
    learned.push(...lessons.synonyms);
    const key = questionKey(msg.question);
    if (key) example = { datasetName: vocab.dataset.name, questionKey: key, text: lessons.example.text || key, intent: lessons.example.intent, query: q };
  }
  if (c?.term != null) {
    const t = c.term;
    const datasetName = t.dataset ?? msg.dataset;
    if (!datasetName) throw badInput('the answer has no dataset; name one in the term mapping (dataset)');
    const vocab = await vocabFor(datasetName);
    const ds = vocab.dataset;
    if (typeof t.phrase !== 'string' || !t.phrase.trim()) throw badInput('the term mapping needs a phrase');
    if (t.phrase.length > MAX_PHRASE) throw badInput(`the phrase is longer than ${MAX_PHRASE} characters`);
    const col = ds.columns.find((x) => x.name === t.column) ?? ds.columns.find((x) => x.name.toLowerCase() === String(t.column).toLowerCase());
    if (!col) throw new AppError(ErrorCode.UNKNOWN_COLUMN, `dataset '${ds.name}' has no column '${t.column}'${didYouMean(String(t.column), ds.columns.map((x) => x.name))}`, { column: t.column });
    if (t.agg != null && !(AGGREGATIONS as readonly string[]).includes(t.agg)) throw badInput(`unknown aggregation '${t.agg}'`);
    if (t.agg && !['count', 'count_distinct'].includes(t.agg) && !isNumericType(col.type)) {
      throw new AppError(ErrorCode.TYPE_MISMATCH, `'${t.agg}' needs a numeric column; '${col.name}' is ${col.type}`);
    }
    if (t.value != null && t.agg) throw badInput('a term names either a value of a column or an aggregation of it, not both');
    const target: LearnedSynonym['target'] = t.value != null ? { kind: 'value', column: col.name, value: String(t.value) } : { kind: 'column', column: col.name, ...(t.agg ? { agg: t.agg } : {}) };
    const syn = termMapping(ds.name, t.phrase, target);
    if (!syn.phrase.trim()) throw badInput(`the phrase '${t.phrase}' has no words to learn`);
    learned.push(syn);
  }

  await repo.addFeedback(msg.id, input.helpful, c);
  if (learned.length) await repo.saveSynonyms(dedupe(learned), msg.id, scope);
  if (example) await repo.saveExample(example, msg.id, scope);
  return { messageId: msg.id, helpful: input.helpful, learned: dedupe(learned), exampleAdded: !!example, intent: example?.intent ?? null };
}

/** Whom the feedback teaches; tenant-wide learning changes others' answers, so it needs analyst. */
function learningScope(input: FeedbackInput): LearningScope {
  const owner = typeof input.clientKey === 'string' && input.clientKey.trim() ? input.clientKey.trim() : null;
  if (!input.tenantWide) return { owner, tenantWide: false };
  const principal = currentPrincipal() ?? localPrincipal();
  if (!hasRole(principal, 'analyst')) throw new AppError(ErrorCode.FORBIDDEN, 'teaching the whole tenant (tenantWide) needs the analyst role; without it, feedback applies to your own answers', { argument: 'tenantWide' });
  return { owner: null, tenantWide: true };
}

function dedupe(list: readonly LearnedSynonym[]): LearnedSynonym[] {
  const m = new Map<string, LearnedSynonym>();
  for (const s of list) m.set(`${s.datasetName}\u0000${s.phrase}`, s);
  return [...m.values()];
}
