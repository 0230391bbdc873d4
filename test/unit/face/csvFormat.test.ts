import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from '../../../src/export/csvFormat.js';

describe('CSV cells (RFC 4180 with OWASP formula escaping)', () => {
  it.each([
    ['=1+2', `"'=1+2"`],
    ['+SUM(A1)', `"'+SUM(A1)"`],
    ['-2+3', `"'-2+3"`],
    ['@cmd', `"'@cmd"`],
    ['\tx', `"'\tx"`],
    ['\rx', `"'\rx"`],
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
  ])('prefixes a formula-looking text %j with a quote, inside a quoted cell', (v, out) => {
    expect(csvCell(v)).toBe(out);
  });

  it('leaves plain text, numbers (negative ones too), booleans and nulls as they are', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(-3.5)).toBe('-3.5');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell('a - b')).toBe('a - b');
  });

  it('quotes commas, quotes and line breaks, and ends lines with CRLF', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvLine(['x', 1, null])).toBe('x,1,\r\n');
  });
});
