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

describe('a year after a comparative adjective', () => {
  const parse = (q: string) => parseTimePhrases(tokenize(q).tokens, { anchor: 'data', latest: '1990-12-31' });
  it('"was 1921 warmer than 1922" names two years to compare', () => {
    const t = parse('Was 1921 warmer than 1922 on average?');
    expect(t.otherRange).toEqual({ from: '1921-01-01', to: '1922-01-01' });
    expect(t.range).toEqual({ from: '1922-01-01', to: '1923-01-01' });
  });
  it.each(['in 1990 were there more than 2000 cases', 'was it warmer than 1922', 'in 1990 were there fewer than 1500 cases'])('stays off: "%s" keeps the number a quantity', (q) => {
    expect(parse(q).otherRange).toBeUndefined();
  });
});

describe('"in each year" with no month', () => {
  it('stays a grain: "highest rainfall in each year" is by year', () => {
    expect(calendarParts(tokenize('highest rainfall in each year').tokens).consumed.size).toBe(0);
    expect(parseTimePhrases(tokenize('highest rainfall in each year').tokens, { anchor: 'data', latest: '1990-12-31' }).grain).toBe('year');
  });
});

describe('a month ranked with no year said', () => {
  it.each([
    ['coldest December in the data', 12],
    ['Top 5 warmest Januaries', 1],
  ])('"%s" ranks that month of every year', (q, m) => {
    expect(calendarParts(tokenize(q).tokens).parts).toEqual([{ part: 'month', values: [m] }]);
  });
  it('stays off: a year said keeps the one month', () => {
    expect(calendarParts(tokenize('coldest day of December 1930').tokens).parts).toEqual([]);
  });
});

describe('month spans stay spans', () => {
  it.each(['what was the total rain from March to June each year', 'average temp from June to August across all the years', 'which day had the most rain between January and March'])('"%s" is no pair of single months', (q) => {
    const parts = calendarParts(tokenize(q).tokens).parts;
    expect(parts.some((p) => p.part === 'month' && p.values.length === 2)).toBe(false);
  });
});

describe('a quarter across the years', () => {
  it.each([
    ['Average EPS in the fourth quarter, across all years', 4],
    ['average eps in Q4 across all years', 4],
    ['average earnings in the first quarter', 1],
    ['sales in the 3rd quarter of each year', 3],
    ['revenue every Q2', 2],
  ])('"%s" → that quarter of every year', (q, n) => {
    expect(parts(q)).toEqual([{ part: 'quarter', values: [n] }]);
  });
  it.each(['eps in Q4 1975', 'total eps in the fourth quarter of 1975', 'what were sales in the third quarter', 'revenue every second quarter'])('stays off: "%s" is one quarter, or every other one', (q) => {
    expect(parts(q)).toEqual([]);
  });
});

describe('a month asked of every year', () => {
  it.each(['which March had the most rain', 'the coldest December', 'what December was the wettest'])('"%s" ranks every year\'s month', (q) => {
    const c = calendarParts(tokenize(q).tokens);
    expect(c.rankYears).toBe(true);
    expect(c.parts[0]?.part).toBe('month');
  });
  it.each(['what was the rain in March', 'which day in March 2014 had the most rain', 'rain from March to June'])('stays off: "%s" ranks no years of a month', (q) => {
    expect(calendarParts(tokenize(q).tokens).rankYears).toBeUndefined();
  });
});
