import { describe, expect, it } from 'vitest';
import { parseNumberText } from '../../../src/ingest/numberText.js';

describe('parseNumberText', () => {
  it.each([
    ['12', { integral: true, text: '12', grouped: false, leadingZero: false, significant: 2 }],
    ['+12', { integral: true, text: '12' }],
    ['-0', { integral: true, text: '0' }],
    ['007', { integral: true, text: '7', leadingZero: true }],
    ['1,234,567', { integral: true, text: '1234567', grouped: true, magnitude: 1234567 }],
    ['-1,234.50', { integral: false, text: '-1234.50', grouped: true, significant: 5 }],
    ['.5', { integral: false, text: '0.5', significant: 1 }],
    ['5.', { integral: false, text: '5' }],
    ['1e6', { integral: false, text: '1e6', magnitude: 1e6 }],
    ['0.000123', { significant: 3 }],
    ['3.14159265358979323846', { significant: 21 }],
  ])('%s', (s, expected) => {
    expect(parseNumberText(s)).toMatchObject(expected);
  });

  it.each(['', '.', '-', 'e5', '1,23', '12,3456', '1 000', '0x1F', '1.2.3', 'NaN', 'Infinity', '1,234,56'])('rejects %j', (s) => {
    expect(parseNumberText(s)).toBeNull();
  });
});
