import { describe, expect, it } from 'vitest';
import { loadIntentModel, templateFeatures, trainIntentModel } from '../../../src/nlp/classifier.js';
import { INTENT_CORPUS } from '../../../src/nlp/corpus/index.js';
import { INTENTS } from '../../../src/nlp/intents/index.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const json = trainIntentModel(INTENT_CORPUS);
const model = loadIntentModel(json);
const top = (m: typeof model, q: string) => m.classify(templateFeatures(q))[0]!.intent;

describe('intent classifier', () => {
  it('ships templates for every intent, with no dataset words in them', () => {
    for (const i of INTENTS) expect(INTENT_CORPUS.intents[i]?.length ?? 0, i).toBeGreaterThanOrEqual(8);
    const text = JSON.stringify(INTENT_CORPUS).toLowerCase();
    for (const banned of ['seattle', 'precipitation', 'temp_max', 'msft', 'aapl', 'imdb', 'unemployment']) expect(text).not.toContain(banned);
  });
  it('uses slots, not catalog words, as features', () => {
    expect(templateFeatures('how many {value} days in 2014')).toEqual(['how', 'mani', 'slotvalue', 'dai', 'in', 'slottime']);
  });
  it('classifies unseen phrasings of held-out shape', () => {
    expect(top(model, 'how many {value} records were there {time}'.replace('{time}', 'last year'))).toBe('count');
    expect(top(model, 'why did {measure} fall so much in april')).toBe('explain_change');
    expect(top(model, 'could you predict {measure} for next month')).toBe('forecast');
    expect(top(model, 'is {measure} associated with {measure}')).toBe('correlation');
  });
  it('round-trips through JSON with the same answers', () => {
    const again = loadIntentModel(JSON.stringify(JSON.parse(json)));
    for (const q of ['{measure} by {dimension}', 'top 3 {dimension}', 'any outliers in {measure}']) {
      expect(again.classify(templateFeatures(q))).toEqual(model.classify(templateFeatures(q)));
    }
  });
  it('learns from feedback examples', () => {
    const q = 'gimme the skinny on {measure}';
    expect(top(model, q)).not.toBe('distribution');
    const retrained = loadIntentModel(trainIntentModel(INTENT_CORPUS, [{ text: q, intent: 'distribution' }]));
    expect(top(retrained, q)).toBe('distribution');
  });
  it('refuses a model that is not one', () => {
    expect(() => loadIntentModel('{not json')).toThrow(/intent model/);
  });
});
