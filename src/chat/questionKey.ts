import { tokenize } from '../nlp/tokenize.js';

/**
 * The identity of a question for remembering corrections: its words and numbers as the
 * tokenizer reads them, without punctuation, case or spacing ("What was X?" = "what was x").
 */
export function questionKey(question: string): string {
  return tokenize(question)
    .tokens.filter((t) => t.kind !== 'punct')
    .map((t) => t.key)
    .join(' ');
}
