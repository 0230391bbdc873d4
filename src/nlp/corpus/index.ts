import type { IntentCorpus } from '../classifier.js';
import corpus from './intents.json' with { type: 'json' };

/** The template corpus shipped with the planner. */
export const INTENT_CORPUS: IntentCorpus = corpus as IntentCorpus;
