// A month said with the years running on elsewhere in the question is every year's month.
import { describe, expect, it } from 'vitest';
import { calendarParts } from '../../../src/nlp/calendarParts.js';
import { parseTimePhrases } from '../../../src/nlp/timePhrases.js';
import { tokenize } from '../../../src/nlp/tokenize.js';

const parts = (q: string) => calendarParts(tokenize(q).tokens).parts;

describe('a month across the years', () => {
  it.each([
    "What's the average July rainfall across all the years?",
    'average July rainfall over all years',
    'what was the average rainfall in July',
    'How did the July rainfall change from year to year?',
  ])('"%s" → July of every year', (q) => {
    expect(parts(q)).toEqual([{ part: 'month', values: [7] }]);
  });
  it('"from year to year" is by year', () => {
    expect(parseTimePhrases(tokenize('how did rainfall change from year to year').tokens, { anchor: 'data', latest: '1990-12-31' }).grain).toBe('year');
  });
  it.each(['average rainfall in July 1930', 'what was the rainfall in July', 'rainfall from July to September'])('stays off: "%s" is one period', (q) => {
    expect(parts(q)).toEqual([]);
  });
});
