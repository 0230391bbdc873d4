import { describe, expect, it } from 'vitest';
import type { Answer } from '../../../src/chat/answer.js';
import { formatAnswer } from '../../../src/cli/askCommands.js';

const base: Answer = {
  text: 'Average price by symbol: GOOG (415.87), IBM (91.26).',
  dataset: 'stocks',
  interpretation: { intent: 'breakdown', query: { dataset: 'stocks', measures: [{ column: 'price', agg: 'avg' }], dimensions: ['symbol'], orderBy: [] }, restatement: 'average price by symbol', notes: ["read 'prise' as 'price'"] },
  result: {
    columns: [{ name: 'symbol', label: 'symbol', type: 'text', role: 'dimension' }, { name: 'avg_price', label: 'avg', type: 'double', role: 'measure' }],
    rows: Array.from({ length: 25 }, (_, i) => ({ symbol: `S${i}`, avg_price: 100 - i })),
    totalRows: 25,
    truncated: false,
  },
  chart: null,
  confidence: 0.87,
  suggestions: ['top 3 symbol by price', 'price by month'],
  clarification: null,
  conversationId: 'c',
  messageId: 'm',
};

describe('formatAnswer', () => {
  it('prints the sentence, what was understood, the first 20 rows and the suggestions', () => {
    const out = formatAnswer(base);
    const lines = out.split('\n');
    expect(lines[0]).toBe(base.text);
    expect(out).toContain('understood: average price by symbol (breakdown, confidence 0.87)');
    expect(out).toContain("note: read 'prise' as 'price'");
    expect(out).toContain('S19');
    expect(out).not.toContain('S20');
    expect(out).toContain('(20 of 25 rows shown)');
    expect(lines.at(-1)).toBe('try: "top 3 symbol by price" · "price by month"');
  });

  it('prints a clarification with its options and no table', () => {
    const out = formatAnswer({ ...base, text: "'rating' could mean several columns. Which one?", interpretation: null, result: null, clarification: { message: 'x', options: ['IMDB Rating', 'Rotten Tomatoes Rating'], unknownTerms: [] } });
    expect(out).toContain('options: IMDB Rating, Rotten Tomatoes Rating');
    expect(out).not.toContain('understood:');
    expect(out).not.toContain('---');
  });
});
