import { describe, expect, it } from 'vitest';
import { detectHeader, sampleRows, sniffDelimiter } from '../../../src/ingest/csvSniff.js';

const rows = (text: string) => sampleRows(text, sniffDelimiter(text));

describe('sniffDelimiter', () => {
  it.each([
    ['a,b,c\n1,2,3\n', ','],
    ['a;b;c\n1,5;2,5;3\n4,5;5;6\n', ';'],
    ['a\tb\n1, 2\t3\n', '\t'],
    ['a|b|c\n1|2|3\n', '|'],
    ['name,desc\n"x;y;z","a;b"\n"q;r",s\n', ','],
    ['just one column\nvalue\n', ','],
  ])('%j → %j', (text, d) => {
    expect(sniffDelimiter(text)).toBe(d);
  });
});

describe('detectHeader', () => {
  it.each([
    ['text over numbers', 'date,price\n2000-01-01,1.5\n2000-01-02,2\n', true],
    ['text over dates and text', 'when,who\nJan 1 2000,bob\nJan 2 2000,amy\n', true],
    ['data first row', '2000-01-01,1.5\n2000-01-02,2\n', false],
    ['numbers only', '1,2\n3,4\n', false],
    ['header only', 'a,b,c\n', true],
    ['a lone data row', '1,2,3\n', false],
    ['all-text with distinct header', 'name,city\nbob,paris\namy,rome\n', true],
    ['all-text with repeated first row', 'bob,paris\namy,paris\n', false],
    ['empty and duplicate labels over numbers', 'x,,x\n1,2,3\n4,5,6\n', true],
    ['disguised nulls do not count as text', '1,NA\n2,3\n', false],
    ['a wide table whose header is years', 'country,1960,1961,1962\nPeru,6.9,6.8,6.8\nChad,6.2,6.3,6.3\n', true],
    ['years over years is data', '1960,1961,1962\n1970,1971,1972\n', false],
    ['a run of integers that recurs below is data', '1,2,3\n1,5,3\n', false],
    ['integers not in a run are data', 'x,1960,1975,1990\ny,2.1,2.2,2.3\n', false],
  ])('%s', (_n, text, header) => {
    expect(detectHeader(rows(text))).toBe(header);
  });
});
