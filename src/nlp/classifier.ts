import { AppError, ErrorCode } from '../shared/errors.js';
import { INTENTS, type Intent } from './intents/index.js';
import { natural } from './naturalLib.js';
import { parseTimePhrases } from './timePhrases.js';
import { tokenize, type Token } from './tokenize.js';

/** The template corpus shipped in src/nlp/corpus/intents.json. */
export interface IntentCorpus {
  version: number;
  fillers: Record<string, string[]>;
  intents: Partial<Record<Intent, string[]>>;
}

/** A labelled question from feedback; slots in braces ({measure}, {dimension}, {value}) are allowed. */
export interface IntentExample {
  text: string;
  intent: Intent;
}

export interface IntentScore {
  intent: Intent;
  /** Posterior share in [0, 1] across intents. */
  score: number;
}

export interface IntentModel {
  classify(features: readonly string[]): IntentScore[];
}

/** Slot words the features use in place of catalog names, so the model learns shapes, not datasets. */
export const SLOT = { measure: 'slotmeasure', dimension: 'slotdimension', value: 'slotvalue', number: 'slotnumber', time: 'slottime' } as const;

const SLOT_RE = /\{(measure|dimension|value|n|time)\}/g;

/**
 * Features of a question: word stems, with linked spans, numbers and time phrases replaced by slot
 * words. `roles` maps a token index to the slot of the link that starts there; later tokens of the
 * same link are in `covered`.
 */
export function featuresOf(tokens: readonly Token[], roles: ReadonlyMap<number, keyof typeof SLOT>, covered: ReadonlySet<number>, timeTokens: ReadonlySet<number>): string[] {
  const out: string[] = [];
  let lastTime = false;
  for (const t of tokens) {
    if (t.kind === 'punct') continue;
    const role = roles.get(t.index);
    if (role) {
      out.push(SLOT[role]);
      lastTime = false;
    } else if (covered.has(t.index)) continue;
    else if (timeTokens.has(t.index) && t.kind === 'number') {
      if (!lastTime) out.push(SLOT.time);
      lastTime = true;
    } else {
      out.push(t.kind === 'number' ? SLOT.number : t.stem);
      lastTime = false;
    }
  }
  return out;
}

/** Features of a corpus template or a feedback example with {slots}. */
export function templateFeatures(text: string): string[] {
  const replaced = text.replace(SLOT_RE, (_, s: string) => (s === 'n' ? ' 7 ' : ` zz${s}zz `));
  const { tokens } = tokenize(replaced);
  const time = parseTimePhrases(tokens, { anchor: 'data', latest: '2020-06-30' });
  const roles = new Map<number, keyof typeof SLOT>();
  for (const t of tokens) {
    const m = /^zz(measure|dimension|value|time)zz$/.exec(t.key);
    if (m) roles.set(t.index, m[1] as keyof typeof SLOT);
  }
  return featuresOf(tokens, roles, new Set(), time.consumed);
}

function* expand(template: string, fillers: Record<string, string[]>): Generator<string> {
  if (!template.includes('{time}')) {
    yield template;
    return;
  }
  for (const f of fillers.time ?? ['']) yield template.replace('{time}', f).replace(/\s+/g, ' ').trim();
}

/** Trains the intent classifier (natural's Bayes) on the corpus plus feedback examples; returns its JSON. */
export function trainIntentModel(corpus: IntentCorpus, extraExamples: readonly IntentExample[] = []): string {
  const { BayesClassifier } = natural();
  const clf = new BayesClassifier();
  for (const intent of INTENTS) {
    for (const tpl of corpus.intents[intent] ?? []) for (const text of expand(tpl, corpus.fillers)) clf.addDocument(templateFeatures(text), intent);
  }
  // Feedback examples are few against hundreds of templates; repeating them gives a correction weight.
  for (const ex of extraExamples) for (let i = 0; i < 3; i++) clf.addDocument(templateFeatures(ex.text), ex.intent);
  clf.train();
  return JSON.stringify(clf);
}

/** Restores a model saved by trainIntentModel. */
export function loadIntentModel(json: string): IntentModel {
  const { BayesClassifier, PorterStemmer } = natural();
  let clf: InstanceType<typeof BayesClassifier>;
  try {
    clf = BayesClassifier.restore(JSON.parse(json) as Record<string, unknown>, PorterStemmer);
  } catch (e) {
    throw new AppError(ErrorCode.BAD_INPUT, `intent model JSON could not be restored: ${(e as Error).message}`);
  }
  return {
    classify(features) {
      const raw = clf.getClassifications([...features]) as { label: string; value: number }[];
      const total = raw.reduce((s, r) => s + r.value, 0) || 1;
      return raw.filter((r) => (INTENTS as readonly string[]).includes(r.label)).map((r) => ({ intent: r.label as Intent, score: r.value / total }));
    },
  };
}
