import type { NormalizedText } from './normalize.js';

export type RejectReason = 'empty' | 'too_long' | 'not_english' | 'no_words' | 'code';

/**
 * Spots input that is not a question the planner should try to answer: nothing, too long,
 * another script, only emoji or symbols, or pasted SQL / GraphQL. Reading such text as a
 * question could only produce a confident wrong answer.
 */
export function rejectReason(n: NormalizedText, wordCount: number): RejectReason | undefined {
  if (!n.text.trim()) return 'empty';
  if (n.truncated) return 'too_long';
  if (n.nonLatinShare > 0.3) return 'not_english';
  if (wordCount === 0) return 'no_words';
  if (looksLikeCode(n.text)) return 'code';
  return undefined;
}

const CODE_PATTERNS = [
  /\bselect\b[\s\S]*\bfrom\b/,
  /\b(?:drop|truncate|alter)\s+(?:table|database|schema)\b/,
  /\b(?:insert\s+into|delete\s+from|update\s+\w+\s+set)\b/,
  /\bunion\s+(?:all\s+)?select\b/,
  /;\s*--|--\s*$|\/\*|\*\//,
  /'\s*;/,
  /\b(?:query|mutation|subscription)\s*(?:\w+\s*)?[({]/,
  /\{\s*\w+\s*(?:\([^)]*\))?\s*\{/,
];

function looksLikeCode(text: string): boolean {
  return CODE_PATTERNS.some((re) => re.test(text));
}

/** The message a rejected question gets. */
export function rejectMessage(r: RejectReason): string {
  switch (r) {
    case 'empty':
      return 'Ask a question about your data, for example "total sales by region last year".';
    case 'too_long':
      return 'That question is too long for me to read; ask one short question at a time.';
    case 'not_english':
      return 'I can only read questions in English for now.';
    case 'no_words':
      return 'I could not find any words in that; ask a question about your data in plain English.';
    case 'code':
      return 'That looks like SQL or GraphQL code rather than a question. Ask in plain English, for example "average price by month".';
  }
}
