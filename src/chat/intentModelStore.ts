import { createHash } from 'node:crypto';
import { loadIntentModel, trainIntentModel, type IntentCorpus, type IntentExample, type IntentModel } from '../nlp/classifier.js';
import { INTENT_CORPUS } from '../nlp/corpus/index.js';
import { INTENTS, type Intent } from '../nlp/intents/index.js';
import type { Logger } from '../shared/logger.js';
import type { ChatRepository } from './chatRepository.js';

/**
 * The intent classifier, trained on the shipped corpus plus the examples feedback added. A
 * trained model is stored under a fingerprint of exactly what it was trained on, so a restart
 * loads it (milliseconds) instead of training again (about a second), and a new example or a new
 * corpus retrains once.
 */
export class IntentModelStore {
  private model: Promise<IntentModel> | null = null;

  constructor(
    private readonly repo: ChatRepository,
    private readonly log: Logger,
    private readonly corpus: IntentCorpus = INTENT_CORPUS,
  ) {}

  /** The current model, loaded or trained on first use. */
  get(): Promise<IntentModel> {
    if (!this.model) {
      const p = this.load();
      this.model = p;
      p.catch(() => {
        if (this.model === p) this.model = null;
      });
    }
    return this.model;
  }

  /** Examples changed: the next use loads (or trains) the model for the new training set. */
  invalidate(): void {
    this.model = null;
  }

  private async load(): Promise<IntentModel> {
    const stored = await this.repo.intentExamples();
    const examples: IntentExample[] = stored
      .filter((e) => (INTENTS as readonly string[]).includes(e.intent) && e.text.trim())
      .map((e) => ({ text: e.text, intent: e.intent as Intent }));
    const fingerprint = createHash('sha256').update(JSON.stringify(this.corpus)).update(JSON.stringify(examples)).digest('hex').slice(0, 40);
    const saved = await this.repo.intentModel(fingerprint);
    if (saved) {
      try {
        return loadIntentModel(saved);
      } catch (e) {
        this.log.warn({ err: (e as Error).message }, 'stored intent model could not be restored; retraining');
      }
    }
    const t0 = performance.now();
    const json = trainIntentModel(this.corpus, examples);
    this.log.info({ examples: examples.length, ms: Math.round(performance.now() - t0) }, 'intent model trained');
    await this.repo.saveIntentModel(fingerprint, json, examples.length);
    return loadIntentModel(json);
  }
}
