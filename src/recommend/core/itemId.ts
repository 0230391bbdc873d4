/** What can be recommended: a question to ask, or an auto insight to open. */
export type ItemKind = 'question' | 'insight';

/** Longest item text kept (a question longer than this is not a suggestion anyone will click). */
export const MAX_ITEM_TEXT = 500;

/**
 * The identity of an item: its kind and its words, without case, punctuation or spacing, so
 * "What was X?" and "what was x" are one question and count together.
 */
export function itemId(kind: ItemKind, text: string): string {
  const words = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}.%-]+/gu, ' ')
    .replace(/(^|\s)[.-]+|[.-]+(?=\s|$)/g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
  return `${kind === 'question' ? 'q' : 'i'}:${words}`;
}
